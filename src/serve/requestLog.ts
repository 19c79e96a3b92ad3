/**
 * One line per request: readable text by default, JSON lines with `--log json` (for log
 * shippers), nothing with `--log off`.
 */
import type { LogFormat } from './config.js';

export interface RequestLogEntry {
  readonly time: string;
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly ms: number;
  readonly code?: string | undefined;
  readonly series?: number | undefined;
  readonly models?: string | undefined;
}

export type LogSink = (line: string) => void;

export const stdoutSink: LogSink = (line) => {
  process.stdout.write(`${line}\n`);
};

export function formatLogEntry(entry: RequestLogEntry, format: LogFormat): string | undefined {
  if (format === 'off') return undefined;
  if (format === 'json') return JSON.stringify({ level: entry.status >= 500 ? 'error' : 'info', ...entry });
  const extras = [
    entry.series !== undefined ? `series=${entry.series}` : '',
    entry.models ? `models=${entry.models}` : '',
    entry.code ? `code=${entry.code}` : '',
    `id=${entry.requestId}`,
  ].filter(Boolean);
  return `${entry.time} ${entry.method} ${entry.path} ${entry.status} ${entry.ms.toFixed(1)}ms ${extras.join(' ')}`;
}

/** Server events (listening, ready, shutdown) in the same format as the request lines. */
export function formatEvent(event: string, fields: Record<string, unknown>, format: LogFormat): string | undefined {
  if (format === 'off') return undefined;
  const time = new Date().toISOString();
  if (format === 'json') return JSON.stringify({ level: 'info', time, event, ...fields });
  const rest = Object.entries(fields)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `${time} ${event}${rest ? ` ${rest}` : ''}`;
}
