/**
 * `ChronosAdapter`: the `TsfmAdapter` of the Chronos family with Chronos-typed options, for callers
 * that construct it directly (`new ChronosAdapter({ modelDir })`). The pool builds the same adapter
 * from the family registry.
 */
import { TsfmAdapter, type TsfmAdapterOptions } from '../adapters/tsfmAdapter.js';
import { chronosFamily } from './family.js';
import type { ChronosLoaders } from './forecaster.js';

export type ChronosModelSize = 'base' | 'small' | 'bolt-tiny' | 'bolt-mini' | 'bolt-small' | 'bolt-base';

/** Model ids by size label. */
export const CHRONOS_MODEL_IDS: Readonly<Record<ChronosModelSize, string>> = Object.freeze(
  Object.fromEntries(chronosFamily.models.map((m) => [m.size, m.id])) as Record<ChronosModelSize, string>,
);

export interface ChronosAdapterOptions extends TsfmAdapterOptions {
  /** Size label → model id (see CHRONOS_MODEL_IDS). Default "base" (amazon/chronos-2). */
  readonly modelSize?: ChronosModelSize;
  /** Chronos-2: forecast all series of a batch jointly. Default false. */
  readonly crossLearning?: boolean;
  /** Replaces the checkpoint loaders (tests, custom builds). */
  readonly loaders?: Partial<ChronosLoaders>;
}

export class ChronosAdapter extends TsfmAdapter {
  constructor(options: ChronosAdapterOptions = {}) {
    super(chronosFamily, options);
  }
}

export function isChronosModelSize(s: string): s is ChronosModelSize {
  return s in CHRONOS_MODEL_IDS;
}
