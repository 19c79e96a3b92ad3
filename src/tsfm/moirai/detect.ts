/**
 * Whether a config.json is a Moirai 2.0 checkpoint (`Moirai2Module(**config)`): it has the single
 * `patch_size`, `num_predict_token` and `quantile_levels` of the 2.0 module (Moirai 1.x has
 * `patch_sizes` and a distribution head). Cheap and free of model code.
 */
export function moirai2VariantOf(config: unknown): 'moirai2' | undefined {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  const has = (k: string) => k in c;
  if (
    has('patch_size') &&
    has('num_predict_token') &&
    has('quantile_levels') &&
    has('d_model') &&
    !has('patch_sizes') &&
    !has('chronos_config')
  )
    return 'moirai2';
  return undefined;
}
