/**
 * The Chronos-2 SageMaker endpoint contract (SageMaker JumpStart `pytorch-forecasting-chronos-2`,
 * documented in chronos-forecasting's deploy notebook), as zod schemas: `inputs[]` of series with
 * `target` (a list, or a list of lists for a multivariate series), optional `item_id`, `start`,
 * `past_covariates`, `future_covariates`; `parameters` with `prediction_length`, `quantile_levels`,
 * `freq`, `batch_size`, `cross_learning` (the notebook's older name `predict_batches_jointly` is an
 * alias). Unknown keys are rejected so that a typo ("targets") is an error, not a silent default.
 */
import { z } from 'zod';

/** null marks a missing observation (JSON has no NaN). */
const Observation = z.number().nullable();

const Target = z.union([z.array(Observation).min(1), z.array(z.array(Observation).min(1)).min(1)]);

/** Numeric covariates; string (categorical) ones are recognised so they get their own error. */
const CovariateValues = z.union([z.array(Observation), z.array(z.string())]);
const Covariates = z.record(z.string().min(1), CovariateValues);

export const SageMakerInputSchema = z
  .object({
    target: Target.describe(
      'Observed values, oldest first; a list of lists is a multivariate series (one list per variate, equal lengths).',
    ),
    item_id: z
      .union([z.string().min(1), z.number()])
      .optional()
      .describe('Unique per request; echoed in the prediction.'),
    start: z
      .string()
      .min(1)
      .optional()
      .describe('Timestamp of the first observation (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss); needs parameters.freq.'),
    past_covariates: Covariates.optional().describe('Covariate name → values over the history (same length as target).'),
    future_covariates: Covariates.optional().describe(
      'Covariate name → values over the forecast horizon (prediction_length values); the name must also be in past_covariates.',
    ),
  })
  .strict();

export const SageMakerParametersSchema = z
  .object({
    prediction_length: z.number().int().positive().default(1),
    quantile_levels: z.array(z.number().gt(0).lt(1)).min(1).default([0.1, 0.5, 0.9]),
    freq: z.string().min(1).optional().describe('pandas-style frequency alias (1h, D, W, MS, …); needs start on every input.'),
    batch_size: z.number().int().positive().optional().describe('Accepted for compatibility; the server batches with its own setting.'),
    cross_learning: z.boolean().optional().describe('Forecast all items jointly (Chronos-2 group attention). Only false is served.'),
    predict_batches_jointly: z.boolean().optional().describe('Older name of cross_learning.'),
  })
  .strict();

export const SageMakerRequestSchema = z
  .object({
    inputs: z.array(SageMakerInputSchema),
    parameters: SageMakerParametersSchema.optional(),
  })
  .strict();

export type SageMakerInput = z.output<typeof SageMakerInputSchema>;
export type SageMakerParameters = z.output<typeof SageMakerParametersSchema>;
export type SageMakerRequest = z.output<typeof SageMakerRequestSchema>;

/** One forecast: `mean` plus one array per requested level under its string key ("0.1"). */
export interface SageMakerPrediction {
  mean: number[] | number[][];
  item_id?: string | number;
  /** First forecast timestamp, when the input had `start`. */
  start?: string;
  /** tsagentkit: the model that produced this forecast (a fallback shows here). */
  model: string;
  [quantile: string]: number[] | number[][] | string | number | undefined;
}

export interface SageMakerResponse {
  predictions: SageMakerPrediction[];
  /** tsagentkit: every step down the fallback ladder, empty when the first model answered. */
  fallbacks: Array<{ from: string; to: string | null; stage: string; errorCode: string; error: string; item_ids?: Array<string | number> }>;
}
