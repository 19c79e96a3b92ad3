/**
 * The TSFM adapter of every family and its ModelPool factory. The pool's built-in factories
 * (`runtime/builtinAdapters.ts`) call `createTsfmAdapter(family, o)` for each registered family.
 */
import { EDeviceUnsupported } from '../../errors/index.js';
import type { AdapterFactoryOptions } from '../../runtime/adapterFactory.js';
import type { TsfmFamily } from '../family.js';
import { TsfmAdapter, type TsfmAdapterOptions } from './tsfmAdapter.js';

export { TsfmAdapter, quantilesAtLevels } from './tsfmAdapter.js';
export type { TsfmAdapterOptions } from './tsfmAdapter.js';

/** Builds an unloaded adapter of `family` from the pool's resolved size, device and options. */
export function createTsfmAdapter(family: TsfmFamily, o: AdapterFactoryOptions): TsfmAdapter {
  if (o.device !== undefined && o.device !== 'cpu' && o.device !== 'cuda') {
    throw new EDeviceUnsupported(`Device "${o.device}" is not supported by the ${family.name} adapter; use cpu or cuda.`, {
      context: { adapter: o.name, device: o.device },
    });
  }
  // "base" is the pool's label when none was configured: a family without a "base" checkpoint takes its default.
  const modelSize = o.modelSize === 'base' && !family.models.some((m) => m.size === 'base') ? family.defaultSize : o.modelSize;
  return new TsfmAdapter(family, {
    ...(o.options as TsfmAdapterOptions),
    name: o.name,
    modelSize,
    ...(o.device !== undefined ? { device: o.device } : {}),
  });
}
