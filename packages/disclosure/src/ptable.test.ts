import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addKey, cellKey, KEY_SPACE, perturbMean } from './cell-key.ts';
import { countNoise, createCountPTable, PTableParamsError, perturbCount, rowFor } from './ptable.ts';

const seed = process.env.FC_SEED ?? (process.env.CI ? '20261203' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });

const params = fc.record({
  maxDeviation: fc.integer({ min: 1, max: 6 }),
  fraction: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
});

describe('perturbation table for counts', () => {
  it('has mean 0, variance V, |noise| ≤ D, zero stays zero and no positive count reaches 0 (every row)', () => {
    fc.assert(
      fc.property(params, ({ maxDeviation: D, fraction }) => {
        const V = fraction * ((D * (D + 1)) / 3);
        const t = createCountPTable({ maxDeviation: D, variance: V });
        for (const row of t.rows) {
          const total = row.probabilities.reduce((a, b) => a + b, 0);
          expect(total).toBeCloseTo(1, 9);
          expect(Math.abs(row.mean)).toBeLessThan(1e-6);
          row.probabilities.forEach((p, j) => {
            const v = row.lo + j;
            if (p > 0) {
              expect(Math.abs(v)).toBeLessThanOrEqual(D);
              if (row.count === 0) expect(v).toBe(0);
              else expect(row.count + v).toBeGreaterThanOrEqual(1);
            }
          });
          // Rows wide enough for V carry exactly V; narrower rows as much as their support allows.
          if (row.count === 0 || row.count === 1) expect(row.variance).toBeCloseTo(0, 9);
          else if (-row.lo * D * 0.9 >= V) expect(row.variance).toBeCloseTo(V, 6);
          else expect(row.variance).toBeCloseTo(-row.lo * D * 0.9, 6);
        }
        // Every count from D + 1 on uses the symmetric row with exactly V.
        expect(rowFor(t, 10_000).variance).toBeCloseTo(V, 6);
        expect(rowFor(t, 10_000).lo).toBe(-D);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the noise distribution of its row over uniformly random cell keys', () => {
    const t = createCountPTable({ maxDeviation: 2, variance: 0.5 });
    for (const count of [0, 1, 2, 3, 50]) {
      let s = 0;
      let s2 = 0;
      const runs = 200_000;
      for (let r = 0; r < runs; r++) {
        const v = countNoise(t, count, (r + 0.5) / runs);
        s += v;
        s2 += v * v;
      }
      const row = rowFor(t, count);
      expect(s / runs).toBeCloseTo(row.mean, 3);
      expect(s2 / runs).toBeCloseTo(row.variance, 3);
    }
  });

  it('refuses parameters the method cannot meet', () => {
    expect(() => createCountPTable({ maxDeviation: 0, variance: 0.5 })).toThrow(PTableParamsError);
    expect(() => createCountPTable({ maxDeviation: 2, variance: 2 })).toThrow(PTableParamsError);
    expect(() => createCountPTable({ maxDeviation: 2, variance: 0 })).toThrow(PTableParamsError);
  });
});

describe('cell keys', () => {
  const recordKeys = fc.array(fc.integer({ min: 0, max: KEY_SPACE - 1 }), { minLength: 1, maxLength: 200 });

  it('give the same records the same published value in any order', () => {
    const t = createCountPTable({ maxDeviation: 2, variance: 0.5 });
    fc.assert(
      fc.property(recordKeys, fc.integer(), (keys, shuffleSeed) => {
        const shuffled = [...keys].sort((a, b) => ((a ^ shuffleSeed) % 97) - ((b ^ shuffleSeed) % 97));
        const sumA = keys.reduce(addKey, 0);
        const sumB = shuffled.reduce(addKey, 0);
        expect(sumB).toBe(sumA);
        expect(perturbCount(t, keys.length, cellKey(sumB))).toBe(perturbCount(t, keys.length, cellKey(sumA)));
        const mean = { n: keys.length, sum: keys.length * 3, key: sumA };
        expect(perturbMean({ ...mean, key: sumB }, 4, 0.5)).toBe(perturbMean(mean, 4, 0.5));
      }),
    );
  });

  it('keep every published count within D of the truth and positive', () => {
    const t = createCountPTable({ maxDeviation: 2, variance: 0.5 });
    fc.assert(
      fc.property(recordKeys, (keys) => {
        const v = perturbCount(t, keys.length, cellKey(keys.reduce(addKey, 0)));
        expect(Math.abs(v - keys.length)).toBeLessThanOrEqual(2);
        expect(v).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('move a mean by at most share × range / n', () => {
    fc.assert(
      fc.property(recordKeys, fc.double({ min: 1, max: 5, noNaN: true }), (keys, m) => {
        const n = keys.length;
        const v = perturbMean({ n, sum: m * n, key: keys.reduce(addKey, 0) }, 4, 0.5);
        expect(Math.abs(v - m)).toBeLessThanOrEqual((0.5 * 4) / n + 1e-9);
      }),
    );
  });
});
