/**
 * Replays R's `auto.arima` runs, recorded by m4_reference.R --details, through tsagentkit's
 * AutoARIMA, series by series: the selected order, the forecasts, and both CPU times side by side.
 *
 *   npx vite-node scripts/r/arima_compare.ts -- <Hourly-AutoARIMA-details.jsonl …> [--limit N] [--verbose]
 *
 * Several files may be given (pieces of one split run); a series recorded twice counts once (the
 * last record). Prints a line for every series whose order or forecasts differ (every series with
 * --verbose), then the totals. R's `seconds` are the wall times recorded when the file was written.
 */
import { readFileSync } from 'node:fs';
import { autoArima } from '../../src/models/stats/arima/autoArima.js';
import { forecastArima } from '../../src/models/stats/arima/forecast.js';

interface RDetails {
  id: string;
  m: number;
  y: number[];
  method: string;
  aicc: number | null;
  mean: number[];
  seconds: number;
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const verbose = args.includes('--verbose');
const limitAt = args.indexOf('--limit');
const limit = limitAt >= 0 ? Number(args[limitAt + 1]) : Number.POSITIVE_INFINITY;
const paths = args.filter((a, i) => !a.startsWith('--') && (limitAt < 0 || i !== limitAt + 1));
if (paths.length === 0) {
  console.error('usage: npx vite-node scripts/r/arima_compare.ts -- <details.jsonl …> [--limit N] [--verbose]');
  process.exit(2);
}

const byId = new Map<string, RDetails>();
for (const path of paths) {
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const r = JSON.parse(line) as RDetails;
    byId.set(r.id, r);
  }
}
const series = [...byId.values()].slice(0, limit);

const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-8);
const cpuSeconds = (since: NodeJS.CpuUsage): number => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

let sameOrder = 0;
let ourSeconds = 0;
let rSeconds = 0;
const forecastDiffs: number[] = [];
for (const r of series) {
  const started = process.cpuUsage();
  const fit = autoArima(Float64Array.from(r.y), r.m);
  const mean = forecastArima(fit, r.mean.length).mean;
  const seconds = cpuSeconds(started);
  ourSeconds += seconds;
  rSeconds += r.seconds;
  const same = fit.description === r.method;
  if (same) sameOrder++;
  let maxRel = 0;
  for (let t = 0; t < r.mean.length; t++) maxRel = Math.max(maxRel, relDiff(mean[t], r.mean[t]));
  forecastDiffs.push(maxRel);
  if (verbose || !same || maxRel > 1e-6) {
    console.log(
      `${r.id.padEnd(8)} ${same ? 'same' : 'DIFF'} ours ${fit.description.padEnd(26)} R ${r.method.padEnd(26)} ` +
        `AICc ${fit.aicc.toFixed(3)} vs ${r.aicc?.toFixed(3) ?? 'NA'}  forecasts ${maxRel.toExponential(1)}  ` +
        `${seconds.toFixed(1)} s vs R ${r.seconds.toFixed(1)} s`,
    );
  }
}
const sorted = [...forecastDiffs].sort((a, b) => a - b);
const within = (tol: number): number => forecastDiffs.filter((d) => d <= tol).length;
console.log(
  `\n${series.length} series: same order as R on ${sameOrder}; forecasts within 1e-6 relative of R's on ${within(1e-6)}, within 1e-4 on ${within(1e-4)} (median ${sorted[Math.floor(sorted.length / 2)]?.toExponential(1)})`,
);
console.log(`time: ours ${ourSeconds.toFixed(1)} CPU s, R ${rSeconds.toFixed(1)} s (as recorded)`);
