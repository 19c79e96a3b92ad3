/**
 * Compares the QA outlier detector (src/qa/outliers.ts) with R's `forecast::tsoutliers` on the JSON
 * written by tsoutliers_reference.R, and writes the summary figures.
 *
 *   npx vite-node scripts/r/tsoutliers_compare.ts -- <reference.json> <m4-dir> [summary.json]
 *
 * Per set (M4 Hourly m = 24, M4 Weekly m = 52, the synthetic panel m = 7): points flagged by both,
 * by ours only, by R only; precision = both / ours and recall = both / R (R as the truth), and the
 * share of series whose flagged set is identical. The synthetic panel is also scored against its
 * known spikes (ours and R's).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { detectOutliers } from '../../src/qa/outliers.js';

interface RefSeries {
  id: string;
  m: number;
  n: number;
  index: number[] | number;
  seconds: number;
  y?: number[];
  spikes?: number[] | number;
}
interface Reference {
  forecast: string;
  hourly: RefSeries[];
  weekly: RefSeries[];
  synthetic: RefSeries[];
}

const args = process.argv.slice(2).filter((a) => a !== '--');
const [refPath, m4dir, summaryPath] = args;
if (!refPath || !m4dir) throw new Error('usage: tsoutliers_compare.ts <reference.json> <m4-dir> [summary.json]');
const ref = JSON.parse(readFileSync(refPath, 'utf8')) as Reference;

// jsonlite's auto_unbox writes a one-element index as a number.
const list = (v: number[] | number | undefined): number[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function readM4(name: string): Map<string, number[]> {
  const lines = readFileSync(join(m4dir, name), 'utf8').trim().split('\n').slice(1);
  return new Map(
    lines.map((line) => {
      const cells = line.split(',');
      const id = cells[0].replace(/"/g, '');
      const y = cells
        .slice(1)
        .map((c) => c.replace(/"/g, ''))
        .filter((c) => c !== '' && c !== 'NA')
        .map(Number);
      return [id, y];
    }),
  );
}

interface Tally {
  series: number;
  both: number;
  oursOnly: number;
  otherOnly: number;
  identical: number;
}
const tally = (): Tally => ({ series: 0, both: 0, oursOnly: 0, otherOnly: 0, identical: 0 });
function add(t: Tally, ours: readonly number[], other: readonly number[]): void {
  const o = new Set(other);
  const both = ours.filter((i) => o.has(i)).length;
  t.series++;
  t.both += both;
  t.oursOnly += ours.length - both;
  t.otherOnly += other.length - both;
  if (both === ours.length && both === other.length) t.identical++;
}
const round = (x: number) => Math.round(x * 10000) / 10000;
function figures(t: Tally) {
  const flaggedOurs = t.both + t.oursOnly;
  const flaggedOther = t.both + t.otherOnly;
  return {
    series: t.series,
    flaggedOurs,
    flaggedReference: flaggedOther,
    both: t.both,
    precision: flaggedOurs ? round(t.both / flaggedOurs) : 1,
    recall: flaggedOther ? round(t.both / flaggedOther) : 1,
    identicalSeries: round(t.identical / Math.max(t.series, 1)),
  };
}

const started = performance.now();
const summary: Record<string, unknown> = { forecast: ref.forecast };
for (const [set, file] of [
  ['hourly', 'Hourly-train.csv'],
  ['weekly', 'Weekly-train.csv'],
] as const) {
  const data = readM4(file);
  const t = tally();
  for (const r of ref[set]) {
    const y = data.get(r.id);
    if (!y) throw new Error(`series ${r.id} is not in ${file}`);
    add(
      t,
      detectOutliers(y, r.m).map((i) => i + 1),
      list(r.index),
    );
  }
  summary[set] = { m: ref[set][0]?.m, vsR: figures(t) };
}
const vsR = tally();
const oursVsSpikes = tally();
const rVsSpikes = tally();
for (const r of ref.synthetic) {
  const ours = detectOutliers(r.y!, r.m).map((i) => i + 1);
  add(vsR, ours, list(r.index));
  add(oursVsSpikes, ours, list(r.spikes));
  add(rVsSpikes, list(r.index), list(r.spikes));
}
summary['synthetic'] = {
  m: ref.synthetic[0]?.m,
  vsR: figures(vsR),
  oursVsKnownSpikes: figures(oursVsSpikes),
  rVsKnownSpikes: figures(rVsSpikes),
};
summary['oursSeconds'] = round((performance.now() - started) / 1000);
summary['rSeconds'] = round([...ref.hourly, ...ref.weekly, ...ref.synthetic].reduce((a, r) => a + r.seconds, 0));
const text = `${JSON.stringify(summary, null, 2)}\n`;
process.stdout.write(text);
if (summaryPath) writeFileSync(summaryPath, text);
