/**
 * The M4 benchmark's checkpoint: a JSON-lines file with one line per finished series (dataset,
 * method, id, the forecast that was scored, the seconds it took and, for a failed fit, the error). AutoARIMA on M4
 * Hourly takes hours; a run given `--checkpoint FILE` appends each series as it finishes and, when
 * started again, scores the recorded series from the file and fits only the rest, so an interrupted
 * run resumes and the final figures are those of one uninterrupted run, to the last digit.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { EDataFormat } from '../../src/errors/index.js';

export interface RecordedForecast {
  /** The forecast that was scored (the naive fallback when the fit failed). */
  readonly mean: Float64Array;
  /** Why the method failed on this series; absent when it did not. */
  readonly failed?: string;
  /** Time the fit and forecast took (CPU seconds of its worker thread, else wall seconds), when known. */
  readonly seconds?: number;
}

interface CheckpointLine {
  dataset: string;
  method: string;
  id: string;
  /** Non-finite values as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers). */
  mean: (number | string)[];
  failed?: string;
  seconds?: number;
}

const key = (dataset: string, method: string, id: string) => `${dataset}\u0000${method}\u0000${id}`;

export class M4Checkpoint {
  private readonly recorded = new Map<string, RecordedForecast>();

  private constructor(readonly path: string) {}

  /**
   * Opens (or starts) a checkpoint file. A torn last line (the process was killed mid-write) is
   * dropped; any other unreadable line is an error, since scoring around it would be wrong.
   */
  static open(path: string): M4Checkpoint {
    const checkpoint = new M4Checkpoint(path);
    if (!existsSync(path)) return checkpoint;
    const text = readFileSync(path, 'utf8');
    const lines = text.split('\n');
    let kept = text.length;
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let parsed: CheckpointLine;
      try {
        parsed = JSON.parse(line) as CheckpointLine;
      } catch {
        if (i === lines.length - 1) {
          kept = text.length - line.length;
          return;
        }
        throw new EDataFormat(`checkpoint ${path}: line ${i + 1} is not JSON`, {
          context: { path, line: i + 1 },
          fixHint: 'Delete the line (or the file, to start over); the benchmark rewrites what is missing.',
        });
      }
      const mean = Float64Array.from(parsed.mean, (v) => Number(v));
      checkpoint.recorded.set(key(parsed.dataset, parsed.method, parsed.id), {
        mean,
        ...(parsed.failed !== undefined ? { failed: parsed.failed } : {}),
        ...(parsed.seconds !== undefined ? { seconds: parsed.seconds } : {}),
      });
    });
    // Cut a torn last line, and end the file with a newline, so that appended lines stay whole.
    const whole = text.slice(0, kept);
    const fixed = whole === '' || whole.endsWith('\n') ? whole : `${whole}\n`;
    if (fixed !== text) writeFileSync(path, fixed);
    return checkpoint;
  }

  /** Series recorded so far. */
  get size(): number {
    return this.recorded.size;
  }

  /** The recorded forecast of a series; checks its horizon against the one being run. */
  get(dataset: string, method: string, id: string, h: number): RecordedForecast | undefined {
    const found = this.recorded.get(key(dataset, method, id));
    if (found && found.mean.length !== h) {
      throw new EDataFormat(
        `checkpoint ${this.path}: ${dataset} ${method} ${id} has ${found.mean.length} forecast steps, the run wants ${h}`,
        {
          context: { path: this.path, dataset, method, id, recorded: found.mean.length, h },
          fixHint: 'The checkpoint belongs to another run: give this run a new --checkpoint file.',
        },
      );
    }
    return found;
  }

  /** Appends one finished series (one line, written at once, so a kill tears at most that line). */
  record(dataset: string, method: string, id: string, forecast: RecordedForecast): void {
    const line: CheckpointLine = {
      dataset,
      method,
      id,
      mean: Array.from(forecast.mean, (v) => (Number.isFinite(v) ? v : String(v))),
      ...(forecast.failed !== undefined ? { failed: forecast.failed } : {}),
      ...(forecast.seconds !== undefined ? { seconds: forecast.seconds } : {}),
    };
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
    this.recorded.set(key(dataset, method, id), forecast);
  }
}
