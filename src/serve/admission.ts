/**
 * Admission control: at most `concurrency` forecasts run at once, at most `maxQueue` wait, and
 * nobody waits past their deadline. A full queue answers at once (503 + Retry-After) instead of
 * growing a backlog the process cannot serve; a request whose deadline passes while queued is
 * dropped without running.
 *
 * A running forecast cannot be interrupted (onnxruntime and the statistical models run to the
 * end), so a timed-out request gets its 504 at the deadline but keeps its slot until the work
 * really finishes: the number of forecasts in progress never exceeds `concurrency`.
 */
import { ERequestTimeout, EServerOverloaded } from '../errors/index.js';

interface Waiter {
  readonly start: () => void;
  readonly timer: NodeJS.Timeout;
}

export interface AdmissionStats {
  readonly running: number;
  readonly queued: number;
  readonly concurrency: number;
  readonly maxQueue: number;
}

export class AdmissionQueue {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private readonly idleWaiters: Array<() => void> = [];
  /** Exponentially weighted service time, for Retry-After. */
  private serviceMs = 1000;

  constructor(
    readonly concurrency: number,
    readonly maxQueue: number,
  ) {
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError('concurrency must be an integer ≥ 1');
    if (!(Number.isInteger(maxQueue) && maxQueue >= 0)) throw new RangeError('maxQueue must be an integer ≥ 0');
  }

  stats(): AdmissionStats {
    return { running: this.running, queued: this.waiting.length, concurrency: this.concurrency, maxQueue: this.maxQueue };
  }

  /** Seconds a rejected client should wait: the time to drain the queue at the recent service rate. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.serviceMs * (this.waiting.length + 1)) / this.concurrency / 1000));
  }

  /**
   * Runs `work` when a slot is free and answers by `deadline` (epoch ms): its result, or
   * ERequestTimeout, or EServerOverloaded when the queue is full.
   */
  async run<T>(work: () => Promise<T>, deadline: number): Promise<T> {
    if (this.running >= this.concurrency) await this.wait(deadline);
    else this.running += 1;
    const started = Date.now();
    const job = Promise.resolve()
      .then(work)
      .finally(() => {
        this.serviceMs = 0.8 * this.serviceMs + 0.2 * (Date.now() - started);
        this.release();
      });
    const remaining = deadline - Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(this.timeoutError(deadline, 'running')), Math.max(0, remaining));
    });
    try {
      return await Promise.race([job, timeout]);
    } finally {
      clearTimeout(timer);
      // The job may still fail after the deadline; its error has no one left to read it.
      job.catch(() => undefined);
    }
  }

  /** Resolves when nothing runs or waits (graceful shutdown). */
  idle(): Promise<void> {
    if (this.running === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private wait(deadline: number): Promise<void> {
    if (this.waiting.length >= this.maxQueue) {
      const retryAfter = this.retryAfterSeconds();
      return Promise.reject(
        new EServerOverloaded(
          `The server is at capacity: ${this.running} forecasts running and ${this.waiting.length} queued (limit ${this.maxQueue}).`,
          {
            context: { running: this.running, queued: this.waiting.length, maxQueue: this.maxQueue, retryAfterSeconds: retryAfter },
          },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        start: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(
          () => {
            const i = this.waiting.indexOf(waiter);
            if (i >= 0) this.waiting.splice(i, 1);
            this.notifyIdle();
            reject(this.timeoutError(deadline, 'queued'));
          },
          Math.max(0, deadline - Date.now()),
        ),
      };
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next)
      next.start(); // the slot passes straight to the next request
    else {
      this.running -= 1;
      this.notifyIdle();
    }
  }

  private notifyIdle(): void {
    if (this.running !== 0 || this.waiting.length !== 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private timeoutError(deadline: number, phase: 'queued' | 'running'): ERequestTimeout {
    return new ERequestTimeout(`The request did not finish within the server's request timeout (it was ${phase} at the deadline).`, {
      context: { phase, deadline: new Date(deadline).toISOString() },
    });
  }
}
