/**
 * `tsagentkit/errors`: every error class of the toolkit, one per code (`EModelNotLoaded`,
 * `EContractMissingColumn`, …), and the codes a fallback ladder advances on. Each is a
 * `TSAgentKitError`; the base and its helpers (`isTSAgentKitError`, `errorClassForCode`,
 * `allErrorCodes`) are exported by the package root.
 */
export * from '../errors/errors.js';
export { MODEL_RUNTIME_ERROR_CODES } from '../errors/index.js';
