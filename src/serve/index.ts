/** `tsagentkit serve`: a long-lived forecasting service over one TSAgentSession. */
export { startServer, createServeSession, type RunningServer, type StartServerOptions, type ShutdownResult } from './server.js';
export { createServeApp, type ServeApp, type ServeAppDeps } from './app.js';
export { serveConfig, SERVE_DEFAULTS, type ServeConfig, type LogFormat } from './config.js';
export { AdmissionQueue, type AdmissionStats } from './admission.js';
export { HTTP_METRIC_NAMES } from './httpMetrics.js';
export { openApiDocument } from './openapi.js';
export { SageMakerRequestSchema, type SageMakerRequest, type SageMakerResponse, type SageMakerPrediction } from './sagemaker/schema.js';
