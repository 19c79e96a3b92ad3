/**
 * Request bodies: JSON text → value → schema, each failure a typed error the client can act on.
 * JSON.parse turns numbers beyond float64 range (1e999) into Infinity, so the parsed value is
 * scanned for non-finite numbers before any schema sees it.
 */
import type { z } from 'zod';
import { EContractNonFinite, ERequestInvalid, ERequestMalformed } from '../errors/index.js';

export function parseJsonText(text: string): unknown {
  if (text.trim() === '') {
    throw new ERequestMalformed('The request body is empty; this route expects a JSON document.', { context: { bytes: 0 } });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof SyntaxError ? cause.message : 'not JSON';
    throw new ERequestMalformed(`The request body is not valid JSON (${detail}).`, { context: { bytes: Buffer.byteLength(text) } });
  }
}

/** The first non-finite number in a JSON value, as a path like `inputs[2].target[7]`. */
export function findNonFinite(value: unknown, path = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path || '(root)';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === 'number') {
        if (!Number.isFinite(v)) return `${path}[${i}]`;
      } else if (v !== null && typeof v === 'object') {
        const found = findNonFinite(v, `${path}[${i}]`);
        if (found) return found;
      }
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const found = findNonFinite(v, path ? `${path}.${k}` : k);
      if (found) return found;
    }
  }
  return undefined;
}

export function rejectNonFinite(value: unknown): void {
  const at = findNonFinite(value);
  if (at !== undefined) {
    throw new EContractNonFinite(`The request holds a number outside the float64 range at ${at}.`, {
      context: { path: at },
      fixHint: 'Send finite numbers only; use null for a missing value.',
    });
  }
}

/** Validates with a zod schema; every issue is listed with its path. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 20).map((i) => ({ path: formatPath(i.path), message: i.message }));
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  throw new ERequestInvalid(
    `Invalid ${what}: ${summary}${result.error.issues.length > 5 ? ` (and ${result.error.issues.length - 5} more)` : ''}`,
    {
      context: { issues },
    },
  );
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(root)';
}
