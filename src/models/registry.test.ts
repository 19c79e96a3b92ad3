import { describe, expect, it } from 'vitest';
import { createStatisticalModel, isStatisticalModel, statisticalModelNames } from './registry.js';
import { ETaskSpecInvalid } from '../errors/index.js';

describe('statistical model registry', () => {
  it("lists the issue's models under the names the router uses", () => {
    const names = statisticalModelNames();
    for (const n of [
      'Naive',
      'SeasonalNaive',
      'Naive2',
      'HistoricAverage',
      'WindowAverage',
      'SES',
      'Holt',
      'Damped',
      'Theta',
      'Comb',
      'AutoETS',
      'AutoARIMA',
      'CrostonClassic',
      'CrostonSBA',
      'TSB',
    ]) {
      expect(names).toContain(n);
    }
  });

  it('creates every listed model, and each one fits and forecasts a seasonal series', () => {
    const y = Float64Array.from({ length: 60 }, (_, t) => 20 + 5 * Math.sin((2 * Math.PI * t) / 12) + (t % 5));
    for (const name of statisticalModelNames()) {
      const model = createStatisticalModel(name);
      const fc = model.fit(y, 12).forecast(6, [0.1, 0.5, 0.9]);
      expect(fc.mean.length, name).toBe(6);
      for (let i = 0; i < 6; i++) {
        expect(fc.quantiles[0][i], name).toBeLessThanOrEqual(fc.quantiles[2][i]);
        expect(Number.isFinite(fc.mean[i]), name).toBe(true);
      }
    }
  });

  it('accepts aliases and rejects unknown names with a typed error listing the choices', () => {
    expect(isStatisticalModel('Croston')).toBe(true);
    expect(createStatisticalModel('Croston').name).toBe('CrostonClassic');
    expect(isStatisticalModel('Prophet')).toBe(false);
    try {
      createStatisticalModel('Prophet');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ETaskSpecInvalid);
      expect((err as ETaskSpecInvalid).context['available']).toEqual(statisticalModelNames());
    }
  });
});
