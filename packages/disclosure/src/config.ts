/** The disclosure settings (DISCLOSURE.md: defaults, configurable per deployment in one place). */
export interface DisclosureConfig {
  /** Rule 3: minimum valid answers per item and group. */
  nMin: number;
  nMinSensitive: number;
  /** Rule 6: smallest category that may be shown on its own. */
  k: number;
  kSensitive: number;
  /** Rule 3: a Sozialraum is reported on its own only with this many schools with data. */
  minSchoolsPerSozialraum: number;
  /** Rule 4: maximum deviation D and variance V of the count perturbation. */
  maxDeviation: number;
  variance: number;
  /** Rule 4: magnitude noise of a mean, as a share of one child's largest possible contribution. */
  meanNoiseShare: number;
  pctDecimals: number;
  meanDecimals: number;
}

/**
 * D = 2, V = 0.4: every published count is off by at most 2 (about six in ten are exact, most others
 * off by 1), so a difference of two published counts can be off by up to 4 and a hidden group of
 * 1–9 children is never pinned down, while school percentages stay close to the exact ones
 * (bench/disclosure.ts measures it on the demo city, beside V = 0.5 and V = 1). Percentages with one
 * decimal, so that rounding does not add a quarter point of its own. The methods page says so in
 * plain German.
 */
export const DEFAULT_DISCLOSURE_CONFIG: Readonly<DisclosureConfig> = Object.freeze({
  nMin: 10,
  nMinSensitive: 20,
  k: 3,
  kSensitive: 5,
  minSchoolsPerSozialraum: 3,
  maxDeviation: 2,
  variance: 0.4,
  meanNoiseShare: 0.5,
  pctDecimals: 1,
  meanDecimals: 1,
});

export class DisclosureInputError extends Error {
  override readonly name = 'DisclosureInputError';
}
