/**
 * The OpenAPI 3.1 document of the service (GET /openapi.json). Request bodies come from the same
 * zod schemas that validate requests (`z.toJSONSchema`), so the document cannot drift from them.
 */
import { z } from 'zod';
import { PanelRequestSchema } from './panelRoute.js';
import { SageMakerRequestSchema } from './sagemaker/schema.js';
import type { ServeConfig } from './config.js';

const jsonBody = (schema: unknown, description: string) => ({ description, content: { 'application/json': { schema } } });

const ErrorSchema = {
  type: 'object',
  required: ['code', 'name', 'message', 'context'],
  properties: {
    code: { type: 'string', description: 'Stable machine-readable code, e.g. E_REQUEST_MALFORMED.' },
    name: { type: 'string' },
    message: { type: 'string' },
    fixHint: { type: 'string', description: 'How to fix it.' },
    context: { type: 'object', description: 'Structured detail (offending field, limits).' },
  },
};

const PredictionSchema = {
  type: 'object',
  required: ['mean', 'model'],
  properties: {
    mean: { description: 'Point forecast (the model median for TSFMs); a list of lists for a multivariate target.' },
    item_id: { description: 'Echoed from the input when given.' },
    start: { type: 'string', description: 'First forecast timestamp, when the input had start.' },
    model: { type: 'string', description: 'The model that produced this forecast (a fallback shows here).' },
  },
  additionalProperties: { description: 'One array per requested quantile level, keyed "0.1", "0.5", …' },
};

const errors = {
  '400': jsonBody({ $ref: '#/components/schemas/Error' }, 'Malformed JSON, wrong types, invalid values or data (code says which).'),
  '401': jsonBody({ $ref: '#/components/schemas/Error' }, 'Missing or wrong bearer key (when the server has one).'),
  '413': jsonBody({ $ref: '#/components/schemas/Error' }, 'Body, series or observations over the server limits.'),
  '503': jsonBody({ $ref: '#/components/schemas/Error' }, 'Not ready, shutting down, or at capacity (Retry-After says when to retry).'),
  '504': jsonBody({ $ref: '#/components/schemas/Error' }, 'Request timeout.'),
};

export function openApiDocument(config: Pick<ServeConfig, 'maxSeries' | 'maxPredictionLength' | 'apiKey'>): Record<string, unknown> {
  const sageMakerOp = {
    summary: 'Forecast (Chronos-2 SageMaker endpoint contract)',
    description: `At most ${config.maxSeries} series per request and prediction_length ≤ ${config.maxPredictionLength}. Served by the preloaded TSFMs with the statistical fallback ladder behind them.`,
    requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/SageMakerRequest' } } } },
    responses: {
      '200': jsonBody(
        {
          type: 'object',
          required: ['predictions', 'fallbacks'],
          properties: {
            predictions: { type: 'array', items: { $ref: '#/components/schemas/Prediction' } },
            fallbacks: {
              type: 'array',
              description: 'Steps down the fallback ladder (empty when the first model answered).',
              items: { type: 'object' },
            },
          },
        },
        'One prediction per input, in input order.',
      ),
      ...errors,
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'tsagentkit serve',
      version: '0.1.0',
      description: 'Time-series forecasting service: TSFMs loaded once, statistical fallbacks, SageMaker-compatible JSON.',
    },
    ...(config.apiKey ? { security: [{ bearer: [] }] } : {}),
    paths: {
      '/invocations': { post: { ...sageMakerOp, operationId: 'invocations' } },
      '/v1/forecast': { post: { ...sageMakerOp, operationId: 'forecast' } },
      '/v1/forecast/panel': {
        post: {
          operationId: 'forecastPanel',
          summary: 'Forecast a long-format panel with a TaskSpec (validate → qa → plan → fit → predict)',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/PanelRequest' } } } },
          responses: {
            '200': jsonBody(
              {
                type: 'object',
                properties: {
                  forecast: { type: 'object', description: 'Columns unique_id, ds, model, mean, q…' },
                  modelBySeries: { type: 'object' },
                  artifact: { type: 'object', description: 'The RunArtifact.' },
                },
              },
              'The forecast table and the run artifact.',
            ),
            ...errors,
          },
        },
      },
      '/healthz': {
        get: { operationId: 'healthz', summary: 'Process alive', security: [], responses: { '200': { description: 'alive' } } },
      },
      '/readyz': {
        get: {
          operationId: 'readyz',
          summary: 'Ready once the preloads finished',
          security: [],
          responses: { '200': { description: 'ready' }, '503': { description: 'loading, failed or draining' } },
        },
      },
      '/ping': {
        get: {
          operationId: 'ping',
          summary: 'SageMaker health check (same as /readyz)',
          security: [],
          responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } },
        },
      },
      '/metrics': {
        get: {
          operationId: 'metrics',
          summary: 'Prometheus metrics',
          responses: { '200': { description: 'text exposition', content: { 'text/plain': {} } } },
        },
      },
      '/v1/models': { get: { operationId: 'models', summary: 'Model pool stats', responses: { '200': { description: 'pool stats' } } } },
      '/openapi.json': { get: { operationId: 'openapi', summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    components: {
      schemas: {
        SageMakerRequest: z.toJSONSchema(SageMakerRequestSchema, { io: 'input' }),
        PanelRequest: z.toJSONSchema(PanelRequestSchema, { io: 'input' }),
        Prediction: PredictionSchema,
        Error: ErrorSchema,
      },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}
