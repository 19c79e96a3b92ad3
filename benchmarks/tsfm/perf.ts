/**
 * TSFM performance benchmark, one family at a time: a checkpoint with the family's real size and
 * random weights is written to a temp folder; then, each in a fresh child process with the file in
 * the page cache (as the anchor measured), the model is loaded without a graph cache, once more to
 * write the cache, and from the warm cache, which then runs every cell (context × batch, horizon
 * 64). Reported: load times, ms per call (wall and CPU), series/s against the upstream PyTorch
 * anchor (shared/reference/pytorch-anchor.md), peak RSS, and, where the family counts FLOPs, the
 * achieved GFLOP/s against onnxruntime's own MatMul rate at the model's GEMM shapes. The load
 * average is printed beside the figures: they mean something only on a quiet machine.
 *
 *   npm run bench:tsfm -- --family chronos|timesfm|moirai [--threads 2] [--contexts 512,2048]
 *       [--batches 1,32,256] [--all] [--dir /tmp/x] [--keep] [--weights external|memory]
 *       [--no-prepack] [--spin] [--json out.json]
 *
 * `--all` runs the cells a family skips by default (TimesFM C2048 B256: minutes per call).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flopRates, peakRssMb, resetPeakRss, timeCalls, type CellRecord, type ChildReport } from './common.js';
import { anchorSeriesPerSec, HORIZON, type PerfFamily } from './family.js';
import { chronosPerf } from './families/chronos.js';
import { moiraiPerf } from './families/moirai.js';
import { timesfmPerf } from './families/timesfm.js';

export const PERF_FAMILIES: readonly PerfFamily[] = [chronosPerf, timesfmPerf, moiraiPerf];

interface Args {
  family: string;
  threads: number;
  contexts: number[];
  batches: number[];
  all: boolean;
  dir?: string;
  keep: boolean;
  weights: 'external' | 'memory';
  prepack: boolean;
  spin: boolean;
  json?: string;
  child?: string;
  loadOnly: boolean;
  cache?: string;
}

const USAGE = `usage: npm run bench:tsfm -- --family ${PERF_FAMILIES.map((f) => f.name).join('|')} [--threads N] [--contexts 512,2048] [--batches 1,32,256] [--all] [--dir D] [--keep] [--weights external|memory] [--no-prepack] [--spin] [--json F]`;

function parseArgs(argv: string[]): Args {
  const a: Args = {
    family: '',
    threads: 2,
    contexts: [512, 2048],
    batches: [1, 32, 256],
    all: false,
    keep: false,
    weights: 'external',
    prepack: true,
    spin: false,
    loadOnly: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => argv[++i] ?? '';
    if (k === '--family') a.family = next();
    else if (k === '--threads') a.threads = Number(next());
    else if (k === '--contexts') a.contexts = next().split(',').map(Number);
    else if (k === '--batches') a.batches = next().split(',').map(Number);
    else if (k === '--all') a.all = true;
    else if (k === '--dir') a.dir = next();
    else if (k === '--keep') a.keep = true;
    else if (k === '--weights') a.weights = next() as Args['weights'];
    else if (k === '--no-prepack') a.prepack = false;
    else if (k === '--spin') a.spin = true;
    else if (k === '--json') a.json = next();
    else if (k === '--child') a.child = next();
    else if (k === '--load-only') a.loadOnly = true;
    else if (k === '--cache') a.cache = next();
    else throw new Error(`unknown option ${k}\n${USAGE}`);
  }
  return a;
}

/** In a fresh process: load, then (unless --load-only) time every cell; the report goes to stdout. */
async function child(family: PerfFamily, args: Args, dir: string): Promise<void> {
  resetPeakRss();
  const t0 = performance.now();
  const model = await family.load(dir, {
    threads: args.threads,
    weights: args.weights,
    prepack: args.prepack,
    spin: args.spin,
    cacheDir: args.cache,
  });
  const loadMs = performance.now() - t0;
  const afterLoadRss = peakRssMb();
  const results: CellRecord[] = [];
  const rate = { threads: args.threads, spin: args.spin, prepack: args.prepack };
  for (const context of args.loadOnly ? [] : args.contexts) {
    for (const batch of args.batches) {
      const skip = args.all ? undefined : family.skip?.(context, batch);
      if (skip) {
        process.stderr.write(`  C=${context} B=${batch}: skipped (${skip}; --all runs it)\n`);
        continue;
      }
      const cell = model.cell(context, batch);
      resetPeakRss();
      const t = await timeCalls(() => cell.call());
      const record: CellRecord = { context, batch, ...t, seriesPerSec: (batch * 1000) / t.msPerCall, peakRssMb: peakRssMb() };
      if (cell.flops) Object.assign(record, await flopRates(cell.flops, t.msPerCall, rate));
      results.push(record);
      const gf =
        record.gflops === undefined
          ? ''
          : `, ${record.gflops.toFixed(1)} GFLOP/s (${(100 * (record.efficiency ?? 0)).toFixed(0)}% of MatMul ${record.matmulPeakGflops?.toFixed(1)})`;
      process.stderr.write(
        `  C=${context} B=${batch}: ${t.msPerCall.toFixed(1)} ms/call (cpu ${t.cpuMsPerCall.toFixed(1)}), ${record.seriesPerSec.toFixed(2)} series/s${gf}, peak RSS ${record.peakRssMb.toFixed(0)} MB\n`,
      );
    }
  }
  await model.dispose();
  const report: ChildReport = { loadMs, timings: model.timings, afterLoadRss, weightBytes: model.weightBytes, results };
  process.stdout.write(JSON.stringify(report));
}

function report(
  family: PerfFamily,
  args: Args,
  params: number,
  loads: Array<[string, ChildReport]>,
  out: ChildReport,
  load: number[][],
): string {
  const s = (ms: number) => (ms / 1000).toFixed(ms < 1000 ? 3 : 2);
  const loadLine = (label: string, o: ChildReport) =>
    `load, ${label}: ${s(o.loadMs)} s (read ${s(o.timings.readMs)} + build ${s(o.timings.buildMs)} + session ${s(o.timings.sessionMs)}); peak RSS during load ${o.afterLoadRss.toFixed(0)} MB`;
  const f = (x: number | undefined, d: number) => (x === undefined ? '-' : x.toFixed(d));
  const lines = [
    `${family.title}${params ? `, ${(params / 1e6).toFixed(1)}M params` : ''}, ${(out.weightBytes / 1e6).toFixed(0)} MB weights, ${args.threads} threads (spinning ${args.spin ? 'on' : 'off'}), weights=${args.weights}, prepack ${args.prepack ? 'on' : 'off'}, horizon ${HORIZON}`,
    `load average before ${load[0].map((x) => x.toFixed(2)).join(' ')}, after ${load[1].map((x) => x.toFixed(2)).join(' ')}`,
    `load anchor (${family.anchorNote}): ${family.anchorLoadS} s`,
    ...loads.map(([label, o]) => loadLine(label, o)),
    loadLine('graph cache warm (optimised + pre-packed weights memory-mapped), used for the cells below', out),
    '',
    '| context | batch | ms/call | cpu ms/call | series/s | anchor series/s (2 thr / 1 thr) | ratio | peak RSS MB (anchor) | GFLOP/s | MatMul peak GFLOP/s | % of peak |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const c of out.results) {
    const a = family.anchor[`${c.context}x${c.batch}`];
    const ref = anchorSeriesPerSec(a, c.batch);
    const anchorText = !a ? '-' : a.best !== undefined ? `${a.best} (best)` : `${a.thr2 ?? '-'} / ${a.thr1 ?? '-'}`;
    lines.push(
      `| ${c.context} | ${c.batch} | ${f(c.msPerCall, 1)} | ${f(c.cpuMsPerCall, 1)} | ${f(c.seriesPerSec, 2)} | ${anchorText} | ${ref ? `${(c.seriesPerSec / ref).toFixed(2)}×` : '-'} | ${f(c.peakRssMb, 0)} (${a?.rssMb ?? '-'}) | ${f(c.gflops, 1)} | ${f(c.matmulPeakGflops, 1)} | ${c.efficiency === undefined ? '-' : `${(100 * c.efficiency).toFixed(0)}%`} |`,
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  const family = PERF_FAMILIES.find((f) => f.name === args.family);
  if (!family) throw new Error(`--family must be one of ${PERF_FAMILIES.map((f) => f.name).join(', ')}\n${USAGE}`);
  if (args.child) return child(family, args, args.child);

  const load0 = loadavg();
  const dir = args.dir ?? mkdtempSync(join(tmpdir(), `tsak-${family.name}-bench-`));
  let params = 0;
  if (!existsSync(join(dir, 'model.safetensors'))) {
    const t = performance.now();
    const w = family.writeCheckpoint(dir);
    params = w.params;
    process.stderr.write(
      `wrote ${(w.bytes / 1e6).toFixed(0)} MB checkpoint (${(w.params / 1e6).toFixed(1)}M params) to ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s\n`,
    );
  }
  readFileSync(join(dir, 'model.safetensors')); // the page cache warm, as the anchor's load
  const self = fileURLToPath(import.meta.url);
  const runChild = (extra: string[], prepack = args.prepack): ChildReport => {
    const childArgs = [
      self,
      '--family',
      family.name,
      '--child',
      dir,
      '--threads',
      String(args.threads),
      '--contexts',
      args.contexts.join(','),
      '--batches',
      args.batches.join(','),
      '--weights',
      args.weights,
      ...(prepack ? [] : ['--no-prepack']),
      ...(args.spin ? ['--spin'] : []),
      ...(args.all ? ['--all'] : []),
      ...extra,
    ];
    const r = spawnSync(process.execPath, childArgs, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`benchmark child failed with status ${r.status}`);
    return JSON.parse(r.stdout.toString()) as ChildReport;
  };
  // Loads, each in a fresh process: no cache (and, for a family that asks, prepack off); the first
  // load with a graph cache writes it; then the measured process loads from the warm cache.
  const cacheDir = join(dir, 'graph-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  const loads: Array<[string, ChildReport]> = [[`no graph cache, prepack ${args.prepack ? 'on' : 'off'}`, runChild(['--load-only'])]];
  if (family.coldLoadWithoutPrepack && args.prepack)
    loads.push(['no graph cache, prepack off (weights memory-mapped)', runChild(['--load-only'], false)]);
  loads.push(['first load with the graph cache (optimises, pre-packs, writes it)', runChild(['--load-only', '--cache', cacheDir])]);
  const out = runChild(['--cache', cacheDir]);
  if (!args.keep && !args.dir) rmSync(dir, { recursive: true, force: true });
  else rmSync(cacheDir, { recursive: true, force: true });
  console.log(report(family, args, params, loads, out, [load0, loadavg()]));
  if (args.json)
    writeFileSync(
      args.json,
      JSON.stringify(
        { family: family.name, args, ...out, otherLoads: Object.fromEntries(loads), loadavg: { before: load0, after: loadavg() } },
        null,
        2,
      ),
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
