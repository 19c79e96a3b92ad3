/**
 * The package as a dependency: `npm pack` the built dist, unpack the tarball into a fresh project's
 * node_modules (its dependencies linked from this checkout's, so it runs offline), then import every
 * entry point from there, check that the root does not load onnxruntime's native binding, and that
 * every subpath resolves with types under NodeNext resolution.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, string | null | { types: string; import: string }>;
  dependencies: Record<string, string>;
  optionalDependencies?: Record<string, string>;
};
// "./tsfm/*" stands for each TSFM family folder (one with a family.ts); null entries are shut off.
const familyDirs = readdirSync(join(root, 'src/tsfm')).filter((d) => existsSync(join(root, 'src/tsfm', d, 'family.ts')));
const subpaths = Object.entries(pkg.exports)
  .filter(([k, target]) => k !== './package.json' && target !== null)
  .flatMap(([k]) => (k === './tsfm/*' ? familyDirs.map((d) => `./tsfm/${d}`) : [k]));
// The tarball packs dist/ as built; without a build (e.g. a bare checkout) there is nothing to pack.
const built = existsSync(join(root, 'dist/index.js'));

describe.skipIf(!built)('the package contents (npm pack)', () => {
  const packed = (
    JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as Array<{
      files: Array<{ path: string }>;
    }>
  )[0]!.files.map((f) => f.path);

  it('ships the licence, the docs the README links to, and every entry', () => {
    for (const f of [
      'LICENSE',
      'README.md',
      'RUNBOOK.md',
      'docs/ARCHITECTURE.md',
      'benchmarks/gift-eval/README.md',
      'benchmarks/gift-eval/RUNBOOK.md',
    ]) {
      expect(packed).toContain(f);
    }
    // Every relative link of the README resolves inside the package.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(packed).toContain(link);
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/runtime/workers/statWorker.js'])
      expect(packed).toContain(f);
    for (const target of Object.values(pkg.exports)) {
      if (!target || typeof target === 'string' || target.import.includes('*')) continue;
      expect(packed).toContain(target.import.slice(2));
      expect(packed).toContain(target.types.slice(2));
    }
    for (const family of ['chronos', 'timesfm', 'moirai']) expect(packed).toContain(`dist/tsfm/${family}/index.js`);
  });

  it('ships no sources, tests, fixtures, benchmarks code, source maps or build output', () => {
    const stray = packed.filter(
      (f) =>
        /(^|\/)__tests__\//.test(f) ||
        /\.test\.[cm]?[jt]s$/.test(f) ||
        f.endsWith('.map') ||
        /^(src|test|build|scripts|bench|out)\//.test(f) ||
        (f.startsWith('benchmarks/') && !f.endsWith('.md')),
    );
    expect(stray).toEqual([]);
  });
});

describe.skipIf(!built)('the packed package, installed in another project', () => {
  let project = '';

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), 'tsak-pack-'));
    const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', project], { cwd: root, encoding: 'utf8' });
    const tarball = join(project, (JSON.parse(out) as Array<{ filename: string }>)[0]?.filename ?? '');
    const dest = join(project, 'node_modules', pkg.name);
    mkdirSync(dest, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', dest, '--strip-components=1']);
    for (const dep of [...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies ?? {}), '@types/node']) {
      const link = join(project, 'node_modules', dep);
      mkdirSync(join(link, '..'), { recursive: true });
      symlinkSync(join(root, 'node_modules', dep), link, 'dir');
    }
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', type: 'module', dependencies: { [pkg.name]: '*' } }),
    );
  }, 120_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  const node = (code: string) =>
    execFileSync(process.execPath, ['--input-type=module', '-e', code], { cwd: project, encoding: 'utf8' }).trim();
  const ortMapped = "(await import('node:fs')).readFileSync('/proc/self/maps', 'utf8').includes('onnxruntime')";

  it.runIf(process.platform === 'linux')('importing the root does not load onnxruntime; using a TSFM engine session does', () => {
    expect(node(`const m = await import('${pkg.name}'); console.log(typeof m.TSAgentSession, ${ortMapped})`)).toBe('function false');
    const engine = `const { EngineSession, GraphBuilder } = await import('${pkg.name}/engine');
      const g = new GraphBuilder(); const x = g.input('x', 'float32', [1]); g.output(g.add(x, x), 'y');
      await EngineSession.create(g.serialize()); console.log(${ortMapped})`;
    expect(node(engine)).toBe('true');
  });

  it('without onnxruntime-node installed, statistical forecasts work and a TSFM is E_RUNTIME_UNAVAILABLE naming the fix, on the ladder too', () => {
    const link = join(project, 'node_modules', 'onnxruntime-node');
    rmSync(link);
    try {
      const code = `const { runForecast, TSAgentSession } = await import('${pkg.name}');
        const { EngineSession, GraphBuilder } = await import('${pkg.name}/engine');
        const rows = Array.from({ length: 30 }, (_, i) => ({ unique_id: 'a', ds: new Date(Date.UTC(2024, 0, 1 + i)), y: i % 7 }));
        const session = new TSAgentSession({ mode: 'quick', taskSpecDefaults: { tsfmPolicy: { mode: 'disabled' } } });
        const run = await session.run(rows, { h: 2 });
        const g = new GraphBuilder(); g.output(g.input('x', 'float32', [1]), 'y');
        const err = await EngineSession.create(g.serialize()).catch((e) => e);
        // A TSFM on the ladder: the fallback records the runtime's own code; required, the run fails with it.
        const modelPool = { adapters: ['chronos'], adapterOptions: { chronos: { modelDir: ${JSON.stringify(join(root, 'test/fixtures/chronos2/checkpoints/random-s0'))}, graphCacheDir: false } } };
        const fell = await runForecast(rows, { h: 2, tsfmPolicy: { adapters: ['chronos'] } }, { modelPool, mode: 'quick' });
        const req = await runForecast(rows, { h: 2, tsfmPolicy: { mode: 'required', adapters: ['chronos'] } }, { modelPool, mode: 'quick' }).catch((e) => e);
        console.log(run.toRecords().length, err.code, /npm install onnxruntime-node/.test(err.fixHint), fell.fallbacks[0].errorCode, req.code, /npm install onnxruntime-node/.test(req.fixHint))`;
      expect(node(code)).toBe('2 E_RUNTIME_UNAVAILABLE true E_RUNTIME_UNAVAILABLE E_RUNTIME_UNAVAILABLE true');
    } finally {
      symlinkSync(join(root, 'node_modules', 'onnxruntime-node'), link, 'dir');
    }
  });

  it('`tsagentkit bench session` runs after a plain install (no test fixture shipped): one load in the session leg', () => {
    const cli = join(project, 'node_modules', pkg.name, 'dist/cli/main.js');
    const json = join(project, 'bench.json');
    execFileSync(process.execPath, [cli, 'bench', 'session', '--batches', '2', '--json', json], {
      cwd: project,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = JSON.parse(readFileSync(json, 'utf8')) as {
      legacy: { load_count: number };
      session: { load_count: number };
      identical_forecasts: boolean;
    };
    expect(result.legacy.load_count).toBe(2);
    expect(result.session.load_count).toBe(1);
    expect(result.identical_forecasts).toBe(true);
  });

  it('every subpath resolves at run time', () => {
    const names = subpaths.map((p) => (p === '.' ? pkg.name : `${pkg.name}/${p.slice(2)}`));
    const code = `for (const n of ${JSON.stringify(names)}) { const m = await import(n); if (Object.keys(m).length === 0) throw new Error(n + ' exports nothing'); } console.log('ok')`;
    expect(node(code)).toBe('ok');
  });

  it('every subpath resolves with types under a strict consumer (tsc, NodeNext, skipLibCheck off)', () => {
    const lines = [
      `import { TSAgentSession, runForecast, type SessionRun } from '${pkg.name}';`,
      `import { AutoETS, type ModelOptions } from '${pkg.name}/models';`,
      `import { ChronosAdapter } from '${pkg.name}/tsfm';`,
      `import { GraphBuilder } from '${pkg.name}/engine';`,
      `import { mase } from '${pkg.name}/metrics';`,
      `import { readTable } from '${pkg.name}/io';`,
      `import { renderReport } from '${pkg.name}/report';`,
      `import { EModelNotLoaded } from '${pkg.name}/errors';`,
      ...familyDirs.map((d) => `import * as tsfm_${d} from '${pkg.name}/tsfm/${d}';`),
      `export const families = [${familyDirs.map((d) => `tsfm_${d}`).join(', ')}];`,
      `import { Chronos2Pipeline } from '${pkg.name}/tsfm/chronos';`,
      `export const chronos2: typeof tsfm_chronos.Chronos2Pipeline = Chronos2Pipeline;`,
      `const o: ModelOptions<'AutoETS'> = { seasonLength: 12, damped: true };`,
      `export const used = [TSAgentSession, runForecast, new AutoETS(o), ChronosAdapter, GraphBuilder, mase, readTable, renderReport, EModelNotLoaded];`,
      `export type Run = SessionRun;`,
      // A wrong option must be a type error, so the types are the real ones and not `any`.
      `// @ts-expect-error: not an AutoETS option`,
      `new AutoETS({ dampd: true });`,
    ];
    expect(new Set(lines.flatMap((l) => /from '([^']+)'/.exec(l)?.[1] ?? [])).size).toBe(subpaths.length);
    writeFileSync(join(project, 'use.ts'), lines.join('\n'));
    writeFileSync(
      join(project, 'tsconfig.json'),
      // A strict consumer that also checks the libraries' declarations: ours, and whatever of our
      // dependencies' they pull in, must type-check under its strictest settings.
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          exactOptionalPropertyTypes: true,
          noUncheckedIndexedAccess: true,
          noEmit: true,
          types: ['node'],
          skipLibCheck: false,
        },
        files: ['use.ts'],
      }),
    );
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    expect(() => execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, encoding: 'utf8' })).not.toThrow();
  });
});
