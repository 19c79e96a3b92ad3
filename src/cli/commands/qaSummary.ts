/**
 * The summary line for what QA found and changed: warnings by kind and the repairs that changed the
 * data (values filled, rows sorted, outliers clipped), so a CLI user sees that the forecast was made
 * on repaired data without opening the artifact.
 */
import type { QAReport } from '../../qa/qa.js';

function byKind<T>(items: readonly T[], kind: (item: T) => string, count: (item: T) => number): string {
  const totals = new Map<string, number>();
  for (const item of items) totals.set(kind(item), (totals.get(kind(item)) ?? 0) + count(item));
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
}

/** E.g. "1 warning (gaps 5); repairs in 2 series: forward_fill 5, gap_fill 5" (counts are values). */
export function formatQaSummary(report: QAReport): string {
  const warnings = report.issues.filter((i) => i.severity !== 'info');
  const found = warnings.length
    ? `${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'} (${byKind(
        warnings,
        (i) => i.type,
        (i) => i.count,
      )})`
    : 'no warnings';
  const changed = report.repairs.filter((r) => r.count > 0);
  if (!changed.length) return `${found}; no repairs`;
  // A gap is first inserted (gap_fill) and then filled (forward_fill): kinds are counted apart, not summed.
  const series = new Set(changed.map((r) => r.seriesId)).size;
  return `${found}; repairs in ${series} series: ${byKind(
    changed,
    (r) => r.kind,
    (r) => r.count,
  )}`;
}
