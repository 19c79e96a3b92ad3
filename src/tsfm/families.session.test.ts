/**
 * Every registered TSFM family in one session, on the project's fixture checkpoints (random
 * weights, real file layouts): each adapter is preloaded and loads exactly once, each serves a run
 * when it leads the policy, and a failure at predict time falls through the families in policy
 * order. The test iterates `TSFM_FAMILIES`, so a family registered later (TimesFM) joins it once
 * its fixture checkpoint is listed in FIXTURES; with fewer than two families it checks what it can.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { panelFromArrays } from '../data/panel.js';
import { registerAdapterFactory } from '../runtime/adapterRegistry.js';
import { TSAgentSession } from '../runtime/session.js';
import { RuntimeTelemetry } from '../runtime/telemetry.js';
import { testSteps } from '../runtime/__tests__/testSteps.js';
import { createTsfmAdapter } from './adapters/index.js';
import type { TsfmFamily } from './family.js';
import { TSFM_FAMILIES } from './families.js';

const fixture = (p: string) => fileURLToPath(new URL(`../../test/fixtures/${p}`, import.meta.url));
/** The fixture checkpoint of each family. */
const FIXTURES: Record<string, string> = {
  chronos: fixture('chronos2/checkpoints/random-s0'),
  moirai: fixture('moirai2/checkpoints/seed-20250801'),
  timesfm: fixture('timesfm2p5/checkpoints/seed-20250925'),
};
const families = TSFM_FAMILIES.filter((f) => FIXTURES[f.name] !== undefined && existsSync(`${FIXTURES[f.name]}/config.json`));
const names = families.map((f) => f.name);

const DAY = 86_400_000;
const panel = panelFromArrays(
  ['s1', 's2', 's3'].map((id, k) => ({
    id,
    ds: Array.from({ length: 80 }, (_, i) => i * DAY),
    y: Array.from({ length: 80 }, (_, i) => 50 + 10 * k + 5 * Math.sin((2 * Math.PI * i) / 7) + 0.1 * i),
  })),
  'D',
);

let restore: Array<() => void> = [];
afterEach(() => {
  restore.reverse().forEach((r) => r());
  restore = [];
});

/**
 * Replaces each family's pool factory with one whose checkpoint loads and releases are counted and
 * whose forecaster fails at predict time (as onnxruntime does) while its name is in `failing`.
 */
function instrument() {
  const loads: Record<string, number> = {};
  const disposes: Record<string, number> = {};
  const failing = new Set<string>();
  for (const family of families) {
    const counted: TsfmFamily = {
      ...family,
      load: async (dir, options) => {
        loads[family.name] = (loads[family.name] ?? 0) + 1;
        const forecaster = await family.load(dir, options);
        return {
          info: forecaster.info,
          covariates: forecaster.covariates,
          forecast: async (items, request) => {
            if (failing.has(family.name)) throw new Error(`[ONNXRuntimeError] : 1 : FAIL : ${family.name} failed in this test`);
            return forecaster.forecast(items, request);
          },
          dispose: async () => {
            disposes[family.name] = (disposes[family.name] ?? 0) + 1;
            await forecaster.dispose();
          },
        };
      },
    };
    restore.push(registerAdapterFactory(family.name, (o) => createTsfmAdapter(counted, o)));
  }
  return { loads, disposes, failing };
}

describe(`one session with every registered TSFM family preloaded (${names.join(', ')})`, () => {
  it('has the moirai and chronos fixtures', () => {
    expect(names).toEqual(expect.arrayContaining(['chronos', 'moirai']));
  });

  it('loads each once, serves a run with each, and falls back in policy order when one fails at predict time', async () => {
    const { loads, disposes, failing } = instrument();
    const telemetry = new RuntimeTelemetry();
    const session = await TSAgentSession.create({
      mode: 'quick',
      taskSpecDefaults: { h: 6, levels: [] },
      modelPool: {
        adapters: names,
        preload: true,
        maxPreloadAdapters: names.length,
        adapterOptions: Object.fromEntries(names.map((n) => [n, { modelDir: FIXTURES[n], intraOpNumThreads: 1, graphCacheDir: false }])),
        // Moirai 2.0's weights are CC-BY-NC-4.0: a pool holds it only once its licence is accepted.
        acceptLicences: ['moirai'],
      },
      telemetry,
      steps: testSteps().steps,
    });
    expect(session.modelPool!.stats().loaded).toEqual(names);

    // Each family leads the policy once and answers every series itself.
    const means: Record<string, number[]> = {};
    for (const lead of names) {
      const order = [lead, ...names.filter((n) => n !== lead)];
      const run = await session.run(panel, { tsfmPolicy: { mode: 'required', adapters: order } });
      expect(run.modelBySeries).toEqual({ s1: lead, s2: lead, s3: lead });
      expect(run.fallbacks).toEqual([]);
      const mean = [...run.forecast.series[0].mean];
      expect(mean).toHaveLength(6);
      expect(mean.every(Number.isFinite)).toBe(true);
      means[lead] = mean;
    }
    // Different checkpoints, different forecasts: each run really used its own model.
    expect(new Set(Object.values(means).map((m) => m.join(','))).size).toBe(names.length);

    // The leader fails at predict time: the next family in the policy answers, and so on down.
    for (let k = 1; k < names.length; k++) {
      failing.add(names[k - 1]);
      const run = await session.run(panel, { tsfmPolicy: { mode: 'required', adapters: names } });
      expect(run.modelBySeries).toEqual({ s1: names[k], s2: names[k], s3: names[k] });
      expect(run.fallbacks.map((f) => [f.from, f.to, f.stage])).toEqual(names.slice(0, k).map((n, i) => [n, names[i + 1], 'predict']));
      expect([...run.forecast.series[0].mean]).toEqual(means[names[k]]);
    }

    // Nothing was loaded again along the way; close() releases each checkpoint once.
    expect(loads).toEqual(Object.fromEntries(names.map((n) => [n, 1])));
    expect(telemetry.snapshot().load_count).toBe(names.length);
    await session.close();
    expect(disposes).toEqual(Object.fromEntries(names.map((n) => [n, 1])));
  });
});
