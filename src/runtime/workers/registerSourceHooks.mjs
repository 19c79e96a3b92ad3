/** `--import` target for workers that run from TypeScript sources; see sourceHooks.mjs. */
import { register } from 'node:module';

register('./sourceHooks.mjs', import.meta.url);
