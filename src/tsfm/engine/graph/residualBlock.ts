/**
 * Upstream Chronos' `ResidualBlock` (chronos_bolt.py, reused by Chronos-2): the patch embedding and
 * the quantile head of both families are `output(act(hidden(x))) + residual(x)`. Its weight names,
 * shapes and graph are written once here.
 */
import { packLinear, type GraphBuilder, type LinearWeights, type Value } from './index.js';

export interface ResidualBlockWeights {
  hidden: LinearWeights;
  output: LinearWeights;
  residual: LinearWeights;
}

/** Adds the block's six tensors (`<prefix>.{hidden,output,residual}_layer.{weight,bias}`) with their shapes. */
export function addResidualBlockShapes(
  shapes: Map<string, number[]>,
  prefix: string,
  inDim: number,
  hiddenDim: number,
  outDim: number,
): void {
  shapes.set(`${prefix}.hidden_layer.weight`, [hiddenDim, inDim]);
  shapes.set(`${prefix}.hidden_layer.bias`, [hiddenDim]);
  shapes.set(`${prefix}.output_layer.weight`, [outDim, hiddenDim]);
  shapes.set(`${prefix}.output_layer.bias`, [outDim]);
  shapes.set(`${prefix}.residual_layer.weight`, [outDim, inDim]);
  shapes.set(`${prefix}.residual_layer.bias`, [outDim]);
}

/** Reads the block through a family's linear-layer reader (which decides views vs external data). */
export function readResidualBlock(linear: (name: string, bias: boolean) => LinearWeights, prefix: string): ResidualBlockWeights {
  return {
    hidden: linear(`${prefix}.hidden_layer`, true),
    output: linear(`${prefix}.output_layer`, true),
    residual: linear(`${prefix}.residual_layer`, true),
  };
}

/**
 * The block as graph nodes. With `stack`, hidden and residual (same input) run as one GEMM and are
 * split after; without, as two GEMMs (no load-time copy to build the stacked weight).
 */
export function residualBlock(g: GraphBuilder, x: Value, w: ResidualBlockWeights, activation: string, options: { stack: boolean }): Value {
  const [hidden, residual] = options.stack
    ? g.split(g.linear(x, packLinear([w.hidden, w.residual]), 'hidden_residual'), [w.hidden.outFeatures, w.residual.outFeatures], -1)
    : [g.linear(x, w.hidden, 'hidden_layer'), g.linear(x, w.residual, 'residual_layer')];
  return g.add(g.linear(g.activation(hidden!, activation), w.output, 'output_layer'), residual!);
}
