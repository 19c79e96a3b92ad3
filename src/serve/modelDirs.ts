/**
 * `--model-dir chronos=<dir>[,timesfm=<dir>]` (repeatable) → adapter → directory. A bare
 * `--model-dir <dir>` means the only preloaded adapter. The same syntax serves `--model-size`.
 *
 * Local parser: the TSFM-layer branch is adding a shared one for every command; switch to it once
 * it is on main.
 */
import { ETaskSpecInvalid } from '../errors/index.js';

export function parseAdapterMap(values: readonly string[], option: string, adapters: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const value of values) {
    for (const part of value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const eq = part.indexOf('=');
      let name: string;
      let target: string;
      if (eq < 0) {
        if (adapters.length !== 1) {
          throw new ETaskSpecInvalid(`${option} "${part}" does not say which adapter it is for.`, {
            context: { option, value: part, preload: [...adapters] },
            fixHint: `Write ${option} <adapter>=<value>, e.g. ${option} chronos=${part}.`,
          });
        }
        name = adapters[0];
        target = part;
      } else {
        name = part.slice(0, eq).trim();
        target = part.slice(eq + 1).trim();
      }
      if (!name || !target) {
        throw new ETaskSpecInvalid(`${option} "${part}" needs the form <adapter>=<value>.`, { context: { option, value: part } });
      }
      if (!adapters.includes(name)) {
        throw new ETaskSpecInvalid(`${option} names adapter "${name}", which is not in --preload (${adapters.join(', ') || 'none'}).`, {
          context: { option, adapter: name, preload: [...adapters] },
          fixHint: `Add ${name} to --preload or drop it from ${option}.`,
        });
      }
      if (name in out) {
        throw new ETaskSpecInvalid(`${option} sets adapter "${name}" twice.`, { context: { option, adapter: name } });
      }
      out[name] = target;
    }
  }
  return out;
}
