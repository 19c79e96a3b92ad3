/**
 * The strict half of the adapter contract: `fit` and `predict` never load weights. An adapter calls
 * `requireLoaded(this, 'predict')` at the top of both; the session runtime checks it again before it
 * calls them, so a TSFM that was never loaded fails loudly instead of loading behind the caller's back.
 */
import { EModelNotLoaded } from '../errors/index.js';
import type { ForecastAdapter } from '../models/contract.js';

type AdapterIdentity = Pick<ForecastAdapter, 'name' | 'isLoaded' | 'modelSize' | 'device'>;

export function modelNotLoadedError(adapter: AdapterIdentity, operation: 'fit' | 'predict'): EModelNotLoaded {
  return new EModelNotLoaded(`Cannot call ${operation} on adapter '${adapter.name}' before the model is loaded.`, {
    context: { adapter: adapter.name, operation, modelSize: adapter.modelSize, device: adapter.device },
  });
}

export function requireLoaded(adapter: AdapterIdentity, operation: 'fit' | 'predict'): void {
  if (!adapter.isLoaded) throw modelNotLoadedError(adapter, operation);
}
