import { describe, expect, it } from 'vitest';
import { EFreqInvalid, EGiftEvalDatasetUnknown } from '../errors/index.js';
import { allConfigurations, DATASETS, selectConfigurations } from './configurations.js';
import { gluontsSeasonality, predictionLength, testWindows } from './protocol.js';

describe('GIFT-Eval catalogue', () => {
  it('has the 97 configurations of every published all_results.csv: 55 folders, 21 with medium and long', () => {
    const all = allConfigurations();
    expect(DATASETS).toHaveLength(55);
    expect(all).toHaveLength(97);
    expect(DATASETS.filter((d) => d.terms.length === 3)).toHaveLength(21);
    expect(new Set(all.map((c) => c.name)).size).toBe(97);
  });

  it('names configurations like gift-eval: lowercased pretty key, folder or listed freq, term', () => {
    const names = allConfigurations().map((c) => c.name);
    for (const n of [
      'm4_weekly/W/short',
      'm4_yearly/A/short',
      'saugeen/D/short',
      'car_parts/M/short',
      'temperature_rain/D/short',
      'kdd_cup_2018/H/long',
      'loop_seattle/5T/medium',
      'bizitobs_application/10S/long',
      'hierarchical_sales/W/short',
    ]) {
      expect(names).toContain(n);
    }
    const jena = allConfigurations().find((c) => c.name === 'jena_weather/10T/short');
    expect(jena?.dataset).toMatchObject({ dir: 'jena_weather/10T', domain: 'Nature', numVariates: 21 });
  });

  it('selects by folder, term and configuration name; unknown names become typed errors', () => {
    const s = selectConfigurations({ datasets: ['m4_weekly', 'electricity/H', 'LOOP_SEATTLE/5T', 'nope'], terms: ['short', 'long'] });
    expect(s.configurations.map((c) => c.name)).toEqual([
      'm4_weekly/W/short',
      'electricity/H/short',
      'electricity/H/long',
      'loop_seattle/5T/short',
      'loop_seattle/5T/long',
    ]);
    expect(s.unknown).toHaveLength(1);
    expect(s.unknown[0]?.error).toBeInstanceOf(EGiftEvalDatasetUnknown);
    expect(s.unknown[0]?.error.context).toMatchObject({ config: 'nope' });
    const c = selectConfigurations({ configs: ['M4_HOURLY/H/SHORT', 'ett1/H/long', 'ett1/H/weird'] });
    expect(c.configurations.map((x) => x.name)).toEqual(['m4_hourly/H/short', 'ett1/H/long']);
    expect(c.unknown.map((u) => u.name)).toEqual(['ett1/H/weird']);
  });
});

describe('GIFT-Eval protocol numbers', () => {
  it('prediction length: the default map, the m4 map, ×10 medium, ×15 long, multiples and anchors ignored', () => {
    expect(predictionLength('electricity/H', 'H', 'short')).toBe(48);
    expect(predictionLength('electricity/15T', '15T', 'medium')).toBe(480);
    expect(predictionLength('solar/10T', '10T', 'long')).toBe(720);
    expect(predictionLength('bizitobs_application', '10S', 'long')).toBe(900);
    expect(predictionLength('hierarchical_sales/W', 'W-WED', 'short')).toBe(8);
    expect(predictionLength('us_births/M', 'M', 'short')).toBe(12);
    expect(predictionLength('covid_deaths', 'D', 'short')).toBe(30);
    expect(predictionLength('m4_weekly', 'W-SUN', 'short')).toBe(13);
    expect(predictionLength('m4_yearly', 'A-DEC', 'short')).toBe(6);
    expect(predictionLength('m4_quarterly', 'Q-DEC', 'short')).toBe(8);
    expect(predictionLength('m4_monthly', 'M', 'short')).toBe(18);
    expect(predictionLength('m4_daily', 'D', 'short')).toBe(14);
    expect(predictionLength('m4_hourly', 'H', 'short')).toBe(48);
    // pandas ≥ 2.2 spellings map back (maybe_reconvert_freq)
    expect(predictionLength('electricity/H', 'h', 'short')).toBe(48);
    expect(predictionLength('solar/10T', '10min', 'short')).toBe(48);
  });

  it('a frequency GIFT-Eval has no prediction length for, or one nobody knows, is EFreqInvalid', () => {
    expect(() => predictionLength('electricity/H', 'B', 'short')).toThrow(EFreqInvalid);
    expect(() => predictionLength('electricity/H', 'A-DEC', 'short')).toThrow(EFreqInvalid);
    expect(() => predictionLength('electricity/H', '3X', 'short')).toThrow(EFreqInvalid);
    expect(() => gluontsSeasonality('fortnightly')).toThrow(EFreqInvalid);
  });

  it('seasonality is gluonts get_seasonality: base // multiple when it divides, else 1', () => {
    expect(gluontsSeasonality('10S')).toBe(360);
    expect(gluontsSeasonality('5T')).toBe(288);
    expect(gluontsSeasonality('10T')).toBe(144);
    expect(gluontsSeasonality('15T')).toBe(96);
    expect(gluontsSeasonality('H')).toBe(24);
    expect(gluontsSeasonality('2H')).toBe(12);
    expect(gluontsSeasonality('7H')).toBe(1);
    expect(gluontsSeasonality('D')).toBe(1);
    expect(gluontsSeasonality('W-WED')).toBe(1);
    expect(gluontsSeasonality('M')).toBe(12);
    expect(gluontsSeasonality('MS')).toBe(12);
    expect(gluontsSeasonality('Q-DEC')).toBe(4);
    expect(gluontsSeasonality('A-DEC')).toBe(1);
    expect(gluontsSeasonality('B')).toBe(5);
  });

  it('windows: min(max(1, ceil(0.1·minLen/PL)), 20), and 1 for m4', () => {
    expect(testWindows('electricity/H', 1000, 48)).toBe(3); // ceil(2.083)
    expect(testWindows('electricity/H', 960, 48)).toBe(2); // ceil(2.0)
    expect(testWindows('electricity/H', 10, 48)).toBe(1);
    expect(testWindows('electricity/H', 1_000_000, 48)).toBe(20);
    expect(testWindows('m4_hourly', 100_000, 48)).toBe(1);
  });
});
