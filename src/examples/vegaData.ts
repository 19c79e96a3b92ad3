/**
 * Locates files shipped by the `vega-datasets` npm package. Its `exports` only expose the JS entry
 * point, so we resolve that (`import.meta.resolve`, or `require.resolve` where a bundler or test
 * runner hides it) and step up to the package root, where `data/` lives.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EDataFormat } from '../errors/index.js';

export function vegaDatasetsRoot(): string {
  let entry: string;
  try {
    entry = resolveEntry();
  } catch (e) {
    throw new EDataFormat('The vega-datasets package is not installed, so the example datasets are unavailable.', {
      context: { package: 'vega-datasets' },
      fixHint: 'Run `npm ci` (vega-datasets is a dependency of tsagentkit).',
      cause: e,
    });
  }
  // entry is <root>/build/index.js (or similar); walk up to the folder holding package.json.
  let dir = dirname(entry);
  for (let i = 0; i < 4 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return dir;
}

export function vegaDataPath(file: string): string {
  const path = join(vegaDatasetsRoot(), 'data', file);
  if (!existsSync(path)) {
    throw new EDataFormat(`vega-datasets does not ship ${file}.`, {
      context: { file, looked: path },
      fixHint: 'Reinstall dependencies with `npm ci`; the example needs vega-datasets ^3.',
    });
  }
  return path;
}

function resolveEntry(): string {
  const resolve = (import.meta as { resolve?: (s: string) => string }).resolve;
  if (typeof resolve === 'function') {
    try {
      return fileURLToPath(resolve('vega-datasets'));
    } catch {
      // fall through to require.resolve
    }
  }
  return createRequire(import.meta.url).resolve('vega-datasets');
}
