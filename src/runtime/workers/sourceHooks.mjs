/**
 * Module hooks that let a worker thread run this package from its TypeScript sources (vitest, or
 * any runner that executes src/ directly). Registered only by workerPool.ts, and only when it is
 * itself running as a .ts file: the compiled package (dist/) starts its workers on plain JS and
 * never loads this file.
 *
 * Why: the main thread under vitest has vite's transform, but a worker thread is a fresh Node
 * isolate that knows nothing of it. These hooks give the worker the two things tsc would have done:
 * `./x.js` imports resolve to `./x.ts` when only the source exists, and .ts files are transpiled
 * (types erased, per file, by the project's own TypeScript devDependency) as they load.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const RELATIVE_JS = /^\.{1,2}\/.*\.js$/;

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
  const { outputText } = ts.transpileModule(await readFile(fileName, 'utf8'), {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      inlineSourceMap: true,
      inlineSources: true,
    },
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
