/**
 * What leaves the server in an error body or a fallback record is redacted: filesystem paths
 * (checkpoint locations, module files) say more about the host than a client needs.
 */
const ABSOLUTE_PATH = /(?:[A-Za-z]:\\|~\/|\/)(?:[\w.@+-]+[\\/])+[\w.@+-]*/g;

export function redactText(text: string): string {
  return text.replace(ABSOLUTE_PATH, '<path>');
}

/** Deep copy of a JSON-like value with every string redacted; depth- and size-bounded. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6) return undefined;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => redactValue(v, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, 50)) out[k] = redactValue(v, depth + 1);
    return out;
  }
  return typeof value === 'bigint' ? value.toString() : value;
}
