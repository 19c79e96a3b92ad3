/**
 * Test helpers: a stand-in Chronos-2 model that records every forward call and answers with
 * caller-chosen numbers, so pipeline logic (row layout, grouping, batching, unrolling) can be
 * checked without the network.
 */
import type { Chronos2Config } from '../../config.js';
import type { Chronos2ForwardInput, Chronos2ForwardOutput, Chronos2Model } from '../../types.js';

export interface RecordedCall {
  readonly batch: number;
  readonly contextLength: number;
  readonly context: Float32Array;
  readonly groupIds: Int32Array;
  readonly futureCovariates: Float32Array | null;
  readonly numOutputPatches: number;
}

export type FakeResponder = (call: RecordedCall, index: number, config: Chronos2Config) => Float32Array;

export class RecordingChronos2Model implements Chronos2Model {
  readonly calls: RecordedCall[] = [];
  readonly weightBytes = 0;
  disposed = false;

  constructor(
    readonly config: Chronos2Config,
    private readonly respond: FakeResponder,
  ) {}

  async forward(input: Chronos2ForwardInput): Promise<Chronos2ForwardOutput> {
    const call: RecordedCall = {
      batch: input.batch,
      contextLength: input.contextLength,
      context: input.context.slice(),
      groupIds: input.groupIds.slice(),
      futureCovariates: input.futureCovariates ? input.futureCovariates.slice() : null,
      numOutputPatches: input.numOutputPatches,
    };
    this.calls.push(call);
    return { quantilePreds: this.respond(call, this.calls.length - 1, this.config) };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

/** Output where row r, quantile k, step h holds `base(r) + k` — quantiles increase with k. */
export function rampResponder(base: (row: number) => number = (r) => 100 * r): FakeResponder {
  return (call, _i, config) => {
    const Q = config.chronos_config.quantiles.length;
    const H = call.numOutputPatches * config.chronos_config.output_patch_size;
    const out = new Float32Array(call.batch * Q * H);
    for (let r = 0; r < call.batch; r++) for (let k = 0; k < Q; k++) out.fill(base(r) + k, (r * Q + k) * H, (r * Q + k + 1) * H);
    return out;
  };
}
