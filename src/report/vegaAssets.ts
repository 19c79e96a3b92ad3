/**
 * Vega's browser bundle, read from node_modules at report time and inlined into the HTML report so
 * the file needs no network. Only Vega travels: the chart is compiled from Vega-Lite in Node.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { EReportRenderFailed } from '../errors/index.js';

let cached: Promise<string> | undefined;

/** The minified UMD bundle (defines `window.vega`), safe to place inside a `<script>` element. */
export function vegaBrowserBundle(): Promise<string> {
  cached ??= load().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

async function load(): Promise<string> {
  let path = '(unresolved)';
  try {
    // The package's entry is build/vega.module.js; the browser bundle sits beside it.
    path = join(dirname(createRequire(import.meta.url).resolve('vega')), 'vega.min.js');
    const source = await readFile(path, 'utf8');
    return source.replace(/<\/script/gi, '<\\/script');
  } catch (e) {
    throw new EReportRenderFailed(`Cannot read Vega's browser bundle (${path}): ${(e as Error).message}`, {
      context: { step: 'vega bundle', path },
      cause: e,
    });
  }
}
