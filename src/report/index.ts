export type { ForecastReport, ReportSeries, ReportInterval, ReportBacktestWindow, ReportFallback } from './model.js';
export { isForecastReport, intervalLabel, seriesSubtitle } from './model.js';
export {
  buildReport,
  type ReportInputs,
  type ReportOptions,
  type ReportForecastSeries,
  type ReportCvRows,
  type ReportHistorySeries,
} from './build.js';
export { reportFromRun, type ReportableRun, type RunReportOptions } from './fromRun.js';
export { loadReport, type DirReport, type DirReportOptions, type HistoryColumns } from './fromFiles.js';
export { asReport, type ReportInput } from './input.js';
export { renderReport, writeReport } from './render.js';
export { plotForecast, writePlots, PLOT_FORMATS, type PlotFormat, type PlotOptions, type WritePlotsOptions } from './plot.js';
export { fanChartSpec, FAN_CHART_MARKS, FAN_CHART_SIZE, type FanChartOptions, type VegaLiteSpec } from './chartSpec.js';
export { timeFormatsFor } from './timeAxis.js';
export { OKABE_ITO } from './palette.js';
