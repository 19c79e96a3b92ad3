/**
 * HTTP metrics, exposed on GET /metrics next to the runtime's own (load counts and times, session
 * reuse, forecast batch time, OOM events: `runtime/telemetry.ts`). They live in a registry of
 * their own and are merged with the runtime's at scrape time, so the runtime registry keeps exactly
 * its five metrics and several apps in one process (tests) do not collide.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RuntimeTelemetry } from '../runtime/telemetry.js';
import type { AdmissionQueue } from './admission.js';

export const HTTP_METRIC_NAMES = Object.freeze({
  requests: 'http_requests_total',
  duration: 'http_request_duration_ms',
  inFlight: 'http_requests_in_flight',
  queueDepth: 'http_forecast_queue_depth',
  forecastsRunning: 'http_forecasts_running',
  batchRequests: 'http_forecast_batch_requests',
});

const DURATION_BUCKETS_MS = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000];

export class HttpMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly inFlight: Gauge;
  private readonly batchRequests: Histogram;

  constructor(queue: AdmissionQueue) {
    const registers = [this.registry];
    // What an operator expects of any Node service: CPU, memory, heap, GC, handles, and the
    // event-loop delay (nodejs_eventloop_lag_* from perf_hooks' monitorEventLoopDelay: min, mean,
    // max, p50, p90, p99), in this app's registry so several apps in one process do not collide.
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: HTTP_METRIC_NAMES.requests,
      help: 'HTTP requests answered, by method, route pattern and status code.',
      labelNames: ['method', 'route', 'status'],
      registers,
    });
    this.duration = new Histogram({
      name: HTTP_METRIC_NAMES.duration,
      help: 'HTTP request wall time from arrival to response, in milliseconds.',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS_MS,
      registers,
    });
    this.batchRequests = new Histogram({
      name: HTTP_METRIC_NAMES.batchRequests,
      help: 'SageMaker requests served by one forecast batch (concurrent requests are batched while they wait).',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128],
      registers,
    });
    this.inFlight = new Gauge({ name: HTTP_METRIC_NAMES.inFlight, help: 'HTTP requests being handled.', registers });
    new Gauge({
      name: HTTP_METRIC_NAMES.queueDepth,
      help: 'Forecast requests waiting for a slot.',
      registers,
      collect() {
        this.set(queue.stats().queued);
      },
    });
    new Gauge({
      name: HTTP_METRIC_NAMES.forecastsRunning,
      help: 'Forecasts running now (at most the configured concurrency).',
      registers,
      collect() {
        this.set(queue.stats().running);
      },
    });
  }

  started(): void {
    this.inFlight.inc();
  }

  batchRan(requests: number): void {
    this.batchRequests.observe(requests);
  }

  finished(method: string, route: string, status: number, ms: number): void {
    this.inFlight.dec();
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, ms);
  }

  /** Prometheus text of the runtime's registry followed by the HTTP metrics. */
  async exposition(runtime: RuntimeTelemetry): Promise<string> {
    const [a, b] = await Promise.all([runtime.metrics(), this.registry.metrics()]);
    return `${a.trimEnd()}\n${b}`;
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
