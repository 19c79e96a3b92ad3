/**
 * `tsagentkit/io`: tables and files (CSV, JSON, Parquet, Arrow IPC), table ↔ panel conversion, and
 * the frequency and timestamp functions (pandas aliases, inference, calendar arithmetic).
 */
export { readTable, writeTable, decodeTable, encodeTable, formatFromPath, sniffFormat, TABLE_FORMATS } from '../data/io/readWrite.js';
export type { ReadTableOptions, WriteTableOptions, TableFormat } from '../data/io/readWrite.js';
export { readCsv, writeCsv, type CsvReadOptions, type CsvWriteOptions } from '../data/io/csv.js';
export { readJson, writeJson, tableFromJsonValue, type JsonLayout } from '../data/io/json.js';
export { readParquet, writeParquet, type ParquetReadOptions } from '../data/io/parquet.js';
export { readArrow, writeArrow, tableFromArrow, type ArrowLayout } from '../data/io/arrow.js';
export { makeTable, tableFromRecords, tableToRecords, columnNames, type Table, type Column, type Cell } from '../data/io/table.js';
export { tableToPanel, convertTableToPanel, type PanelConversion } from '../validation/tableContract.js';
export {
  panelToTable,
  type TableToPanelOptions,
  type PanelToTableOptions,
  type ColumnMap,
  type CovariateRoleSpec,
  type DuplicatePolicy,
} from '../data/io/toPanel.js';
// The input and panel types and `panelFromArrays` are core types, exported by the package root.
export { inputToTable, isPanel } from '../data/input.js';
export {
  parseFreq,
  canonicalFreq,
  inferFreq,
  inferPanelFreq,
  describePanelFreq,
  seasonLengthFor,
  futureTimestamps,
  addPeriods,
  periodsBetween,
  regularGrid,
  type Freq,
  type FreqInference,
  type InferFreqOptions,
} from '../data/frequency.js';
export { toEpochMs, formatTimestamp, parseTimestampString } from '../data/timestamps.js';
export { forecastToTable, writeForecast, forecastFileName, type ForecastFrameOptions } from '../forecast/frame.js';
