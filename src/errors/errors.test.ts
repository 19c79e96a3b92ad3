import { describe, expect, it } from 'vitest';
import { EModelNotLoaded, EContractEmpty, TSAgentKitError, errorClassForCode, MODEL_RUNTIME_ERROR_CODES, allErrorCodes } from './index.js';

describe('TSAgentKitError family', () => {
  it('carries code, context, default hint and renders like the Python original', () => {
    const e = new EModelNotLoaded("Cannot call predict on adapter 'chronos' before the model is loaded.", {
      context: { adapter: 'chronos', operation: 'predict' },
    });
    expect(e).toBeInstanceOf(TSAgentKitError);
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe('E_MODEL_NOT_LOADED');
    expect(e.name).toBe('EModelNotLoaded');
    expect(e.fixHint).toMatch(/Preload the adapter/);
    expect(String(e)).toBe(
      `[E_MODEL_NOT_LOADED] Cannot call predict on adapter 'chronos' before the model is loaded. (context: {"adapter":"chronos","operation":"predict"}) [hint: ${e.fixHint}]`,
    );
  });

  it('serialises for agents with toJSON and keeps an explicit hint over the default', () => {
    const e = new EContractEmpty('no rows', { fixHint: 'load the file first', cause: new Error('io') });
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      code: 'E_CONTRACT_EMPTY',
      name: 'EContractEmpty',
      message: 'no rows',
      context: {},
      fixHint: 'load the file first',
      cause: 'io',
    });
  });

  it('looks classes up by code and lists model-runtime codes for fallback', () => {
    expect(errorClassForCode('E_MODEL_NOT_LOADED')).toBe(EModelNotLoaded);
    expect(errorClassForCode('E_NOPE')).toBeUndefined();
    expect(allErrorCodes().length).toBeGreaterThan(25);
    expect(MODEL_RUNTIME_ERROR_CODES.has('E_OOM')).toBe(true);
    expect(MODEL_RUNTIME_ERROR_CODES.has('E_CONTRACT_EMPTY')).toBe(false);
  });
});
