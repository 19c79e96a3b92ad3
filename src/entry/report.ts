/**
 * `tsagentkit/report`: forecast reports — the self-contained HTML page (`renderReport`,
 * `writeReport`), fan charts rendered in Node as SVG or PNG (`plotForecast`, `writePlots`), and the
 * report model they are drawn from (`reportFromRun`, `loadReport` for an output folder,
 * `buildReport`). Vega, Vega-Lite and resvg load on first use.
 */
export * from '../report/index.js';
