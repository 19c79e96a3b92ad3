/**
 * The package's entries are curated: every subpath in package.json maps to one module under src/,
 * and no name (value or type) is exported by two of them, so a user never has to choose between
 * two imports of the same thing. Checked on the sources with the TypeScript compiler, which sees
 * types as well as values.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | null | { types: string }> };

/** Source module of a dist path: `./dist/entry/io.d.ts` → `src/entry/io.ts`. */
const sourceOf = (dist: string) => join(root, dist.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts'));

/** Every entry as `[subpath, source file]`; a wildcard subpath expands to the folders it matches. */
function entries(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target === 'string' || target === null) continue; // ./package.json, or a path closed on purpose
    if (!subpath.includes('*')) {
      out.push([subpath, sourceOf(target.types)]);
      continue;
    }
    const [before, after] = target.types.split('*');
    const dir = sourceOf(`${before}x.d.ts`).replace(/x\.ts$/, '');
    for (const name of readdirSync(dir)) {
      const file = sourceOf(`${before}${name}${after}`);
      const concrete = subpath.replace('*', name);
      if (existsSync(file) && pkg.exports[concrete] !== null) out.push([concrete, file]);
    }
  }
  return out;
}

describe('package entries', () => {
  const list = entries();
  const program = ts.createProgram(
    list.map(([, file]) => file),
    {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    },
  );
  const checker = program.getTypeChecker();
  const exported = new Map<string, string[]>();
  for (const [subpath, file] of list) {
    const source = program.getSourceFile(file);
    const symbol = source && checker.getSymbolAtLocation(source);
    if (!symbol) throw new Error(`entry ${subpath}: ${file} is not a module`);
    for (const name of checker.getExportsOfModule(symbol).map((s) => s.name)) exported.set(name, [...(exported.get(name) ?? []), subpath]);
  }

  it('map every subpath to a module, the root and the curated subpaths included', () => {
    const subpaths = list.map(([s]) => s);
    for (const s of ['.', './models', './tsfm', './engine', './metrics', './io', './report', './errors']) expect(subpaths).toContain(s);
    // A family's internals are `tsagentkit/tsfm/<family>`, one per registered family folder.
    for (const s of ['./tsfm/chronos', './tsfm/timesfm', './tsfm/moirai']) expect(subpaths).toContain(s);
    expect(subpaths).not.toContain('./tsfm/engine');
  });

  it('export no name from two entries', () => {
    const twice = [...exported].filter(([, where]) => where.length > 1).map(([name, where]) => `${name}: ${where.join(', ')}`);
    expect(twice).toEqual([]);
  });

  it('keep the root to the session, pool, runForecast, TaskSpec, core types and the error base', () => {
    const root = [...exported].filter(([, where]) => where.includes('.')).map(([name]) => name);
    for (const name of [
      'TSAgentSession',
      'ModelPool',
      'runForecast',
      'parseTaskSpec',
      'TaskSpec',
      'Panel',
      'ForecastResult',
      'TSAgentKitError',
      'isTSAgentKitError',
    ]) {
      expect(root).toContain(name);
    }
    // Specific errors, table IO and reports live in their subpaths.
    for (const name of ['EModelNotLoaded', 'readTable', 'renderReport']) expect(root).not.toContain(name);
    expect(exported.get('EModelNotLoaded')).toEqual(['./errors']);
    expect(exported.get('readTable')).toEqual(['./io']);
    expect(exported.get('renderReport')).toEqual(['./report']);
  });
});
