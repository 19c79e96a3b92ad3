/**
 * R's `optim(method = "BFGS")` without a gradient function: `vmmin` (Nash's variable-metric
 * method, appl/optim.c) on the parameters divided by `parscale`, with central-difference
 * gradients (step `ndeps` = 1e-3 on the scaled parameters, stats/optim.c `fmingr`), and R's
 * `optimhess` for the Hessian. Same constants, order of evaluations and stopping rules as R, so an
 * objective that is computed as R computes it is minimised along the same path.
 */
import { EModelFitFailed } from '../../../../errors/index.js';

export interface BfgsOptions {
  /** Scale of each parameter (R's control$parscale, default 1). */
  readonly parscale?: ArrayLike<number>;
  /** Finite-difference step on the scaled parameters (default 1e-3). */
  readonly ndeps?: number;
  /** Maximum iterations (default 100); 0 evaluates the objective only. */
  readonly maxit?: number;
  readonly abstol?: number;
  readonly reltol?: number;
}

export interface BfgsResult {
  par: Float64Array;
  value: number;
  /** 0 = converged, 1 = iteration limit reached (R's convergence code). */
  convergence: number;
  fncount: number;
  grcount: number;
}

const STEPREDN = 0.2;
const ACCTOL = 0.0001;
const RELTEST = 10.0;

function fail(message: string, context: Record<string, unknown>): never {
  throw new EModelFitFailed(message, { context });
}

/** Objective and gradient on the scaled parameters, as R's `fminfn`/`fmingr`. */
class Scaled {
  private readonly x: Float64Array;

  constructor(
    private readonly fn: (par: Float64Array) => number,
    readonly parscale: Float64Array,
    readonly ndeps: number,
  ) {
    this.x = new Float64Array(parscale.length);
  }

  value(p: Float64Array): number {
    const { x, parscale } = this;
    for (let i = 0; i < p.length; i++) {
      if (!Number.isFinite(p[i])) fail('non-finite value supplied by optim', { index: i });
      x[i] = p[i] * parscale[i];
    }
    return this.fn(x);
  }

  gradient(p: Float64Array, df: Float64Array): void {
    const { x, parscale } = this;
    const n = p.length;
    for (let i = 0; i < n; i++) x[i] = p[i] * parscale[i];
    for (let i = 0; i < n; i++) {
      const eps = this.ndeps;
      x[i] = (p[i] + eps) * parscale[i];
      const val1 = this.fn(x);
      x[i] = (p[i] - eps) * parscale[i];
      const val2 = this.fn(x);
      df[i] = (val1 - val2) / (2 * eps);
      if (!Number.isFinite(df[i])) fail(`non-finite finite-difference value [${i + 1}]`, { index: i });
      x[i] = p[i] * parscale[i];
    }
  }
}

function scaledProblem(fn: (par: Float64Array) => number, n: number, options: BfgsOptions): Scaled {
  const parscale = new Float64Array(n).fill(1);
  if (options.parscale) for (let i = 0; i < n; i++) parscale[i] = options.parscale[i];
  return new Scaled(fn, parscale, options.ndeps ?? 1e-3);
}

/** Minimises fn from `init` (R's `optim(init, fn, method = "BFGS", control)`). */
export function bfgs(fn: (par: Float64Array) => number, init: ArrayLike<number>, options: BfgsOptions = {}): BfgsResult {
  const n = init.length;
  const S = scaledProblem(fn, n, options);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) b[i] = init[i] / S.parscale[i];
  const maxit = options.maxit ?? 100;
  const abstol = options.abstol ?? -Infinity;
  const reltol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const out = (value: number, convergence: number, fncount: number, grcount: number): BfgsResult => {
    const par = new Float64Array(n);
    for (let i = 0; i < n; i++) par[i] = b[i] * S.parscale[i];
    return { par, value, convergence, fncount, grcount };
  };
  if (maxit <= 0) return out(S.value(b), 0, 0, 0);

  const g = new Float64Array(n);
  const t = new Float64Array(n);
  const X = new Float64Array(n);
  const c = new Float64Array(n);
  const B: Float64Array[] = Array.from({ length: n }, (_, i) => new Float64Array(i + 1));
  let f = S.value(b);
  if (!Number.isFinite(f)) fail("initial value in 'vmmin' is not finite", { value: f });
  let Fmin = f;
  let funcount = 1;
  let gradcount = 1;
  S.gradient(b, g);
  let iter = 1;
  let ilast = gradcount;
  let count: number;
  do {
    if (ilast === gradcount) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) B[i][j] = 0;
        B[i][i] = 1;
      }
    }
    for (let i = 0; i < n; i++) {
      X[i] = b[i];
      c[i] = g[i];
    }
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s -= B[i][j] * g[j];
      for (let j = i + 1; j < n; j++) s -= B[j][i] * g[j];
      t[i] = s;
      gradproj += s * g[i];
    }
    if (gradproj < 0) {
      let steplength = 1.0;
      let accpoint = false;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = X[i] + steplength * t[i];
          if (RELTEST + X[i] === RELTEST + b[i]) count++;
        }
        if (count < n) {
          f = S.value(b);
          funcount++;
          accpoint = Number.isFinite(f) && f <= Fmin + gradproj * steplength * ACCTOL;
          if (!accpoint) steplength *= STEPREDN;
        }
      } while (!(count === n || accpoint));
      const enough = f > abstol && Math.abs(f - Fmin) > reltol * (Math.abs(Fmin) + reltol);
      if (!enough) {
        count = n;
        Fmin = f;
      }
      if (count < n) {
        Fmin = f;
        S.gradient(b, g);
        gradcount++;
        iter++;
        let D1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] = steplength * t[i];
          c[i] = g[i] - c[i];
          D1 += t[i] * c[i];
        }
        if (D1 > 0) {
          let D2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j <= i; j++) s += B[i][j] * c[j];
            for (let j = i + 1; j < n; j++) s += B[j][i] * c[j];
            X[i] = s;
            D2 += s * c[i];
          }
          D2 = 1.0 + D2 / D1;
          for (let i = 0; i < n; i++) {
            for (let j = 0; j <= i; j++) B[i][j] += (D2 * t[i] * t[j] - X[i] * t[j] - t[i] * X[j]) / D1;
          }
        } else {
          ilast = gradcount;
        }
      } else if (ilast < gradcount) {
        count = 0;
        ilast = gradcount;
      }
    } else {
      count = 0;
      if (ilast === gradcount) count = n;
      else ilast = gradcount;
    }
    if (iter >= maxit) break;
    if (gradcount - ilast > 2 * n) ilast = gradcount;
  } while (count !== n || ilast !== gradcount);
  return out(Fmin, iter < maxit ? 0 : 1, funcount, gradcount);
}

/**
 * R's `optimhess`: the Hessian at `par` by central differences of the numerical gradient,
 * symmetrised; n × n, column-major.
 */
export function optimHess(fn: (par: Float64Array) => number, par: ArrayLike<number>, options: BfgsOptions = {}): Float64Array {
  const n = par.length;
  const S = scaledProblem(fn, n, options);
  const dpar = new Float64Array(n);
  for (let i = 0; i < n; i++) dpar[i] = par[i] / S.parscale[i];
  const df1 = new Float64Array(n);
  const df2 = new Float64Array(n);
  const H = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const eps = S.ndeps / S.parscale[i];
    dpar[i] = dpar[i] + eps;
    S.gradient(dpar, df1);
    dpar[i] = dpar[i] - 2 * eps;
    S.gradient(dpar, df2);
    for (let j = 0; j < n; j++) H[i * n + j] = (df1[j] - df2[j]) / (2 * eps * S.parscale[i] * S.parscale[j]);
    dpar[i] = dpar[i] + eps;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const tmp = 0.5 * (H[i * n + j] + H[j * n + i]);
      H[i * n + j] = tmp;
      H[j * n + i] = tmp;
    }
  }
  return H;
}
