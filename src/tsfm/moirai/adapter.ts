/**
 * `MoiraiAdapter`: the `TsfmAdapter` of the Moirai 2.0 family with Moirai-typed options, for callers
 * that construct it directly (`new MoiraiAdapter({ modelDir })`). The pool builds the same adapter
 * (`moirai`) from the family registry.
 */
import { TsfmAdapter, type TsfmAdapterOptions } from '../adapters/tsfmAdapter.js';
import { moiraiFamily } from './family.js';
import type { Moirai2Loader } from './forecaster.js';

export interface MoiraiAdapterOptions extends TsfmAdapterOptions {
  /** Size label; "small" (Salesforce/moirai-2.0-R-small) is the only published one. */
  readonly modelSize?: 'small';
  /** History steps per series; default 1680 (upstream's README setting), capped at the longest history. */
  readonly contextLength?: number;
  /** Replaces the checkpoint loader (tests, custom builds). */
  readonly loader?: Moirai2Loader;
}

export class MoiraiAdapter extends TsfmAdapter {
  constructor(options: MoiraiAdapterOptions = {}) {
    super(moiraiFamily, options);
  }
}
