/**
 * Vega-Lite → Vega → SVG in Node (Vega's headless renderer, no browser, no canvas), and SVG → PNG
 * with resvg. The libraries are imported on first use, so commands that draw nothing never load them.
 */
import type { Spec as VegaSpec } from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { EReportRenderFailed } from '../errors/index.js';
import type { VegaLiteSpec } from './chartSpec.js';

/** Compiles a Vega-Lite spec to Vega; compiler warnings are dropped (the specs are ours). */
export async function compileToVega(spec: VegaLiteSpec): Promise<VegaSpec> {
  const vl = await import('vega-lite');
  try {
    const quiet = { level: () => quiet, error: () => quiet, warn: () => quiet, info: () => quiet, debug: () => quiet };
    return vl.compile(spec as unknown as TopLevelSpec, { logger: quiet as never }).spec;
  } catch (e) {
    throw new EReportRenderFailed(`Vega-Lite could not compile the chart: ${(e as Error).message}`, {
      context: { step: 'vega-lite compile' },
      cause: e,
    });
  }
}

export async function vegaToSvg(spec: VegaSpec): Promise<string> {
  const vega = await import('vega');
  let view: InstanceType<typeof vega.View> | undefined;
  try {
    view = new vega.View(vega.parse(spec), { renderer: 'none', logLevel: vega.Error });
    return await view.toSVG();
  } catch (e) {
    throw new EReportRenderFailed(`Vega could not render the chart: ${(e as Error).message}`, {
      context: { step: 'vega render' },
      cause: e,
    });
  } finally {
    view?.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit (2 = sharp on high-density screens). */
  readonly scale?: number;
}

export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  try {
    const resvg = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: options.scale ?? 2 },
      background: 'white',
      // System fonts draw the labels; without any installed font the chart is drawn without text.
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    });
    return resvg.render().asPng();
  } catch (e) {
    throw new EReportRenderFailed(`resvg could not render the chart to PNG: ${(e as Error).message}`, {
      context: { step: 'png' },
      cause: e,
    });
  }
}
