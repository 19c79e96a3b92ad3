/**
 * makePlan: the deterministic routing decision for a panel. Pure: the same panel, spec and options
 * always give the same plan (and signature); nothing is loaded or fitted here.
 *
 * A plan has
 * - `buckets`: series grouped by class (+ seasonality), each with its own ordered candidate ladder,
 *   for callers that fit per bucket;
 * - `candidates`: one ladder for the whole panel, for callers that fit the panel at once: the
 *   largest bucket's ladder first, then the other buckets' models, Naive last;
 * - `reasons`: why, in plain sentences safe for logs and agents.
 *
 * TSFM policy (as the Python original): `required` → TSFM adapters only, ETSFMRequiredUnavailable when
 * none is available; `preferred` → TSFMs then statistical models (statistical only for intermittent
 * buckets, and TSFMs only when `allowNonTsfmFallback` is false); `disabled` → statistical only. The size
 * guardrail blocks TSFMs for more than 20 000 series or more than 5 000 points in a series.
 */
import type { Panel } from '../data/panel.js';
import { EContractEmpty, ETSFMRequiredUnavailable } from '../errors/index.js';
import { requiredQuantiles, type TaskSpec } from '../task/taskSpec.js';
import { BUCKET_ORDER, bucketKey, NAIVE, STATISTICAL_LADDERS, type BucketKey } from './ladders.js';
import { profileSeries, type SeriesClass, type SeriesProfile } from './profile.js';
import { resolveFreq, resolveSeasonLength } from '../task/resolvedTask.js';
import { signatureOf } from '../task/signature.js';
import { DEFAULT_THRESHOLDS, type RouterThresholds } from './thresholds.js';

export type TsfmMode = 'required' | 'preferred' | 'disabled';

export interface MakePlanOptions {
  /** TSFM adapters that can run now (configured in the pool / checkpoint found). Default: none. */
  readonly availableAdapters?: readonly string[];
  /** Why an adapter is unavailable, e.g. "no checkpoint in ~/.cache/huggingface"; shown in reasons. */
  readonly unavailableReasons?: Readonly<Record<string, string>>;
  /** The run's resolved frequency, as written (null: none); without it the plan resolves it from the spec and the panel. */
  readonly freq?: string | null;
  /** Overrides the season length derived from spec.seasonLength or the frequency. */
  readonly seasonLength?: number;
  readonly thresholds?: Partial<RouterThresholds>;
  /** Statistical models the registry provides; ladder entries not listed are dropped (Naive is kept). */
  readonly knownModels?: readonly string[];
  /** Replaces the statistical ladder of some buckets. */
  readonly ladders?: Partial<Record<BucketKey, readonly string[]>>;
}

export interface PlanBucket {
  readonly key: BucketKey;
  readonly seriesClass: SeriesClass;
  readonly seasonal: boolean;
  readonly seriesIds: readonly string[];
  /** Ordered candidate ladder for these series (TSFM adapter names and statistical model names). */
  readonly candidates: readonly string[];
  readonly reasons: readonly string[];
}

export interface TsfmDecision {
  readonly mode: TsfmMode;
  /** Adapters named by the policy, in policy order. */
  readonly requested: readonly string[];
  /** Requested adapters that are available and allowed: the TSFM candidates, in policy order. */
  readonly selected: readonly string[];
  /** Requested adapters not selected → why. */
  readonly unavailable: Readonly<Record<string, string>>;
  readonly allowedByGuardrail: boolean;
  readonly allowNonTsfmFallback: boolean;
}

export interface PlanStats {
  readonly nSeries: number;
  readonly minLength: number;
  readonly maxLength: number;
  readonly totalPoints: number;
  readonly meanMissingRatio: number;
  readonly intermittentShare: number;
  readonly seasonalShare: number;
  /** Mean |ACF| at the season lag over the series where it was computed (the original's "seasonality confidence"). */
  readonly seasonalityConfidence: number;
  readonly classCounts: Readonly<Record<SeriesClass, number>>;
}

export interface Plan {
  readonly version: 1;
  readonly h: number;
  readonly freq: string | null;
  readonly seasonLength: number;
  /** Every quantile level forecasts must carry (spec quantiles plus both ends of each level). */
  readonly quantiles: readonly number[];
  readonly levels: readonly number[];
  /** Panel-level ordered ladder. */
  readonly candidates: readonly string[];
  /** The subset of `candidates` that are TSFM adapters (the rest are statistical models). */
  readonly tsfmCandidates: readonly string[];
  readonly perSeriesClass: Readonly<Record<string, SeriesClass>>;
  readonly buckets: readonly PlanBucket[];
  readonly profiles: readonly SeriesProfile[];
  readonly tsfm: TsfmDecision;
  readonly stats: PlanStats;
  readonly thresholds: RouterThresholds;
  readonly reasons: readonly string[];
  /** 16 hex characters of SHA-256 over the rest of the plan. */
  readonly signature: string;
}

export function makePlan(panel: Panel, spec: TaskSpec, options: MakePlanOptions = {}): Plan {
  if (panel.series.length === 0) {
    throw new EContractEmpty('Cannot plan an empty panel: it has no series.', { context: { nSeries: 0 } });
  }
  const th: RouterThresholds = { ...DEFAULT_THRESHOLDS, ...(options.thresholds ?? {}) };
  const freq = options.freq !== undefined ? options.freq : (resolveFreq(spec.freq, panel) ?? null);
  const seasonLength = resolveSeasonLength(spec.seasonLength ?? options.seasonLength, freq);

  const profiles = panel.series.map((s) => profileSeries(s, seasonLength, th));
  const stats = panelStats(profiles);
  const tsfm = decideTsfm(spec, stats, th, options);

  const reasons: string[] = [];
  reasons.push(
    `${stats.nSeries} series, lengths ${stats.minLength}–${stats.maxLength}, freq ${freq ?? 'unknown'}, season length ${seasonLength}` +
      (stats.minLength < th.shortHistory ? ` (shortest history < ${th.shortHistory} points)` : ''),
  );
  reasons.push(tsfmReason(tsfm));

  const known = options.knownModels ? new Set(options.knownModels) : undefined;
  const groups = new Map<BucketKey, SeriesProfile[]>();
  for (const p of profiles) {
    const key = bucketKey(p.seriesClass, p.seasonal);
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  const buckets: PlanBucket[] = [];
  for (const key of BUCKET_ORDER) {
    const members = groups.get(key);
    if (!members) continue;
    buckets.push(buildBucket(key, members, tsfm, options.ladders?.[key] ?? STATISTICAL_LADDERS[key], known));
  }
  // Largest bucket first; BUCKET_ORDER breaks ties (stable sort).
  const bySize = [...buckets].sort((a, b) => b.seriesIds.length - a.seriesIds.length);
  const candidates = mergeLadders(bySize.map((b) => b.candidates));
  const tsfmCandidates = candidates.filter((c) => tsfm.selected.includes(c));
  reasons.push(
    `buckets: ${buckets.map((b) => `${b.key} (${b.seriesIds.length})`).join(', ')}; panel ladder led by the largest bucket, ${bySize[0].key}`,
  );
  reasons.push(`selected models: ${candidates.join(' → ')}`);

  const perSeriesClass: Record<string, SeriesClass> = {};
  for (const p of profiles) perSeriesClass[p.id] = p.seriesClass;

  const body = {
    version: 1 as const,
    h: spec.h,
    freq,
    seasonLength,
    quantiles: requiredQuantiles(spec),
    levels: [...spec.levels],
    candidates,
    tsfmCandidates,
    perSeriesClass,
    buckets,
    profiles,
    tsfm,
    stats,
    thresholds: th,
    reasons,
  };
  return { ...body, signature: signatureOf(body) };
}

function panelStats(profiles: readonly SeriesProfile[]): PlanStats {
  const classCounts: Record<SeriesClass, number> = { cold_start: 0, intermittent: 0, sparse: 0, regular: 0 };
  let minLength = Infinity;
  let maxLength = 0;
  let totalPoints = 0;
  let missing = 0;
  let seasonal = 0;
  let acfSum = 0;
  let acfN = 0;
  for (const p of profiles) {
    classCounts[p.seriesClass] += 1;
    minLength = Math.min(minLength, p.length);
    maxLength = Math.max(maxLength, p.length);
    totalPoints += p.length;
    missing += p.missingRatio;
    if (p.seasonal) seasonal += 1;
    if (p.seasonalAcf !== null) {
      acfSum += Math.abs(p.seasonalAcf);
      acfN += 1;
    }
  }
  const n = profiles.length;
  return {
    nSeries: n,
    minLength,
    maxLength,
    totalPoints,
    meanMissingRatio: missing / n,
    intermittentShare: classCounts.intermittent / n,
    seasonalShare: seasonal / n,
    seasonalityConfidence: acfN === 0 ? 0 : acfSum / acfN,
    classCounts,
  };
}

function decideTsfm(spec: TaskSpec, stats: PlanStats, th: RouterThresholds, options: MakePlanOptions): TsfmDecision {
  const policy = spec.tsfmPolicy;
  const mode = policy.mode;
  const requested = [...new Set(policy.adapters)];
  const allowNonTsfmFallback = mode === 'disabled' ? true : (policy.allowNonTsfmFallback ?? mode !== 'required');
  const allowedByGuardrail = stats.nSeries <= th.maxSeriesForTsfm && stats.maxLength <= th.maxPointsPerSeriesForTsfm;
  const unavailable: Record<string, string> = {};
  const selected: string[] = [];

  if (mode !== 'disabled') {
    if (!allowedByGuardrail) {
      const why = `routing guardrail: ${stats.nSeries} series (max ${th.maxSeriesForTsfm}), longest ${stats.maxLength} points (max ${th.maxPointsPerSeriesForTsfm})`;
      for (const a of requested) unavailable[a] = why;
    } else {
      const available = new Set(options.availableAdapters ?? []);
      for (const a of requested) {
        if (available.has(a)) selected.push(a);
        else unavailable[a] = options.unavailableReasons?.[a] ?? 'not available (no loaded adapter or checkpoint)';
      }
    }
  }
  const decision: TsfmDecision = { mode, requested, selected, unavailable, allowedByGuardrail, allowNonTsfmFallback };

  if (mode !== 'disabled' && selected.length === 0 && (mode === 'required' || !allowNonTsfmFallback)) {
    const message =
      mode === 'required'
        ? 'TSFM policy requires at least one available adapter, but none were found.'
        : 'TSFM adapters unavailable and policy disallows non-TSFM fallback.';
    throw new ETSFMRequiredUnavailable(message, {
      context: { mode, preferredAdapters: requested, unavailable, allowedByGuardrail },
    });
  }
  return decision;
}

function tsfmReason(t: TsfmDecision): string {
  if (t.mode === 'disabled') return 'TSFM policy disabled: statistical models only';
  const parts = [`TSFM policy ${t.mode}`];
  parts.push(t.selected.length > 0 ? `TSFM candidates: ${t.selected.join(', ')}` : 'no TSFM adapter available');
  const missing = Object.entries(t.unavailable).map(([a, why]) => `${a}: ${why}`);
  if (missing.length > 0) parts.push(`unavailable: ${missing.join('; ')}`);
  if (!t.allowNonTsfmFallback) parts.push('no statistical fallback allowed');
  return parts.join('; ');
}

function buildBucket(
  key: BucketKey,
  members: readonly SeriesProfile[],
  tsfm: TsfmDecision,
  ladder: readonly string[],
  known: Set<string> | undefined,
): PlanBucket {
  const reasons: string[] = [];
  const first = members[0];
  reasons.push(`${members.length} series classed ${first.seriesClass}${first.seasonal ? ', seasonal' : ''}`);
  const statistical = ladder.filter((m) => m === NAIVE || !known || known.has(m));
  const dropped = ladder.filter((m) => !statistical.includes(m));
  if (dropped.length > 0) reasons.push(`not in the model registry, skipped: ${dropped.join(', ')}`);

  let candidates: string[];
  if (tsfm.mode === 'disabled') {
    candidates = [...statistical];
  } else if (tsfm.mode === 'required' || !tsfm.allowNonTsfmFallback) {
    candidates = [...tsfm.selected];
  } else if (first.seriesClass === 'intermittent') {
    // As the original: with a statistical fallback allowed, intermittent demand goes to the
    // intermittent-demand models rather than to TSFMs.
    candidates = [...statistical];
    if (tsfm.selected.length > 0) reasons.push('intermittent demand: TSFMs skipped in preferred mode (Croston-type models first)');
  } else {
    candidates = [...tsfm.selected, ...statistical];
  }
  if (candidates.length === 0) candidates = [NAIVE];
  reasons.push(`ladder: ${candidates.join(' → ')}`);
  return {
    key,
    seriesClass: first.seriesClass,
    seasonal: first.seasonal,
    seriesIds: members.map((m) => m.id),
    candidates,
    reasons,
  };
}

/** Concatenates ladders in order, dropping repeats and moving Naive to the end. */
function mergeLadders(ladders: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  let naive = false;
  for (const ladder of ladders) {
    for (const m of ladder) {
      if (m === NAIVE) naive = true;
      else if (!out.includes(m)) out.push(m);
    }
  }
  if (naive) out.push(NAIVE);
  return out;
}
