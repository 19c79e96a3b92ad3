/**
 * Runs for report tests: synthetic monthly panels forecast by a real session whose ladder is a fixed
 * list of statistical models (fast at any panel size), with a real backtest, so reports carry every part:
 * history, bands, backtest windows, metrics.
 */
import { panelFromArrays, type Panel } from '../../data/panel.js';
import { TSAgentSession, type SessionRun } from '../../runtime/session.js';

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

export async function runLadder(
  panel: Panel,
  options: { h?: number; candidates?: readonly string[]; backtest?: boolean } = {},
): Promise<SessionRun> {
  const session = new TSAgentSession({
    mode: 'standard',
    // The TaskSpec's `models` make every ladder exactly these (no TSFMs): fast at any panel size.
    taskSpecDefaults: {
      h: options.h ?? 6,
      tsfmPolicy: { mode: 'disabled' },
      models: [...(options.candidates ?? ['SeasonalNaive', 'Naive'])],
    },
  });
  try {
    return await session.run(panel, {}, { backtest: options.backtest ?? true, source: 'memory' });
  } finally {
    await session.close();
  }
}
