/** What `renderReport` and `plotForecast` accept: a built report or a run (`TSAgentSession.run`'s result). */
import { reportFromRun, type ReportableRun, type RunReportOptions } from './fromRun.js';
import { isForecastReport, type ForecastReport } from './model.js';

export type ReportInput = ForecastReport | ReportableRun;

export function asReport(input: ReportInput, options: RunReportOptions = {}): ForecastReport {
  return isForecastReport(input) ? input : reportFromRun(input, options);
}
