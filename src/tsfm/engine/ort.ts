/**
 * onnxruntime-node, loaded on first use. Its native binding costs ~0.5 s and ~90 MB, so nothing
 * imports it at module load: a statistical-only user of the package never pays for it, and a
 * machine without it (it is an optional dependency) gets a typed error naming the fix the first
 * time a TSFM needs it.
 */
import type * as OrtModule from 'onnxruntime-node';
import { ERuntimeUnavailable } from '../../errors/index.js';

export type Ort = typeof OrtModule;

let loading: Promise<Ort> | undefined;
let loaded: Ort | undefined;

/** The onnxruntime-node module; ERuntimeUnavailable when it is not installed or its binding fails. */
export function loadOrt(): Promise<Ort> {
  loading ??= import('onnxruntime-node').then(
    (m) => {
      loaded = m;
      return m;
    },
    (cause: unknown) => {
      loading = undefined;
      throw new ERuntimeUnavailable(`onnxruntime-node could not be loaded: ${cause instanceof Error ? cause.message : String(cause)}`, {
        context: { package: 'onnxruntime-node', platform: `${process.platform}/${process.arch}` },
        cause,
      });
    },
  );
  return loading;
}

/** The module if some TSFM already loaded it (never triggers the load). */
export function loadedOrt(): Ort | undefined {
  return loaded;
}
