/**
 * Where the checkout is, for benchmarks that start the built CLI or read test fixtures. Benchmarks
 * run from their sources (vitest) and compiled (`build/benchmarks/…`), so the root is found by
 * walking up to this package's package.json rather than by a fixed number of `..`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'tsagentkit') return dir;
    if (dirname(dir) === dir) throw new Error(`no tsagentkit package.json above ${from}`);
  }
}

export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));
/** The built CLI (`npm run build` first). */
export const CLI_PATH = join(REPO_ROOT, 'dist/cli/main.js');
