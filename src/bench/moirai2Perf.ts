/**
 * Moirai 2.0 performance benchmark (issue 8, "Performance"): a checkpoint with moirai-2.0-R-small's
 * real dimensions (d_model 384, 6 layers, d_ff 1024, patch 16, 9 quantiles, 4 predict tokens,
 * max_seq_len 512; random weights) is written to a temp folder; then, in fresh child processes,
 * the model is loaded and `predict()` is run for batch 1/32/256 at context 512 and 2048 with
 * horizon 64 (one forward pass, as in the anchor). Reported: load time (no graph cache, and from a
 * warm graph cache), series/s, peak RSS per configuration, and the upstream PyTorch anchor
 * (shared/reference/pytorch-anchor.md).
 *
 *   npm run build && npm run bench:moirai -- [--threads 2] [--contexts 512,2048] [--batches 1,32,256]
 *       [--dir /tmp/x] [--keep] [--json out.json]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMoirai2Model } from '../tsfm/moirai/model/load.js';
import { moirai2Predict } from '../tsfm/moirai/pipeline/index.js';
import { writeSyntheticMoirai2 } from './moirai2Checkpoint.js';

/** Upstream PyTorch series/s on this machine kind (issue 8; pytorch-anchor.md): the better of 1 and 2 threads. */
const ANCHOR: Record<string, number> = {
  '512x1': 58,
  '512x32': 36,
  '512x256': 47,
  '2048x1': 22,
  '2048x32': 12,
  '2048x256': 6.0,
};
const ANCHOR_LOAD_S = 0.64;
const HORIZON = 64;

interface Args {
  threads: number;
  contexts: number[];
  batches: number[];
  dir?: string;
  keep: boolean;
  json?: string;
  child?: string;
  loadOnly: boolean;
  cache?: string;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { threads: 2, contexts: [512, 2048], batches: [1, 32, 256], keep: false, loadOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const next = () => argv[++i] ?? '';
    if (k === '--threads') a.threads = Number(next());
    else if (k === '--contexts') a.contexts = next().split(',').map(Number);
    else if (k === '--batches') a.batches = next().split(',').map(Number);
    else if (k === '--dir') a.dir = next();
    else if (k === '--keep') a.keep = true;
    else if (k === '--json') a.json = next();
    else if (k === '--child') a.child = next();
    else if (k === '--load-only') a.loadOnly = true;
    else if (k === '--cache') a.cache = next();
  }
  return a;
}

/** Level + trend + two sinusoids + noise, like the anchor's inputs. */
function makeSeries(batch: number, length: number): Float32Array[] {
  let s = 7;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
  return Array.from({ length: batch }, (_, b) => {
    const out = new Float32Array(length);
    const period = 12 + (b % 7) * 4;
    for (let t = 0; t < length; t++) out[t] = 10 + b + 0.01 * t + 3 * Math.sin((2 * Math.PI * t) / period) + Math.sin((2 * Math.PI * t) / 7) + 0.5 * rnd();
    return out;
  });
}

function resetPeakRss(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    // not Linux or not permitted: the peak then covers the whole process
  }
}

function peakRssMb(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

interface CellResult {
  context: number;
  batch: number;
  msPerCall: number;
  /** CPU time of the process per call (all threads): on a loaded machine, wall time ≥ cpu / threads. */
  cpuMsPerCall: number;
  seriesPerSec: number;
  calls: number;
  peakRssMb: number;
}

interface ChildOut {
  loadMs: number;
  timings: { readMs: number; buildMs: number; sessionMs: number; graphCacheHit: boolean };
  afterLoadRss: number;
  weightBytes: number;
  results: CellResult[];
}

async function child(args: Args, dir: string): Promise<void> {
  resetPeakRss();
  const t0 = performance.now();
  const model = await loadMoirai2Model(dir, { intraOpNumThreads: args.threads, ...(args.cache ? { graphCacheDir: args.cache } : {}) });
  const loadMs = performance.now() - t0;
  const afterLoadRss = peakRssMb();
  const results: CellResult[] = [];
  if (!args.loadOnly) {
    for (const context of args.contexts) {
      for (const batch of args.batches) {
        const pastTarget = makeSeries(batch, context);
        const call = () => moirai2Predict(model, { pastTarget }, { predictionLength: HORIZON, contextLength: context });
        resetPeakRss();
        const tw = performance.now();
        await call(); // warm-up
        const warm = performance.now() - tw;
        const times: number[] = [];
        const cpu: number[] = [];
        const maxCalls = warm > 20_000 ? 2 : 10;
        const start = performance.now();
        while (times.length < maxCalls && (times.length < 3 || performance.now() - start < 5_000)) {
          const t = performance.now();
          const c0 = process.cpuUsage();
          await call();
          times.push(performance.now() - t);
          const c = process.cpuUsage(c0);
          cpu.push((c.user + c.system) / 1000);
        }
        const median = (x: number[]) => x.sort((a, b) => a - b)[Math.floor(x.length / 2)] ?? Number.NaN;
        const ms = median(times);
        const cell: CellResult = { context, batch, msPerCall: ms, cpuMsPerCall: median(cpu), seriesPerSec: (batch * 1000) / ms, calls: times.length, peakRssMb: peakRssMb() };
        results.push(cell);
        process.stderr.write(`  C=${context} B=${batch}: ${ms.toFixed(1)} ms/call (cpu ${cell.cpuMsPerCall.toFixed(1)} ms), ${cell.seriesPerSec.toFixed(1)} series/s\n`);
      }
    }
  }
  await model.dispose();
  const out: ChildOut = { loadMs, timings: model.timings, afterLoadRss, weightBytes: model.weightBytes, results };
  process.stdout.write(JSON.stringify(out));
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.child) return child(args, args.child);

  const dir = args.dir ?? mkdtempSync(join(tmpdir(), 'tsak-moirai2-bench-'));
  let params = 0;
  if (!existsSync(join(dir, 'model.safetensors'))) {
    const w = writeSyntheticMoirai2(dir);
    params = w.params;
    process.stderr.write(`wrote ${(w.bytes / 1e6).toFixed(1)} MB checkpoint (${(w.params / 1e6).toFixed(2)}M params) to ${dir}\n`);
  }
  // Warm the page cache like the anchor ("weights file in page cache"); each load runs in a fresh process.
  readFileSync(join(dir, 'model.safetensors'));
  const self = fileURLToPath(import.meta.url);
  const runChild = (extra: string[]): ChildOut => {
    const childArgs = [self, '--child', dir, '--threads', String(args.threads), '--contexts', args.contexts.join(','), '--batches', args.batches.join(','), ...extra];
    const r = spawnSync(process.execPath, childArgs, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
    if (r.status !== 0) throw new Error(`benchmark child failed with status ${r.status}`);
    return JSON.parse(r.stdout.toString()) as ChildOut;
  };
  const cacheDir = join(dir, 'graph-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  const cold = runChild(['--load-only']);
  const cacheBuild = runChild(['--load-only', '--cache', cacheDir]);
  const out = runChild(['--cache', cacheDir]);
  if (!args.keep && !args.dir) rmSync(dir, { recursive: true, force: true });
  else rmSync(cacheDir, { recursive: true, force: true });

  const loadLine = (label: string, o: ChildOut) =>
    `load, ${label}: ${(o.loadMs / 1000).toFixed(3)} s (read ${(o.timings.readMs / 1000).toFixed(3)} + build ${(o.timings.buildMs / 1000).toFixed(3)} + session ${(o.timings.sessionMs / 1000).toFixed(3)}); peak RSS ${o.afterLoadRss.toFixed(0)} MB`;
  const lines = [
    `Moirai 2.0 real small size (d_model 384, 6 layers, d_ff 1024, patch 16, 9 quantiles, 4 predict tokens)${params ? `, ${(params / 1e6).toFixed(2)}M params` : ''}, ${(out.weightBytes / 1e6).toFixed(1)} MB weights, ${args.threads} threads, horizon ${HORIZON}; loadavg ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    `load anchor (upstream PyTorch): ${ANCHOR_LOAD_S} s`,
    loadLine('no graph cache', cold),
    loadLine('first load with graphCacheDir (writes the cache)', cacheBuild),
    loadLine('graphCacheDir warm — used for the runs below', out),
    '',
    '| context | batch | ms/call | cpu ms/call | series/s | anchor series/s | ratio | peak RSS MB |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...out.results.map((c) => {
      const a = ANCHOR[`${c.context}x${c.batch}`];
      return `| ${c.context} | ${c.batch} | ${c.msPerCall.toFixed(1)} | ${c.cpuMsPerCall.toFixed(1)} | ${c.seriesPerSec.toFixed(1)} | ${a ?? '-'} | ${a ? `${(c.seriesPerSec / a).toFixed(2)}×` : '-'} | ${c.peakRssMb.toFixed(0)} |`;
    }),
  ];
  console.log(lines.join('\n'));
  if (args.json) writeFileSync(args.json, JSON.stringify({ args, ...out, otherLoad: { cold, cacheBuild } }, null, 2));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
