/**
 * Typed ONNX operator helpers: elementwise math, comparisons, shape manipulation and reductions.
 * Every helper accepts plain numbers where ONNX wants a scalar or a small int64 tensor, so graph
 * code reads like tensor code: `g.mul(g.add(x, 1), scale)`, `g.reshape(x, [0, 0, heads, dk])`.
 */
import { GraphBuilderCore, Value, type DType } from './builder.js';

/** A tensor, or a number that becomes a float32 scalar constant. */
export type Operand = Value | number;
/** int64 values given inline (become a constant) or computed in the graph. */
export type Ints = number[] | Value;

export class TensorOps extends GraphBuilderCore {
  /** A float scalar constant for numbers; values pass through. */
  v(x: Operand): Value {
    return typeof x === 'number' ? this.scalar(x) : x;
  }

  ints(x: Ints): Value {
    return Array.isArray(x) ? this.constI64(x) : x;
  }

  // ---- elementwise binary (numpy broadcasting) -------------------------------------------
  add(a: Operand, b: Operand): Value {
    return this.op('Add', [this.v(a), this.v(b)]);
  }
  sub(a: Operand, b: Operand): Value {
    return this.op('Sub', [this.v(a), this.v(b)]);
  }
  mul(a: Operand, b: Operand): Value {
    return this.op('Mul', [this.v(a), this.v(b)]);
  }
  div(a: Operand, b: Operand): Value {
    return this.op('Div', [this.v(a), this.v(b)]);
  }
  pow(a: Operand, b: Operand): Value {
    return this.op('Pow', [this.v(a), this.v(b)]);
  }
  max(...xs: Operand[]): Value {
    return this.op(
      'Max',
      xs.map((x) => this.v(x)),
    );
  }
  min(...xs: Operand[]): Value {
    return this.op(
      'Min',
      xs.map((x) => this.v(x)),
    );
  }
  matmul(a: Value, b: Value): Value {
    return this.op('MatMul', [a, b]);
  }

  // ---- comparisons and selection ------------------------------------------------------------
  equal(a: Operand, b: Operand): Value {
    return this.op('Equal', [this.v(a), this.v(b)], {}, { dtype: 'bool' });
  }
  less(a: Operand, b: Operand): Value {
    return this.op('Less', [this.v(a), this.v(b)], {}, { dtype: 'bool' });
  }
  greater(a: Operand, b: Operand): Value {
    return this.op('Greater', [this.v(a), this.v(b)], {}, { dtype: 'bool' });
  }
  and(a: Value, b: Value): Value {
    return this.op('And', [a, b], {}, { dtype: 'bool' });
  }
  or(a: Value, b: Value): Value {
    return this.op('Or', [a, b], {}, { dtype: 'bool' });
  }
  not(a: Value): Value {
    return this.op('Not', [a], {}, { dtype: 'bool' });
  }
  isNaN(a: Value): Value {
    return this.op('IsNaN', [a], {}, { dtype: 'bool' });
  }
  /** `cond ? a : b`, elementwise with broadcasting. */
  where(cond: Value, a: Operand, b: Operand): Value {
    const av = this.v(a);
    return this.op('Where', [cond, av, this.v(b)], {}, { dtype: av.dtype });
  }
  cast(x: Value, to: DType): Value {
    const TO: Record<DType, number> = { float32: 1, int64: 7, int32: 6, bool: 9, float16: 10 };
    return this.op('Cast', [x], { to: TO[to] }, { dtype: to });
  }

  // ---- elementwise unary --------------------------------------------------------------------
  neg(x: Value): Value {
    return this.op('Neg', [x]);
  }
  abs(x: Value): Value {
    return this.op('Abs', [x]);
  }
  sqrt(x: Value): Value {
    return this.op('Sqrt', [x]);
  }
  reciprocal(x: Value): Value {
    return this.op('Reciprocal', [x]);
  }
  exp(x: Value): Value {
    return this.op('Exp', [x]);
  }
  log(x: Value): Value {
    return this.op('Log', [x]);
  }
  floor(x: Value): Value {
    return this.op('Floor', [x]);
  }
  tanh(x: Value): Value {
    return this.op('Tanh', [x]);
  }
  sigmoid(x: Value): Value {
    return this.op('Sigmoid', [x]);
  }
  erf(x: Value): Value {
    return this.op('Erf', [x]);
  }
  sin(x: Value): Value {
    return this.op('Sin', [x]);
  }
  cos(x: Value): Value {
    return this.op('Cos', [x]);
  }
  asinh(x: Value): Value {
    return this.op('Asinh', [x]);
  }
  sinh(x: Value): Value {
    return this.op('Sinh', [x]);
  }
  softplus(x: Value): Value {
    return this.op('Softplus', [x]);
  }
  relu(x: Value): Value {
    return this.op('Relu', [x]);
  }
  /** x·sigmoid(x) (PyTorch SiLU / Swish). */
  silu(x: Value): Value {
    return this.mul(x, this.sigmoid(x));
  }
  /** Exact GELU, 0.5·x·(1 + erf(x/√2)) (PyTorch `gelu`); ORT fuses this pattern into its Gelu kernel. */
  gelu(x: Value): Value {
    const inner = this.add(this.erf(this.div(x, Math.SQRT2)), 1);
    return this.mul(this.mul(x, inner), 0.5);
  }
  /** Tanh-approximated GELU (PyTorch `gelu(approximate='tanh')`, HF `gelu_new`). */
  geluTanh(x: Value): Value {
    const cube = this.mul(this.mul(x, x), x);
    const inner = this.mul(this.add(x, this.mul(cube, 0.044715)), Math.sqrt(2 / Math.PI));
    return this.mul(this.mul(x, 0.5), this.add(this.tanh(inner), 1));
  }
  /** Softmax over one axis (default the last). */
  softmax(x: Value, axis = -1): Value {
    return this.op('Softmax', [x], { axis });
  }

  // ---- shape --------------------------------------------------------------------------------
  /** Reshape; 0 copies the input dim, -1 infers one dim (ONNX semantics). */
  reshape(x: Value, shape: Ints): Value {
    return this.op('Reshape', [x, this.ints(shape)], {}, { dtype: x.dtype });
  }
  transpose(x: Value, perm: number[]): Value {
    return this.op('Transpose', [x], { perm }, { dtype: x.dtype });
  }
  unsqueeze(x: Value, axes: number[]): Value {
    return this.op('Unsqueeze', [x, this.constI64(axes)], {}, { dtype: x.dtype });
  }
  squeeze(x: Value, axes: number[]): Value {
    return this.op('Squeeze', [x, this.constI64(axes)], {}, { dtype: x.dtype });
  }
  concat(xs: Value[], axis: number): Value {
    if (xs.length === 1) return xs[0];
    return this.op('Concat', xs, { axis }, { dtype: xs[0].dtype });
  }
  /** Slice along `axes` (ONNX semantics: negative indices count from the end, ends clamp). */
  slice(x: Value, starts: Ints, ends: Ints, axes: number[], steps?: number[]): Value {
    return this.op(
      'Slice',
      [x, this.ints(starts), this.ints(ends), this.constI64(axes), steps ? this.constI64(steps) : null],
      {},
      { dtype: x.dtype },
    );
  }
  /** Split into pieces of the given sizes along `axis`. */
  split(x: Value, sizes: number[], axis: number): Value[] {
    return this.node('Split', [x, this.constI64(sizes)], { axis }, { outputs: sizes.length, dtype: x.dtype });
  }
  gather(x: Value, indices: Value, axis = 0): Value {
    return this.op('Gather', [x, indices], { axis }, { dtype: x.dtype });
  }
  /** GatherElements (torch.gather semantics). */
  gatherElements(x: Value, indices: Value, axis: number): Value {
    return this.op('GatherElements', [x, indices], { axis }, { dtype: x.dtype });
  }
  expand(x: Value, shape: Ints): Value {
    return this.op('Expand', [x, this.ints(shape)], {}, { dtype: x.dtype });
  }
  tile(x: Value, repeats: Ints): Value {
    return this.op('Tile', [x, this.ints(repeats)], {}, { dtype: x.dtype });
  }
  /** The int64 shape of x, optionally a [start, end) range of its dims. */
  shapeOf(x: Value, start?: number, end?: number): Value {
    return this.op('Shape', [x], { start, end }, { dtype: 'int64' });
  }
  /** One dim of x as an int64 tensor of shape [1]. */
  dim(x: Value, axis: number): Value {
    return this.shapeOf(x, axis, axis === -1 ? undefined : axis + 1);
  }
  /** [start, limit) with step, all scalars of the same dtype. */
  range(start: Value, limit: Value, delta: Value): Value {
    return this.op('Range', [start, limit, delta], {}, { dtype: start.dtype });
  }
  /** A float32 tensor of the given int64 shape filled with `value` (a broadcast scalar). */
  filled(shape: Value, value: number): Value {
    return this.expand(this.scalar(value), shape);
  }
  identity(x: Value): Value {
    return this.op('Identity', [x], {}, { dtype: x.dtype });
  }

  // ---- reductions ---------------------------------------------------------------------------
  private reduce(kind: string, x: Value, axes: number[], keepdims: boolean): Value {
    // ReduceSum takes axes as an input since opset 13, every other Reduce* since opset 18.
    const axesAsInput = kind === 'ReduceSum' || this.opset >= 18;
    if (axesAsInput) return this.op(kind, [x, this.constI64(axes)], { keepdims: keepdims ? 1 : 0 }, { dtype: x.dtype });
    return this.op(kind, [x], { axes, keepdims: keepdims ? 1 : 0 }, { dtype: x.dtype });
  }
  reduceSum(x: Value, axes: number[], keepdims = true): Value {
    return this.reduce('ReduceSum', x, axes, keepdims);
  }
  reduceMean(x: Value, axes: number[], keepdims = true): Value {
    return this.reduce('ReduceMean', x, axes, keepdims);
  }
  reduceMax(x: Value, axes: number[], keepdims = true): Value {
    return this.reduce('ReduceMax', x, axes, keepdims);
  }
  reduceMin(x: Value, axes: number[], keepdims = true): Value {
    return this.reduce('ReduceMin', x, axes, keepdims);
  }
}
