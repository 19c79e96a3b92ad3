/**
 * TimesFM 2.5 at the real 200M size (model dim 1280, 20 layers, 16 heads, patch 32, output patch
 * 128, continuous quantile head; random weights, 232 tensors): the upstream call the anchor timed,
 * compile(max_context=C, max_horizon=64, normalize_inputs, continuous quantile head, flip
 * invariance, infer_is_positive, fix_quantile_crossing; per_core_batch_size=B) + forecast(64, B
 * series). Flip invariance makes every call two passes (x and −x; here one batch of 2B rows).
 * Horizon 64 ≤ 128 needs no autoregressive step, so no K/V cache exists at all (upstream allocates
 * 3.4 GB of it at C2048 B256). GFLOP/s counts the work this implementation does (upstream also
 * runs the last layer and both heads on every patch, ~5% more). The anchor is PyTorch's defaults;
 * its best settings are not measured for TimesFM (expect them 1–3.6× faster).
 */
import { parseTimesFM2p5Config, timesfmDims, type TimesFM2p5Config } from '../../../src/tsfm/timesfm/config.js';
import { loadTimesFMModel } from '../../../src/tsfm/timesfm/model/load.js';
import { timesfmExpectedShapes, timesfmRandomInit } from '../../../src/tsfm/timesfm/model/weights.js';
import { TimesFM2p5Pipeline } from '../../../src/tsfm/timesfm/pipeline/pipeline.js';
import { writeRandomCheckpoint, type RandomCheckpoint } from '../../../src/tsfm/engine/randomCheckpoint.js';
import { makeSeries, type CallFlops, type Gemm } from '../common.js';
import { HORIZON, loadOptionsOf, type PerfFamily } from '../family.js';

/** Our config.json schema with the released 200M dimensions (every field's default). */
export function realSizeTimesFMConfig(): Record<string, unknown> {
  return { model_family: 'timesfm-2.5', note: 'random weights at the real TimesFM 2.5 200M size (benchmark)' };
}

/** The real-size checkpoint (the anchor's recipe, seed 20250925, tensors in the model's order). */
export function writeRealSizeTimesFM(dir: string): RandomCheckpoint {
  const config = realSizeTimesFMConfig();
  return writeRandomCheckpoint(dir, {
    config,
    shapes: timesfmExpectedShapes(parseTimesFM2p5Config(config)),
    initOf: timesfmRandomInit,
    seed: 20250925,
  });
}

/**
 * FLOPs of one call as this implementation computes it: flip invariance doubles the rows; every
 * context patch goes through the tokenizer and 19 layers; the last layer computes keys and values
 * of every patch but queries, attention output and feed-forward of the last patch only; both heads
 * run on the last patch only (no backcast).
 */
function callFlops(c: TimesFM2p5Config, batch: number, context: number): CallFlops {
  const d = timesfmDims(c);
  const rows = 2 * batch;
  const N = Math.ceil(context / d.p);
  const tokens = rows * N;
  const md = d.modelDims;
  const L = d.layers;
  const gemm: Gemm[] = [
    { m: tokens, k: 2 * d.p, n: c.tokenizer.hidden_dims, count: 1 },
    { m: tokens, k: 2 * d.p, n: md, count: 1 },
    { m: tokens, k: c.tokenizer.hidden_dims, n: md, count: 1 },
    { m: tokens, k: md, n: 3 * md, count: L },
    { m: tokens, k: md, n: md, count: L - 1 },
    { m: tokens, k: md, n: c.ff_hidden_dims, count: L - 1 },
    { m: tokens, k: c.ff_hidden_dims, n: md, count: L - 1 },
    { m: rows, k: md, n: md, count: 1 },
    { m: rows, k: md, n: c.ff_hidden_dims, count: 1 },
    { m: rows, k: c.ff_hidden_dims, n: md, count: 1 },
    { m: rows, k: md, n: c.output_projection_point.hidden_dims, count: 1 },
    { m: rows, k: c.output_projection_point.hidden_dims, n: d.o * d.q, count: 1 },
    { m: rows, k: md, n: d.o * d.q, count: 1 },
    { m: rows, k: md, n: c.output_projection_quantiles.hidden_dims, count: 1 },
    { m: rows, k: c.output_projection_quantiles.hidden_dims, n: d.os * d.q, count: 1 },
    { m: rows, k: md, n: d.os * d.q, count: 1 },
  ];
  const gemmFlops = gemm.reduce((a, g) => a + 2 * g.m * g.k * g.n * g.count, 0);
  const attention = 2 * 2 * rows * md * N * (N * (L - 1) + 1);
  return { total: gemmFlops + attention, gemm };
}

export const timesfmPerf: PerfFamily = {
  name: 'timesfm',
  title:
    'TimesFM 2.5 real size (model dim 1280, 20 layers, 16 heads, patch 32, output patch 128, quantile head 1024), flip invariance on (2 passes per call)',
  anchorNote: 'upstream PyTorch defaults, CPU fp32 eager',
  anchorLoadS: 13.62,
  anchor: {
    '512x1': { thr2: 1.92, thr1: 2.44, rssMb: 1215 },
    '512x32': { thr2: 5.99, thr1: 4.83, rssMb: 1391 },
    '512x256': { thr2: 7.04, thr1: 3.48, rssMb: 2992 },
    '2048x1': { thr2: 0.43, thr1: 1.06, rssMb: 2306 },
    '2048x32': { thr2: 1.87, thr1: 0.92, rssMb: 2116 },
    '2048x256': { thr2: 0.57, rssMb: 7521 },
  },
  writeCheckpoint: writeRealSizeTimesFM,
  skip: (context, batch) => (context === 2048 && batch === 256 ? '≈13 TFLOP per call, minutes on 2 cores' : undefined),
  async load(dir, o) {
    const model = await loadTimesFMModel(dir, loadOptionsOf(o));
    const pipeline = new TimesFM2p5Pipeline(model);
    return {
      timings: model.timings,
      weightBytes: model.weightBytes,
      cell(context, batch) {
        pipeline.compile({
          maxContext: context,
          maxHorizon: HORIZON,
          perCoreBatchSize: batch,
          normalizeInputs: true,
          useContinuousQuantileHead: true,
          forceFlipInvariance: true,
          inferIsPositive: true,
          fixQuantileCrossing: true,
        });
        const series = makeSeries(batch, context);
        return { call: () => pipeline.forecast(HORIZON, series), flops: callFlops(model.config, batch, context) };
      },
      dispose: () => model.dispose(),
    };
  },
};
