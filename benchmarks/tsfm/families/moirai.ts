/**
 * Moirai 2.0 at moirai-2.0-R-small's real size (d_model 384, 6 layers, d_ff 1024, patch 16,
 * 9 quantiles, 4 predict tokens, max_seq_len 512; random weights): `predict()` for a batch at a
 * context, horizon 64 (one forward pass, as in the anchor).
 */
import { parseMoirai2Config } from '../../../src/tsfm/moirai/config.js';
import { loadMoirai2Model } from '../../../src/tsfm/moirai/model/load.js';
import { moirai2ExpectedShapes, moirai2RandomInit } from '../../../src/tsfm/moirai/model/weights.js';
import { moirai2Predict } from '../../../src/tsfm/moirai/pipeline/index.js';
import { writeRandomCheckpoint, type RandomCheckpoint } from '../../../src/tsfm/engine/randomCheckpoint.js';
import { makeSeries } from '../common.js';
import { HORIZON, loadOptionsOf, type PerfFamily } from '../family.js';

/** moirai-2.0-R-small's config.json. */
export const REAL_SIZE_MOIRAI2 = {
  attn_dropout_p: 0.0,
  d_ff: 1024,
  d_model: 384,
  dropout_p: 0.0,
  max_seq_len: 512,
  num_layers: 6,
  num_predict_token: 4,
  patch_size: 16,
  quantile_levels: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
  scaling: true,
};

/** The real-size checkpoint (the anchor's recipe, seed 20250801, tensors in the model's order). */
export function writeRealSizeMoirai2(dir: string): RandomCheckpoint {
  return writeRandomCheckpoint(dir, {
    config: REAL_SIZE_MOIRAI2,
    shapes: moirai2ExpectedShapes(parseMoirai2Config(REAL_SIZE_MOIRAI2)),
    initOf: moirai2RandomInit,
    seed: 20250801,
  });
}

export const moiraiPerf: PerfFamily = {
  name: 'moirai',
  title: 'Moirai 2.0 real small size (d_model 384, 6 layers, d_ff 1024, patch 16, 9 quantiles, 4 predict tokens)',
  anchorNote: 'upstream PyTorch, the better of 1 and 2 threads',
  anchorLoadS: 0.64,
  anchor: {
    '512x1': { best: 58 },
    '512x32': { best: 36 },
    '512x256': { best: 47 },
    '2048x1': { best: 22 },
    '2048x32': { best: 12 },
    '2048x256': { best: 6.0 },
  },
  writeCheckpoint: writeRealSizeMoirai2,
  async load(dir, o) {
    const model = await loadMoirai2Model(dir, loadOptionsOf(o));
    return {
      timings: model.timings,
      weightBytes: model.weightBytes,
      cell(context, batch) {
        const pastTarget = makeSeries(batch, context);
        return { call: () => moirai2Predict(model, { pastTarget }, { predictionLength: HORIZON, contextLength: context }) };
      },
      dispose: () => model.dispose(),
    };
  },
};
