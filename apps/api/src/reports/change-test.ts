/**
 * Is a change between two waves more than chance and the disclosure noise explain? Pure; works only
 * on what the releases published (perturbed percentages, means and group sizes), never on answers,
 * so it adds nothing a reader could not compute from the published numbers and the method.
 *
 * Percentages: a published share q̂ = (c + e_c) / (n + e_n) with count noise of variance V on both
 * counts. Linearised, its variance is the sampling variance q(1 − q)/n plus the noise variance
 * V·(1 + q²)/n², plus the rounding of the published value (uniform, width one last digit).
 *
 * Means: the spread of the answers is not published, so the sampling variance is bounded from above
 * by (max − m)(m − min)/n (Bhatia–Davis: no variable on [min, max] with mean m spreads more). The
 * magnitude noise moves the sum behind the mean by share·range·T with T triangular on [−1, 1]
 * (variance 1/6), so the mean by that over n. The bound makes the test careful: a change it calls
 * clear is clear; some real changes of means stay "not clear".
 *
 * The difference of two independent waves has the sum of the variances; the 95 % interval is
 * difference ± 1.96·√(sum). "Deutlich" only where the interval excludes zero.
 */

export interface PublishedValue {
  statistic: 'pct' | 'mean';
  /** Percent (0–100) or the mean, as published. */
  value: number;
  /** The published (perturbed) number of answers behind it. */
  n: number;
  /** Means: the scale's ends. */
  scale?: { min: number; max: number };
}

export interface NoiseParams {
  /** Variance V of the count perturbation (DisclosureConfig.variance). */
  variance: number;
  /** Magnitude noise of a mean as a share of the range (DisclosureConfig.meanNoiseShare). */
  meanNoiseShare: number;
  /** Decimals the value was published with. */
  decimals: number;
}

const Z95 = 1.959964;

/** Variance of one published value, in its own unit (percentage points² or scale points²). */
export function publishedVariance(v: PublishedValue, noise: NoiseParams): number | null {
  if (!(v.n > 0) || !Number.isFinite(v.value)) return null;
  const rounding = (10 ** -noise.decimals) ** 2 / 12;
  if (v.statistic === 'pct') {
    const q = Math.min(Math.max(v.value / 100, 0), 1);
    const sampling = (q * (1 - q)) / v.n;
    const perturbation = (noise.variance * (1 + q * q)) / (v.n * v.n);
    return (sampling + perturbation) * 100 * 100 + rounding;
  }
  if (!v.scale) return null;
  const { min, max } = v.scale;
  const m = Math.min(Math.max(v.value, min), max);
  const sampling = ((max - m) * (m - min)) / v.n;
  const perturbation = (noise.meanNoiseShare * (max - min)) ** 2 / 6 / (v.n * v.n);
  return sampling + perturbation + rounding;
}

export interface ChangeInterval {
  change: number;
  low: number;
  high: number;
  /** The interval excludes zero. */
  clear: boolean;
}

/** The change `after − before` with its 95 % interval; null where either value cannot be judged. */
export function changeInterval(
  before: PublishedValue,
  after: PublishedValue,
  noiseBefore: NoiseParams,
  noiseAfter: NoiseParams,
): ChangeInterval | null {
  const vb = publishedVariance(before, noiseBefore);
  const va = publishedVariance(after, noiseAfter);
  if (vb === null || va === null) return null;
  const change = after.value - before.value;
  const half = Z95 * Math.sqrt(vb + va);
  return { change, low: change - half, high: change + half, clear: change - half > 0 || change + half < 0 };
}

/**
 * Waves are compared only within one instrument family: the instrument id without its version
 * ("uwe-2026" and "uwe-2027" are both "uwe"), so a city's own versions of the same questionnaire
 * line up and a different questionnaire never does.
 */
export function instrumentFamily(instrumentId: string): string {
  return instrumentId.replace(/-\d.*$/, '');
}
