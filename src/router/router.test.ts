import { describe, expect, it } from 'vitest';
import { panelFromArrays, type Panel } from '../data/panel.js';
import { ETSFMRequiredUnavailable, EContractEmpty } from '../errors/index.js';
import { parseTaskSpec } from '../task/taskSpec.js';
import { makePlan } from './plan.js';
import { demandStatistics, missingTimestamps, profileSeries } from './profile.js';
import { acf, seasonalityTest } from './seasonality.js';
import { DEFAULT_THRESHOLDS } from './thresholds.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Deterministic pseudo-noise in [-0.5, 0.5) (a fixed LCG, so tests never depend on Math.random). */
function noise(n: number, seed = 7): number[] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648 - 0.5;
  });
}

function hourly(id: string, y: number[]) {
  return { id, ds: y.map((_, i) => Date.UTC(2024, 0, 1) + i * HOUR), y };
}

const seasonalY = (n: number) => Array.from({ length: n }, (_, i) => 10 + 5 * Math.sin((2 * Math.PI * i) / 24) + noise(n)[i]);

describe('acf and the seasonality test', () => {
  it('matches R acf(1:4) at lag 1 (0.25) and handles constants', () => {
    expect(acf([1, 2, 3, 4], 1)).toBeCloseTo(0.25, 12);
    expect(acf([1, 2, 3, 4], 0)).toBeCloseTo(1, 12);
    expect(acf([5, 5, 5], 1)).toBe(0);
    // pairs with a missing end are skipped: mean 7/3, deviations -4/3, -1/3, 5/3 → c0 = 42/9, c1 = 4/9
    expect(acf([1, 2, Number.NaN, 4], 1)).toBeCloseTo(4 / 42, 12);
  });

  it('detects a 24-hour cycle and rejects noise', () => {
    const s = seasonalityTest(seasonalY(24 * 6), 24);
    expect(s.seasonal).toBe(true);
    expect(s.acf).toBeGreaterThan(0.8);
    expect(seasonalityTest(noise(24 * 6, 3), 24).seasonal).toBe(false);
  });

  it('skips the test for m = 1 and for fewer than three seasons (M4 rule)', () => {
    expect(seasonalityTest(seasonalY(100), 1).skipped).toMatch(/season length is 1/);
    expect(seasonalityTest(seasonalY(24 * 2), 24).skipped).toMatch(/needs 72/);
    // the original's threshold rule needs only n > m
    expect(seasonalityTest(seasonalY(24 * 2), 24, { method: 'threshold' }).skipped).toBeUndefined();
    expect(seasonalityTest(seasonalY(24 * 5), 24, { method: 'threshold' }).seasonal).toBe(true);
  });
});

describe('series profiles', () => {
  it('computes ADI and CV² of non-zero demand (Syntetos–Boylan)', () => {
    const d = demandStatistics([0, 0, 3, 0, 5, 0, 0, 1]);
    expect(d.adi).toBeCloseTo(2.5, 12); // non-zero at 2, 4, 7
    expect(d.cv2).toBeCloseTo(8 / 3 / 9, 12); // sizes 3, 5, 1: variance 8/3, mean 3
    expect(d.zeroRatio).toBeCloseTo(5 / 8, 12);
    expect(demandStatistics([0, 0, 4]).adi).toBeNull();
  });

  it('counts missing timestamps from the modal step, calendar months included', () => {
    const months = [0, 1, 2, 4, 5, 6, 7].map((m) => Date.UTC(2020, m, 1)); // May missing
    expect(missingTimestamps(Float64Array.from(months))).toBe(1);
    const days = [0, 1, 2, 3, 7, 8].map((d) => d * DAY); // 3 days missing
    expect(missingTimestamps(Float64Array.from(days))).toBe(3);
  });

  it('classifies cold start, intermittent, sparse and regular in that order', () => {
    const th = DEFAULT_THRESHOLDS;
    const panel = panelFromArrays([
      hourly('cold', [1, 2, 3, 4, 5]),
      hourly(
        'lumpy',
        Array.from({ length: 60 }, (_, i) => (i % 4 === 0 ? [1, 12, 3, 30][(i / 4) % 4] : 0)),
      ),
      hourly(
        'gappy',
        Array.from({ length: 60 }, (_, i) => (i % 4 === 1 ? Number.NaN : 10 + noise(60)[i])),
      ),
      hourly(
        'fine',
        Array.from({ length: 60 }, (_, i) => 10 + noise(60)[i]),
      ),
      hourly(
        'tiny-cold',
        Array.from({ length: 12 }, (_, i) => (i < 3 ? Number.NaN : 1)),
      ),
    ]);
    const byId = Object.fromEntries(panel.series.map((s) => [s.id, profileSeries(s, 24, th)]));
    expect(byId['cold'].seriesClass).toBe('cold_start');
    expect(byId['tiny-cold'].seriesClass).toBe('cold_start'); // 9 observed of 12 rows
    expect(byId['lumpy'].seriesClass).toBe('intermittent');
    expect(byId['lumpy'].adi).toBeCloseTo(4, 12);
    expect(byId['gappy'].seriesClass).toBe('sparse');
    expect(byId['gappy'].missingRatio).toBeCloseTo(0.25, 12);
    expect(byId['fine'].seriesClass).toBe('regular');
    expect(byId['fine'].reason).toMatch(/no seasonality test/);
  });

  it('never calls a series with negative values intermittent; steady-size sparse demand is intermittent (SBC), not regular', () => {
    const th = DEFAULT_THRESHOLDS;
    const signed = panelFromArrays([
      hourly(
        's',
        Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? -5 : 0)),
      ),
    ]).series[0];
    expect(profileSeries(signed, 1, th).seriesClass).toBe('regular');
    const smooth = panelFromArrays([
      hourly(
        'c',
        Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 2 : 0)),
      ),
    ]).series[0];
    const p = profileSeries(smooth, 1, th);
    expect(p.cv2).toBe(0);
    expect(p.seriesClass).toBe('intermittent');
    expect(p.reason).toBe('ADI 3.000 ≥ 1.32; CV² 0.000 < 0.49: intermittent demand');
  });
});

describe('makePlan', () => {
  const mixed: Panel = panelFromArrays(
    [
      hourly('s1', seasonalY(120)),
      hourly(
        's2',
        seasonalY(120).map((v) => v * 2),
      ),
      hourly(
        'flat',
        Array.from({ length: 120 }, (_, i) => 50 + noise(120, 11)[i]),
      ),
      hourly(
        'demand',
        Array.from({ length: 120 }, (_, i) => (i % 5 === 0 ? [1, 20, 2, 15][(i / 5) % 4] : 0)),
      ),
      hourly('new', [3, 4, 5]),
    ],
    'H',
  );

  it('groups series into buckets with their ladders and derives the season length from freq', () => {
    const plan = makePlan(mixed, parseTaskSpec({ h: 24, tsfmPolicy: { mode: 'disabled' } }));
    expect(plan.seasonLength).toBe(24);
    expect(plan.perSeriesClass).toEqual({ s1: 'regular', s2: 'regular', flat: 'regular', demand: 'intermittent', new: 'cold_start' });
    const buckets = Object.fromEntries(plan.buckets.map((b) => [b.key, b]));
    expect(buckets['regular_seasonal'].seriesIds).toEqual(['s1', 's2']);
    expect(buckets['regular_seasonal'].candidates).toEqual(['AutoETS', 'Theta', 'SeasonalNaive', 'Naive']);
    expect(buckets['regular'].seriesIds).toEqual(['flat']);
    expect(buckets['intermittent'].candidates).toEqual(['CrostonSBA', 'TSB', 'Naive']);
    expect(buckets['cold_start'].candidates).toEqual(['HistoricAverage', 'Naive']);
    // panel ladder: largest bucket first, Naive last
    expect(plan.candidates).toEqual(['AutoETS', 'Theta', 'SeasonalNaive', 'CrostonSBA', 'TSB', 'HistoricAverage', 'Naive']);
    expect(plan.tsfmCandidates).toEqual([]);
    expect(plan.quantiles).toEqual([0.025, 0.1, 0.5, 0.9, 0.975]);
    expect(plan.stats.classCounts).toEqual({ cold_start: 1, intermittent: 1, sparse: 0, regular: 3 });
    expect(plan.reasons.join('\n')).toMatch(/TSFM policy disabled/);
  });

  it('preferred: available TSFMs first in policy order; intermittent buckets skip them', () => {
    const spec = parseTaskSpec({ h: 24, tsfmPolicy: { mode: 'preferred', adapters: ['timesfm', 'chronos', 'moirai'] } });
    const plan = makePlan(mixed, spec, { availableAdapters: ['chronos', 'timesfm'] });
    expect(plan.tsfm.selected).toEqual(['timesfm', 'chronos']);
    expect(plan.tsfm.unavailable).toEqual({ moirai: 'not available (no loaded adapter or checkpoint)' });
    expect(plan.candidates.slice(0, 3)).toEqual(['timesfm', 'chronos', 'AutoETS']);
    expect(plan.tsfmCandidates).toEqual(['timesfm', 'chronos']);
    const intermittent = plan.buckets.find((b) => b.key === 'intermittent')!;
    expect(intermittent.candidates).toEqual(['CrostonSBA', 'TSB', 'Naive']);
    expect(intermittent.reasons.join(' ')).toMatch(/TSFMs skipped/);
  });

  it('preferred without TSFMs falls back to the statistical ladder and says why', () => {
    const spec = parseTaskSpec({ h: 24 });
    const plan = makePlan(mixed, spec, { unavailableReasons: { chronos: 'no checkpoint in /models' } });
    expect(plan.tsfmCandidates).toEqual([]);
    expect(plan.candidates[0]).toBe('AutoETS');
    expect(plan.reasons.join('\n')).toMatch(/chronos: no checkpoint in \/models/);
  });

  it('required: TSFMs only, or ETSFMRequiredUnavailable', () => {
    const spec = parseTaskSpec({ h: 24, tsfmPolicy: { mode: 'required', adapters: ['chronos'] } });
    const plan = makePlan(mixed, spec, { availableAdapters: ['chronos'] });
    expect(plan.candidates).toEqual(['chronos']);
    expect(plan.buckets.every((b) => b.candidates.join() === 'chronos')).toBe(true);
    expect(() => makePlan(mixed, spec)).toThrow(ETSFMRequiredUnavailable);
    const noFallback = parseTaskSpec({ h: 24, tsfmPolicy: { mode: 'preferred', allowNonTsfmFallback: false } });
    expect(() => makePlan(mixed, noFallback)).toThrow(/disallows non-TSFM fallback/);
  });

  it('size guardrail blocks TSFMs', () => {
    const spec = parseTaskSpec({ h: 24, tsfmPolicy: { mode: 'preferred', adapters: ['chronos'] } });
    const plan = makePlan(mixed, spec, { availableAdapters: ['chronos'], thresholds: { maxSeriesForTsfm: 4 } });
    expect(plan.tsfm.allowedByGuardrail).toBe(false);
    expect(plan.tsfmCandidates).toEqual([]);
    expect(plan.tsfm.unavailable['chronos']).toMatch(/guardrail: 5 series \(max 4\)/);
    const required = parseTaskSpec({ h: 24, tsfmPolicy: { mode: 'required', adapters: ['chronos'] } });
    expect(() => makePlan(mixed, required, { availableAdapters: ['chronos'], thresholds: { maxPointsPerSeriesForTsfm: 100 } })).toThrow(
      ETSFMRequiredUnavailable,
    );
  });

  it('drops models the registry does not know, keeping Naive', () => {
    const plan = makePlan(mixed, parseTaskSpec({ h: 24, tsfmPolicy: 'disabled' }), { knownModels: ['Theta', 'HistoricAverage'] });
    expect(plan.candidates).toEqual(['Theta', 'HistoricAverage', 'Naive']);
    expect(plan.buckets.find((b) => b.key === 'regular_seasonal')!.reasons.join(' ')).toMatch(/skipped: AutoETS, SeasonalNaive/);
  });

  it('is deterministic and JSON-safe; the signature follows the inputs', () => {
    const spec = parseTaskSpec({ h: 24 });
    const a = makePlan(mixed, spec);
    const b = makePlan(mixed, spec);
    expect(a).toEqual(b);
    expect(a.signature).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
    expect(makePlan(mixed, parseTaskSpec({ h: 12 })).signature).not.toBe(a.signature);
  });

  it('rejects an empty panel with a typed error', () => {
    expect(() => makePlan(panelFromArrays([]), parseTaskSpec({ h: 1 }))).toThrow(EContractEmpty);
  });
});
