/**
 * The `open` of a parity family whose session is one loaded model: each case runs on that model and
 * closing the session releases it. Families that need more per session (a pipeline, a second debug
 * model) write their own `open`.
 */
import type { EngineOptions } from '../engine/options.js';
import type { ParityCase, ParityFamily, ParityOutput } from './types.js';

export function openModelSession<M extends { dispose(): Promise<void> }>(
  load: (dir: string, options: EngineOptions) => Promise<M>,
  runCase: (model: M, c: ParityCase) => Promise<Record<string, ParityOutput>>,
): ParityFamily['open'] {
  return async (dir, options) => {
    const model = await load(dir, options);
    return { runCase: (c) => runCase(model, c), dispose: () => model.dispose() };
  };
}
