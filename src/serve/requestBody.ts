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

/** Deepest nesting of arrays and objects a request may have; no contract needs more than a few. */
export const MAX_JSON_DEPTH = 64;

/**
 * The first non-finite number in a JSON value (document order), as a path like
 * `inputs[2].target[7]`. Iterative, one frame per open array or object, so a body nested thousands
 * of levels deep is a typed 400 rather than a RangeError, and a long series costs no allocation per
 * number.
 */
export function findNonFinite(value: unknown): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : '(root)';
  if (value === null || typeof value !== 'object') return undefined;
  type Frame = { items: readonly unknown[]; keys: readonly string[] | null; next: number; path: string };
  const open = (v: object, path: string): Frame =>
    Array.isArray(v) ? { items: v, keys: null, next: 0, path } : { items: Object.values(v), keys: Object.keys(v), next: 0, path };
  const stack: Frame[] = [open(value, '')];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next >= frame.items.length) {
      stack.pop();
      continue;
    }
    const i = frame.next++;
    const child = frame.items[i];
    if (typeof child === 'number') {
      if (!Number.isFinite(child)) return childPath(frame, i);
    } else if (child !== null && typeof child === 'object') {
      if (stack.length >= MAX_JSON_DEPTH) {
        const at = childPath(frame, i);
        throw new ERequestInvalid(`The request is nested deeper than ${MAX_JSON_DEPTH} levels (at ${at}).`, {
          context: { maxDepth: MAX_JSON_DEPTH, path: at },
          fixHint: 'Send the documented shape: series are lists of numbers, not nested lists.',
        });
      }
      stack.push(open(child, childPath(frame, i)));
    }
  }
  return undefined;
}

function childPath(frame: { keys: readonly string[] | null; path: string }, i: number): string {
  if (frame.keys === null) return `${frame.path}[${i}]`;
  const key = frame.keys[i]!;
  return frame.path ? `${frame.path}.${key}` : key;
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
