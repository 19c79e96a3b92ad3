/**
 * POST /v1/forecast/panel: our long-format panel (JSON columns or records with unique_id, ds, y
 * and covariates) and a TaskSpec through the whole session pipeline (validate → qa → plan →
 * [backtest] → fit → predict). Answers the long forecast table (columnar JSON) and the run artifact.
 */
import { z } from 'zod';
import { writeJson } from '../data/io/json.js';
import { EContractEmpty, ERequestInvalid, ERequestTooLarge } from '../errors/index.js';
import { forecastToTable } from '../forecast/frame.js';
import type { TSAgentSession } from '../runtime/session.js';
import type { TaskSpecInput } from '../task/taskSpec.js';
import type { RequestLimits } from './sagemaker/toPanel.js';

export const PanelRequestSchema = z
  .object({
    data: z
      .union([z.record(z.string(), z.array(z.unknown())), z.array(z.record(z.string(), z.unknown()))])
      .describe('Columns {unique_id: [...], ds: [...], y: [...], <covariate>: [...]} or an array of row records.'),
    spec: z.record(z.string(), z.unknown()).describe('A TaskSpec, e.g. {"h": 12, "freq": "MS", "quantiles": [0.1, 0.5, 0.9]}.'),
    mode: z.enum(['quick', 'standard', 'strict']).optional().describe("QA strictness; default the server session's (standard)."),
    backtest: z.boolean().optional().describe('Run a rolling backtest before the forecast (default false).'),
  })
  .strict();

export type PanelRequest = z.output<typeof PanelRequestSchema>;

export interface PanelSummary {
  readonly rows: number;
  readonly series: number;
}

/** Counts rows and series, and enforces the server's size limits before validation does any work. */
export function checkPanelLimits(req: PanelRequest, session: TSAgentSession, limits: RequestLimits): PanelSummary {
  const ids = Array.isArray(req.data) ? req.data.map((r) => r['unique_id']) : req.data['unique_id'];
  const rows = Array.isArray(req.data) ? req.data.length : Math.max(0, ...Object.values(req.data).map((c) => c.length));
  const series = ids ? new Set(ids.map((v) => String(v))).size : 0;
  if (rows === 0) {
    throw new EContractEmpty('The panel has no rows.', {
      context: { field: 'data' },
      fixHint: 'Send at least one row: {"data": {"unique_id": ["a"], "ds": ["2024-01-01"], "y": [1]}, "spec": {"h": 7}}.',
    });
  }
  if (series > limits.maxSeries) {
    throw new ERequestTooLarge(`The panel has ${series} series; this server accepts at most ${limits.maxSeries} per request.`, {
      context: { series, maxSeries: limits.maxSeries },
    });
  }
  if (rows > limits.maxObservations) {
    throw new ERequestTooLarge(`The panel has ${rows} rows; this server accepts at most ${limits.maxObservations} per request.`, {
      context: { rows, maxObservations: limits.maxObservations },
    });
  }
  const spec = session.spec(req.spec as Partial<TaskSpecInput>); // ETaskSpecInvalid names any bad field
  if (spec.h > limits.maxPredictionLength) {
    throw new ERequestInvalid(`h ${spec.h} is over this server's limit of ${limits.maxPredictionLength}.`, {
      context: { field: 'spec.h', value: spec.h, max: limits.maxPredictionLength },
      fixHint: `Ask for at most ${limits.maxPredictionLength} steps, or start the server with a larger --max-prediction-length.`,
    });
  }
  return { rows, series };
}

/** Runs the pipeline; the response is JSON text (the table is serialised once, not twice). */
export async function runPanelForecast(
  session: TSAgentSession,
  req: PanelRequest,
): Promise<{ json: string; models: string; series: number }> {
  const run = await session.run(req.data, req.spec as Partial<TaskSpecInput>, {
    ...(req.mode ? { mode: req.mode } : {}),
    backtest: req.backtest ?? false,
    source: 'http',
  });
  const table = forecastToTable(run.forecast);
  const models = [...new Set(Object.values(run.modelBySeries))].join(',');
  return {
    json: `{"forecast":${writeJson(table, 'columnar')},"modelBySeries":${JSON.stringify(run.modelBySeries)},"artifact":${JSON.stringify(run.artifact)}}`,
    models,
    series: run.forecast.series.length,
  };
}
