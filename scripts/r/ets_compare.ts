/**
 * Compares tsagentkit's ETS with R's `forecast::ets` on the JSON written by ets_reference.R.
 *
 *   npx vite-node scripts/r/ets_compare.ts -- <reference.json> [--verbose]
 *   npx vite-node scripts/r/ets_compare.ts -- <full.json | AutoETS-forecasts.csv …> --full <m4-dir>
 *
 * "sample" JSON: model agreement, AICc and forecast differences per series.
 * --full: sMAPE/MASE of ours vs R's over M4 Hourly and Weekly, from ets_reference.R's "full" JSON
 * or from the per-dataset AutoETS forecast CSVs of scripts/r/m4_reference.R (--forecasts DIR).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ets } from '../../src/models/stats/ets/ets.js';
import { forecastEts } from '../../src/models/stats/ets/forecast.js';

interface RefSeries {
  id: string;
  m: number;
  h: number;
  n: number;
  method: string;
  mean: number[];
  seconds: number;
  y?: number[];
  aicc?: number | null;
  par?: Record<string, number>;
  sigma2?: number;
  lower80?: number[];
  upper80?: number[];
  lower95?: number[];
  upper95?: number[];
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const fullIdx = args.indexOf('--full');
const verbose = args.includes('--verbose');
const refPaths = args.filter((a, i) => !a.startsWith('--') && (fullIdx < 0 || i !== fullIdx + 1));

/** m4_reference.R forecast CSV: "id","method","F1",…; no selected model or timing. */
function readForecastCsv(path: string): RefSeries[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.split(',').map((c) => c.replace(/"/g, ''));
      const mean = cells.slice(2).map(Number);
      return { id: cells[0], m: 0, h: mean.length, n: 0, method: '', mean, seconds: Number.NaN };
    });
}
const ref = {
  series: refPaths.flatMap((p) =>
    p.endsWith('.csv') ? readForecastCsv(p) : (JSON.parse(readFileSync(p, 'utf8')) as { series: RefSeries[] }).series,
  ),
};

function readM4(path: string): Map<string, number[]> {
  const lines = readFileSync(path, 'utf8').trim().split('\n').slice(1);
  const out = new Map<string, number[]>();
  for (const line of lines) {
    const cells = line.split(',').map((c) => c.replace(/"/g, ''));
    out.set(
      cells[0],
      cells
        .slice(1)
        .filter((c) => c !== '' && c !== 'NA')
        .map(Number),
    );
  }
  return out;
}

const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-8);

if (fullIdx < 0) {
  let agree = 0;
  let total = 0;
  let ourSeconds = 0;
  let rSeconds = 0;
  const meanErrs: number[] = [];
  const intervalErrs: number[] = [];
  for (const s of ref.series) {
    const y = Float64Array.from(s.y!);
    const t0 = performance.now();
    const fit = ets(y, s.m);
    const fc = forecastEts(fit, s.h, [0.1, 0.9, 0.025, 0.975]);
    ourSeconds += (performance.now() - t0) / 1000;
    rSeconds += s.seconds;
    total++;
    const same = fit.method === s.method || (s.method === 'Simple exponential smoothing' && fit.method === 'ETS(A,N,N)');
    if (same) agree++;
    let maxMean = 0;
    for (let t = 0; t < s.h; t++) maxMean = Math.max(maxMean, relDiff(fc.mean[t], s.mean[t]));
    let maxInt = 0;
    if (s.lower80) {
      const refQ = [s.lower80, s.upper80!, s.lower95!, s.upper95!];
      for (let k = 0; k < 4; k++) for (let t = 0; t < s.h; t++) maxInt = Math.max(maxInt, relDiff(fc.quantiles[k][t], refQ[k][t]));
    }
    if (same) {
      meanErrs.push(maxMean);
      intervalErrs.push(maxInt);
    }
    if (verbose || !same || maxMean > 1e-3) {
      console.log(
        `${s.id.padEnd(20)} R ${s.method.padEnd(14)} ours ${fit.method.padEnd(14)} aicc R ${s.aicc?.toFixed(4)} ours ${fit.aicc.toFixed(4)}  max rel mean diff ${maxMean.toExponential(2)}  interval ${maxInt.toExponential(2)}`,
      );
    }
  }
  const q = (arr: number[], p: number): number => {
    const s = [...arr].sort((a, b) => a - b);
    return s[Math.min(s.length - 1, Math.floor(p * s.length))];
  };
  console.log(`\nmodel agreement: ${agree}/${total} (${((100 * agree) / total).toFixed(1)}%)`);
  console.log(
    `forecast max-rel-diff (agreeing models): median ${q(meanErrs, 0.5).toExponential(2)}, 90% ${q(meanErrs, 0.9).toExponential(2)}, max ${q(meanErrs, 1).toExponential(2)}`,
  );
  console.log(
    `interval max-rel-diff (agreeing models): median ${q(intervalErrs, 0.5).toExponential(2)}, 90% ${q(intervalErrs, 0.9).toExponential(2)}, max ${q(intervalErrs, 1).toExponential(2)}`,
  );
  console.log(`time: ours ${ourSeconds.toFixed(1)} s, R ${rSeconds.toFixed(1)} s`);
} else {
  const dir = args[fullIdx + 1];
  const sets = [
    { name: 'Hourly', m: 24, h: 48 },
    { name: 'Weekly', m: 1, h: 13 },
  ];
  const refById = new Map(ref.series.map((s) => [s.id, s]));
  for (const set of sets) {
    const train = readM4(join(dir, `${set.name}-train.csv`));
    const test = readM4(join(dir, `${set.name}-test.csv`));
    let smapeOurs = 0,
      smapeR = 0,
      maseOurs = 0,
      maseR = 0,
      count = 0,
      agree = 0,
      secs = 0,
      rSecs = 0,
      sameForecast = 0;
    for (const [id, yArr] of train) {
      const r = refById.get(id);
      if (!r) continue;
      const y = Float64Array.from(yArr);
      const actual = test.get(id)!;
      const t0 = performance.now();
      const fit = ets(y, set.m);
      const fc = forecastEts(fit, set.h, []);
      secs += (performance.now() - t0) / 1000;
      rSecs += r.seconds;
      if (fit.method === r.method || (r.method === 'Simple exponential smoothing' && fit.method === 'ETS(A,N,N)')) agree++;
      let maxRel = 0;
      for (let t = 0; t < set.h; t++) maxRel = Math.max(maxRel, relDiff(fc.mean[t], r.mean[t]));
      if (maxRel < 1e-6) sameForecast++;
      // Seasonal-naive in-sample MAE as MASE scale (m = 1: naive).
      let scale = 0;
      for (let t = set.m; t < y.length; t++) scale += Math.abs(y[t] - y[t - set.m]);
      scale /= y.length - set.m;
      let so = 0,
        sr = 0,
        mo = 0,
        mr = 0;
      for (let t = 0; t < set.h; t++) {
        so += (200 * Math.abs(actual[t] - fc.mean[t])) / (Math.abs(actual[t]) + Math.abs(fc.mean[t]));
        sr += (200 * Math.abs(actual[t] - r.mean[t])) / (Math.abs(actual[t]) + Math.abs(r.mean[t]));
        mo += Math.abs(actual[t] - fc.mean[t]) / scale;
        mr += Math.abs(actual[t] - r.mean[t]) / scale;
      }
      smapeOurs += so / set.h;
      smapeR += sr / set.h;
      maseOurs += mo / set.h;
      maseR += mr / set.h;
      count++;
    }
    if (count === 0) continue;
    const agreement = ref.series.some((r) => r.method !== '') ? `model agreement ${((100 * agree) / count).toFixed(1)}%, ` : '';
    console.log(`${set.name}: ${count} series, ${agreement}forecasts within 1e-6 of R's: ${((100 * sameForecast) / count).toFixed(1)}%`);
    console.log(
      `  sMAPE ours ${(smapeOurs / count).toFixed(4)}  R ${(smapeR / count).toFixed(4)}  (${((100 * (smapeOurs - smapeR)) / smapeR).toFixed(2)}%)`,
    );
    console.log(
      `  MASE  ours ${(maseOurs / count).toFixed(4)}  R ${(maseR / count).toFixed(4)}  (${((100 * (maseOurs - maseR)) / maseR).toFixed(2)}%)`,
    );
    console.log(`  time  ours ${secs.toFixed(1)} s${Number.isNaN(rSecs) ? '' : `, R ${rSecs.toFixed(1)} s`}`);
  }
}
