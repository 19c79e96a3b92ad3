/**
 * A report from a live run (`TSAgentSession.run`, `runForecast`): the artifact, the attributed
 * forecast, the backtest's CV frame and the panel that was forecast are all in memory.
 */
import type { CvFrame } from '../backtest/cvFrame.js';
import type { RunArtifact } from '../forecast/artifact.js';
import type { SessionRun } from '../runtime/session.js';
import { buildReport, type ReportOptions } from './build.js';
import type { ForecastReport } from './model.js';

/** What a report needs of a run; `SessionRun` has it all. */
export type ReportableRun = Pick<SessionRun, 'artifact' | 'forecast' | 'backtest'> & { readonly panel?: SessionRun['panel'] };

export interface RunReportOptions extends ReportOptions {
  /** The artifact to report (e.g. the one the CLI wrote, with the data source); default `run.artifact`. */
  readonly artifact?: RunArtifact;
}

export function reportFromRun(run: ReportableRun, options: RunReportOptions = {}): ForecastReport {
  const { artifact = run.artifact, ...rest } = options;
  const cv = (run.backtest as { cv?: CvFrame } | undefined)?.cv;
  return buildReport(
    {
      artifact,
      quantileLevels: run.forecast.quantileLevels,
      forecast: run.forecast.series.map((s) => ({ id: s.id, model: s.model, ds: s.ds, mean: s.mean, quantiles: s.quantiles })),
      cv: cv && cv.ds.length > 0 ? cv : undefined,
      history: run.panel?.series,
    },
    rest,
  );
}
