import { describe, expect, it } from 'vitest';
import { changeInterval, instrumentFamily, type NoiseParams, publishedVariance } from './change-test.ts';

const noise: NoiseParams = { variance: 0.4, meanNoiseShare: 0.5, decimals: 1 };
const pct = (value: number, n: number) => ({ statistic: 'pct' as const, value, n });
const mean = (value: number, n: number) => ({ statistic: 'mean' as const, value, n, scale: { min: 1, max: 5 } });

describe('change between two published waves', () => {
  it('calls a large change of a large group clear and the same change of a small group not clear', () => {
    expect(changeInterval(pct(40, 2000), pct(33, 2000), noise, noise)?.clear).toBe(true);
    expect(changeInterval(pct(40, 25), pct(33, 25), noise, noise)?.clear).toBe(false);
  });

  it('never calls no change clear, and the interval is symmetric around the change', () => {
    const r = changeInterval(pct(50, 100_000), pct(50, 100_000), noise, noise)!;
    expect(r.clear).toBe(false);
    expect(r.change).toBe(0);
    expect(r.high).toBeCloseTo(-r.low, 12);
  });

  it('widens with the perturbation variance: more noise, wider interval', () => {
    const quiet = changeInterval(pct(30, 30), pct(20, 30), { ...noise, variance: 0 }, { ...noise, variance: 0 })!;
    const loud = changeInterval(pct(30, 30), pct(20, 30), { ...noise, variance: 1 }, { ...noise, variance: 1 })!;
    expect(loud.high - loud.low).toBeGreaterThan(quiet.high - quiet.low);
  });

  it('bounds the spread of a mean by its distance to the scale ends', () => {
    // A mean at a scale end leaves no room to spread: only the noise and rounding remain.
    expect(publishedVariance(mean(5, 100), noise)!).toBeLessThan(publishedVariance(mean(3, 100), noise)!);
    expect(changeInterval(mean(3.4, 1500), mean(3.1, 1500), noise, noise)?.clear).toBe(true);
    expect(changeInterval(mean(3.4, 20), mean(3.1, 20), noise, noise)?.clear).toBe(false);
  });

  it('cannot judge what has no group size', () => {
    expect(changeInterval(pct(40, 0), pct(30, 100), noise, noise)).toBeNull();
    expect(changeInterval({ statistic: 'mean', value: 3, n: 50 }, mean(3, 50), noise, noise)).toBeNull();
  });

  it('groups instrument versions into families', () => {
    expect(instrumentFamily('uwe-2026')).toBe('uwe');
    expect(instrumentFamily('uwe-2027.stadt')).toBe('uwe');
    expect(instrumentFamily('mdi-kurz')).toBe('mdi-kurz');
  });
});
