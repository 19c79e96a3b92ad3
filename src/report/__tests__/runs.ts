/**
 * Runs for report tests: synthetic monthly panels forecast by a real session whose plan is a fixed
 * statistical ladder (fast at any panel size), with a real backtest, so reports carry every part:
 * history, bands, backtest windows, metrics.
 */
import { panelFromArrays, type Panel } from '../../data/panel.js';
import { TSAgentSession, type SessionRun } from '../../runtime/session.js';
import type { SessionSteps } from '../../runtime/sessionSteps.js';

/** Monthly series from January of `startYear`: season 12, a trend, deterministic noise; `ids` names them. */
export function seasonalPanel(ids: readonly string[], length: number, startYear = 2000): Panel {
  return panelFromArrays(
    ids.map((id, k) => ({
      id,
      ds: Array.from({ length }, (_, i) => Date.UTC(startYear, i, 1)),
      y: Array.from({ length }, (_, i) => 100 + 10 * k + 0.5 * i + 12 * Math.sin((2 * Math.PI * i) / 12) + 3 * Math.sin(7.3 * i + k)),
    })),
    'MS',
  );
}

/** A plan step that sends every series down one fixed ladder, recorded like the router's buckets. */
export function fixedLadder(candidates: readonly string[]): Pick<SessionSteps, 'plan'> {
  return {
    plan: (panel) => {
      const seriesIds = panel.series.map((s) => s.id);
      return {
        plan: { candidates: [...candidates], buckets: [{ key: 'all', seriesIds, candidates: [...candidates] }] },
        groups: [{ key: 'all', series: seriesIds, candidates }],
      };
    },
  };
}

export async function runLadder(panel: Panel, options: { h?: number; candidates?: readonly string[]; backtest?: boolean } = {}): Promise<SessionRun> {
  const session = new TSAgentSession({
    mode: 'standard',
    taskSpecDefaults: { h: options.h ?? 6, tsfmPolicy: { mode: 'disabled' } },
    steps: fixedLadder(options.candidates ?? ['SeasonalNaive', 'Naive']),
  });
  try {
    return await session.run(panel, {}, { backtest: options.backtest ?? true, source: 'memory' });
  } finally {
    await session.close();
  }
}
