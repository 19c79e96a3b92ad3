/**
 * The service's lifecycle phase, shared by the readiness route and the forecast routes:
 * loading (preloads running) → ready → draining (shutdown), or failed (a preload failed).
 */
export type ServePhase = 'loading' | 'ready' | 'failed' | 'draining';

export class ServeState {
  phase: ServePhase = 'loading';
  /** Adapters whose preload finished. */
  preloaded: string[] = [];
  failure: unknown = undefined;
  readonly startedAt = Date.now();
  readyAt: number | undefined;

  markReady(preloaded: string[]): void {
    if (this.phase !== 'loading') return;
    this.phase = 'ready';
    this.preloaded = preloaded;
    this.readyAt = Date.now();
  }

  markFailed(error: unknown): void {
    if (this.phase === 'loading') this.phase = 'failed';
    this.failure = error;
  }

  markDraining(): void {
    this.phase = 'draining';
  }
}
