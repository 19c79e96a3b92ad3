/**
 * Module hooks that let a worker thread run this package from its TypeScript sources (vitest, or
 * any runner that executes src/ directly). Registered only by workerPool.ts, and only when it is
 * itself running as a .ts file: the compiled package (dist/) starts its workers on plain JS and
 * never loads this file.
 *
 * Why: the main thread under vitest has vite's transform, but a worker thread is a fresh Node
 * isolate that knows nothing of it. These hooks give the worker the two things tsc would have done:
 * `./x.js` imports resolve to `./x.ts` when only the source exists, and .ts files are transpiled
 * (types erased, per file, by the project's own TypeScript devDependency) as they load. Output is
 * cached by content hash under node_modules/.cache, so TypeScript (seconds to load) is only
 * loaded when a source changed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const RELATIVE_JS = /^\.{1,2}\/.*\.js$/;
/** Part of the cache key: bump it when the transpile options below change. */
const CACHE_VERSION = 'esnext-es2022-inline-map-1';
const CACHE_DIR = fileURLToPath(new URL('../../../node_modules/.cache/tsagentkit-worker-sources/', import.meta.url));

let typescript;

export async function resolve(specifier, context, nextResolve) {
  if (context.parentURL?.endsWith('.ts') && RELATIVE_JS.test(specifier)) {
    const source = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(fileURLToPath(source))) return { url: source.href, format: 'module', shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const text = await readFile(fileName, 'utf8');
  const cached = `${CACHE_DIR}${createHash('sha256').update(CACHE_VERSION).update('\0').update(fileName).update('\0').update(text).digest('hex')}.js`;
  if (existsSync(cached)) return { format: 'module', source: readFileSync(cached, 'utf8'), shortCircuit: true };
  typescript ??= (await import('typescript')).default;
  const { outputText } = typescript.transpileModule(text, {
    fileName,
    compilerOptions: {
      module: typescript.ModuleKind.ESNext,
      target: typescript.ScriptTarget.ES2022,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  try {
    // Written aside and renamed, so that threads starting together never read half a file.
    mkdirSync(CACHE_DIR, { recursive: true });
    const partial = `${cached}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(partial, outputText);
    renameSync(partial, cached);
  } catch {
    // A read-only checkout only loses the cache.
  }
  return { format: 'module', source: outputText, shortCircuit: true };
}
