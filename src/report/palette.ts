/**
 * Colours of the charts: the Okabe–Ito palette, which stays distinguishable under the common forms
 * of colour blindness. Bands are tints of the forecast colour, lightest for the widest interval, so
 * nested intervals read as one fan without relying on transparency.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

export const CHART_COLOURS = {
  history: '#222222',
  forecast: OKABE_ITO.blue,
  backtest: OKABE_ITO.vermillion,
  cutoff: '#6b6b6b',
} as const;

/** `colour` mixed with white: share 1 is the colour itself, 0 is white. */
export function tint(colour: string, share: number): string {
  const n = Number.parseInt(colour.slice(1), 16);
  const mix = (c: number) => Math.round(255 - (255 - c) * share);
  const rgb = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map(mix);
  return `#${rgb.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
}

/** One tint per band, widest (first) lightest: 2 bands → 22% and 42% of the colour. */
export function bandTints(colour: string, count: number): string[] {
  if (count <= 0) return [];
  if (count === 1) return [tint(colour, 0.3)];
  return Array.from({ length: count }, (_, i) => tint(colour, 0.22 + (0.2 * i) / (count - 1)));
}
