/**
 * TimesFM 2.5's forecasting API, as upstream's `TimesFM_2p5_200M_torch`: `compile(forecastConfig)`
 * then `forecast(horizon, inputs)` → point forecasts (the median channel) and [mean, q0.1 … q0.9].
 *
 * After decode, in upstream's order: flip invariance (f(x) − mirror(f(−x)))/2, the continuous
 * quantile head, the slice to the horizon, the backcast, quantile-crossing repair, de-normalisation,
 * the positivity clamp. Rows are independent, so upstream's dummy batch-fill rows are not needed;
 * `perCoreBatchSize` only sets how many rows one decode call takes (at least 64 here, to keep the
 * network's GEMMs large).
 */
import { ETSFMForecastConfigInvalid, ETSFMInputInvalid } from '../../../errors/index.js';
import { decode } from '../model/decode.js';
import type { TimesFMModel } from '../types.js';
import { REVIN_TOLERANCE } from '../model/prepare.js';
import { compileForecastConfig, type ForecastConfig } from './forecastConfig.js';
import { cleanSeries, padOrTruncate } from './inputs.js';

export interface TimesFMForecast {
  series: number;
  /** Steps per series: horizon, or the backcast length + horizon with returnBackcast. */
  length: number;
  /** Output channels: [mean, q0.1, …, q0.9]. */
  channels: number;
  /** [series, length] = the median channel. */
  point: Float32Array;
  /** [series, length, channels]. */
  quantiles: Float32Array;
}

/** One decode call's rows: [rows, context] values and masks, as upstream's compiled_decode receives them. */
export interface DecodeCallRecord {
  rows: number;
  values: Float32Array;
  masks: Uint8Array;
}

const MIN_ROWS_PER_CALL = 64;

export class TimesFM2p5Pipeline {
  private compiled: { config: ForecastConfig; requestedMaxHorizon: number } | null = null;

  constructor(readonly model: TimesFMModel) {}

  /** upstream `compile()`: returns the effective config (max_context and max_horizon rounded up). */
  compile(options: Partial<ForecastConfig>): ForecastConfig {
    const config = compileForecastConfig(options, this.model.dims, this.model.config.context_limit);
    // Decode runs to the max_horizon the caller asked for (upstream passes the original config to
    // decode), which yields the same number of autoregressive steps as the rounded one.
    this.compiled = { config, requestedMaxHorizon: options.maxHorizon ?? config.maxHorizon };
    return { ...config };
  }

  get forecastConfig(): ForecastConfig | null {
    return this.compiled ? { ...this.compiled.config } : null;
  }

  /** upstream `forecast(horizon, inputs)`; NaN marks missing values. `onDecodeCall` sees each decode call's rows. */
  async forecast(
    horizon: number,
    inputs: ReadonlyArray<ArrayLike<number>>,
    onDecodeCall?: (call: DecodeCallRecord) => void,
  ): Promise<TimesFMForecast> {
    if (!this.compiled) {
      throw new ETSFMForecastConfigInvalid('Model is not compiled. Please call compile() first.', {
        fixHint: 'Call compile({ maxContext, maxHorizon, … }) once before forecast().',
      });
    }
    const { config: fc, requestedMaxHorizon } = this.compiled;
    if (!Number.isInteger(horizon) || horizon < 1) {
      throw new ETSFMInputInvalid(`Horizon must be a positive integer, got ${horizon}.`, { context: { horizon } });
    }
    if (horizon > fc.maxHorizon) {
      throw new ETSFMInputInvalid(`Horizon must be less than the max horizon. ${horizon} > ${fc.maxHorizon}.`, {
        context: { horizon, maxHorizon: fc.maxHorizon },
        fixHint: `Compile with maxHorizon ≥ ${horizon}, or ask for at most ${fc.maxHorizon} steps.`,
      });
    }
    if (inputs.length === 0) throw new ETSFMInputInvalid('No series to forecast.', { context: { series: 0 } });
    const cleaned = inputs.map((s, i) => cleanSeries(s, i));
    const { p, q } = this.model.dims;
    const backcast = fc.returnBackcast ? (fc.maxContext / p - 1) * p : 0;
    const length = backcast + horizon;
    const point = new Float32Array(cleaned.length * length);
    const quantiles = new Float32Array(cleaned.length * length * q);
    const rowsPerCall = Math.max(fc.perCoreBatchSize, MIN_ROWS_PER_CALL);
    for (let start = 0; start < cleaned.length; start += rowsPerCall) {
      const chunk = cleaned.slice(start, start + rowsPerCall);
      const values = new Float32Array(chunk.length * fc.maxContext);
      const masks = new Uint8Array(chunk.length * fc.maxContext);
      chunk.forEach((x, r) => padOrTruncate(x, fc.maxContext, values, masks, r * fc.maxContext));
      onDecodeCall?.({ rows: chunk.length, values, masks });
      const out = await this.compiledDecode(fc, horizon, requestedMaxHorizon, chunk.length, values, masks);
      quantiles.set(out, start * length * q);
      for (let r = 0; r < chunk.length; r++) {
        for (let t = 0; t < length; t++) point[(start + r) * length + t] = out[(r * length + t) * q + this.model.dims.decodeIndex];
      }
    }
    return { series: cleaned.length, length, channels: q, point, quantiles };
  }

  /** upstream `_compiled_decode` for one set of rows: [rows, length, q]. */
  private async compiledDecode(
    fc: ForecastConfig,
    horizon: number,
    decodeHorizon: number,
    rows: number,
    values: Float32Array,
    masks: Uint8Array,
  ): Promise<Float32Array> {
    const { p, o, os, q, decodeIndex } = this.model.dims;
    const C = fc.maxContext;

    const isPositive = new Uint8Array(rows);
    if (fc.inferIsPositive) {
      for (let r = 0; r < rows; r++) {
        let pos = 1;
        for (let i = 0; i < C; i++) if (!(values[r * C + i] >= 0)) pos = 0;
        isPositive[r] = pos;
      }
    }
    const mu = new Float64Array(rows);
    const sigma = new Float64Array(rows);
    let x = values;
    if (fc.normalizeInputs) {
      // Mean and unbiased std of the whole padded row, pad zeros included (upstream's torch.mean/std).
      x = new Float32Array(values.length);
      for (let r = 0; r < rows; r++) {
        let sum = 0;
        for (let i = 0; i < C; i++) sum += values[r * C + i];
        const m = sum / C;
        let ss = 0;
        for (let i = 0; i < C; i++) ss += (values[r * C + i] - m) ** 2;
        const s = C > 1 ? Math.sqrt(ss / (C - 1)) : Number.NaN;
        mu[r] = Math.fround(m);
        sigma[r] = Math.fround(s);
        const div = sigma[r] < REVIN_TOLERANCE ? 1 : sigma[r];
        for (let i = 0; i < C; i++) x[r * C + i] = (values[r * C + i] - mu[r]) / div;
      }
    }

    // Flip invariance decodes x and −x together: one batch of 2·rows through the network.
    const flip = fc.forceFlipInvariance;
    let decodeInputs = x;
    let decodeMasks = masks;
    if (flip) {
      decodeInputs = new Float32Array(2 * x.length);
      decodeInputs.set(x);
      for (let i = 0; i < x.length; i++) decodeInputs[x.length + i] = -x[i];
      decodeMasks = new Uint8Array(2 * masks.length);
      decodeMasks.set(masks);
      decodeMasks.set(masks, masks.length);
    }
    const d = await decode(this.model, decodeHorizon, flip ? 2 * rows : rows, decodeInputs, decodeMasks, { allPatches: fc.returnBackcast });
    // N: context patches in d.renormedOutputs (all of them only for the backcast).
    const N = d.outputPatches;
    const fullLen = o * (1 + d.steps);
    // flipq: channel 0 (mean) stays, quantile channels reverse order.
    const mirror = (k: number) => (k === 0 ? 0 : q - k);
    const full = new Float64Array(rows * fullLen * q);
    const pf = fc.returnBackcast ? new Float64Array(rows * N * o * q) : null;
    const spread = fc.useContinuousQuantileHead ? new Float64Array(rows * os * q) : null;
    const ar = d.arOutputs ?? new Float32Array(0);
    const fullAt = (b: number, t: number, k: number): number => {
      if (t < o) return d.renormedOutputs[((b * N + N - 1) * o + t) * q + k];
      const step = Math.floor(t / o) - 1;
      return ar[((b * d.steps + step) * o + (t % o)) * q + k];
    };
    for (let r = 0; r < rows; r++) {
      for (let t = 0; t < fullLen; t++) {
        for (let k = 0; k < q; k++) {
          const v = fullAt(r, t, k);
          full[(r * fullLen + t) * q + k] = flip ? Math.fround((v - fullAt(rows + r, t, mirror(k))) / 2) : v;
        }
      }
      if (pf) {
        for (let n = 0; n < N; n++) {
          for (let i = 0; i < o * q; i++) {
            const k = i % q;
            const v = d.renormedOutputs[(r * N + n) * o * q + i];
            pf[(r * N + n) * o * q + i] = flip
              ? Math.fround((v - d.renormedOutputs[((rows + r) * N + n) * o * q + (i - k) + mirror(k)]) / 2)
              : v;
          }
        }
      }
      if (spread) {
        for (let i = 0; i < os * q; i++) {
          const k = i % q;
          const v = d.renormedQuantileSpread[r * os * q + i];
          spread[r * os * q + i] = flip ? Math.fround((v - d.renormedQuantileSpread[(rows + r) * os * q + (i - k) + mirror(k)]) / 2) : v;
        }
      }
    }

    if (spread) {
      // Quantiles from the long quantile head, re-centred on the point head's median.
      const upTo = Math.min(fc.maxHorizon, fullLen);
      for (let r = 0; r < rows; r++) {
        for (let t = 0; t < upTo; t++) {
          const f = (r * fullLen + t) * q;
          const s = (r * os + t) * q;
          for (let k = 1; k < q; k++) {
            if (k === decodeIndex) continue;
            full[f + k] = Math.fround(Math.fround(spread[s + k] - spread[s + decodeIndex]) + full[f + decodeIndex]);
          }
        }
      }
    }

    const backcast = pf ? (d.patches - 1) * p : 0;
    const length = backcast + horizon;
    const out = new Float32Array(rows * length * q);
    for (let r = 0; r < rows; r++) {
      if (pf) {
        // The first p steps of each context patch's forecast, i.e. the next patch's in-sample forecast.
        for (let n = 0; n < N - 1; n++) {
          for (let t = 0; t < p; t++) {
            for (let k = 0; k < q; k++) out[(r * length + n * p + t) * q + k] = pf[((r * N + n) * o + t) * q + k];
          }
        }
      }
      for (let t = 0; t < horizon; t++) {
        for (let k = 0; k < q; k++) out[(r * length + backcast + t) * q + k] = full[(r * fullLen + t) * q + k];
      }
    }

    for (let r = 0; r < rows; r++) {
      for (let t = 0; t < length; t++) {
        const f = (r * length + t) * q;
        if (fc.fixQuantileCrossing) {
          for (let k = decodeIndex - 1; k >= 1; k--) if (!(out[f + k] < out[f + k + 1])) out[f + k] = out[f + k + 1];
          for (let k = decodeIndex + 1; k < q; k++) if (!(out[f + k] > out[f + k - 1])) out[f + k] = out[f + k - 1];
        }
        for (let k = 0; k < q; k++) {
          let v = out[f + k];
          if (fc.normalizeInputs) v = Math.fround(v * sigma[r]) + mu[r];
          if (isPositive[r] && v < 0) v = 0;
          out[f + k] = v;
        }
      }
    }
    return out;
  }
}
