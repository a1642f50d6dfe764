/**
 * Perturbation table for counts (the cell key method of ABS TableBuilder and the Zensus 2022, as
 * the sdcTools `ptable` package builds it): for every original count i a distribution of the noise
 * v that is added to it, with
 * - |v| ≤ D (maximum deviation),
 * - mean 0 (unbiased for every single count, so sums of many cells stay unbiased),
 * - variance V wherever the support allows it,
 * - zero stays zero, and no positive count becomes 0 or negative (i + v ≥ 1),
 * and otherwise as spread out as possible (maximum entropy). Under a mean and a variance constraint
 * the maximum-entropy distribution on a finite support is p(v) ∝ exp(a·v + b·v²); a and b are found
 * by nested bisection. Counts i ≥ D + 1 all share the symmetric row (a = 0).
 *
 * A cell's noise is read from the row of its exact count at its cell key u ∈ [0, 1): the first noise
 * value whose cumulative probability exceeds u. The same records give the same key, so the same cell
 * always gets the same noise.
 */

export interface PTableParams {
  /** Maximum deviation D (a positive integer). */
  maxDeviation: number;
  /** Noise variance V. */
  variance: number;
}

export interface PTableRow {
  /** Original count this row is for (the last row serves every larger count). */
  count: number;
  /** Smallest noise value of the support; the row holds values lo, lo + 1, …, D. */
  lo: number;
  probabilities: readonly number[];
  /** Cumulative probabilities, the last one exactly 1. */
  cumulative: Float64Array;
  mean: number;
  variance: number;
}

export interface PTable {
  params: Readonly<PTableParams>;
  rows: readonly PTableRow[];
}

export class PTableParamsError extends Error {
  override readonly name = 'PTableParamsError';
}

function moments(values: readonly number[], a: number, b: number) {
  // log-sum-exp for stability with large |b|.
  const exps = values.map((v) => a * v + b * v * v);
  const top = Math.max(...exps);
  const weights = exps.map((e) => Math.exp(e - top));
  const total = weights.reduce((s, w) => s + w, 0);
  const p = weights.map((w) => w / total);
  let mean = 0;
  let second = 0;
  p.forEach((q, j) => {
    mean += q * values[j]!;
    second += q * values[j]! * values[j]!;
  });
  return { p, mean, variance: second - mean * mean };
}

/** The a that makes the mean 0 for a given b (the mean rises with a). */
function centre(values: readonly number[], b: number): number {
  // |a| never needs to exceed what balances b·v² across the support.
  const reach = Math.max(...values.map(Math.abs));
  let lo = -(4 * Math.abs(b) * reach + 50);
  let hi = -lo;
  for (let it = 0; it < 90; it++) {
    const mid = (lo + hi) / 2;
    if (moments(values, mid, b).mean > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

function maxEntropyRow(values: readonly number[], target: number): number[] {
  // The centred variance rises with b; bisect b.
  let lo = -50;
  let hi = 50;
  for (let it = 0; it < 70; it++) {
    const mid = (lo + hi) / 2;
    if (moments(values, centre(values, mid), mid).variance > target) hi = mid;
    else lo = mid;
  }
  const b = (lo + hi) / 2;
  return moments(values, centre(values, b), b).p;
}

export function createCountPTable(params: PTableParams): PTable {
  const D = params.maxDeviation;
  const V = params.variance;
  if (!Number.isInteger(D) || D < 1 || D > 20) throw new PTableParamsError('D must be an integer from 1 to 20');
  // The uniform distribution on −D … D has variance D(D + 1)/3; maximum entropy needs less than that.
  if (!(V > 0) || V >= (D * (D + 1)) / 3) {
    throw new PTableParamsError(`V must be above 0 and below D(D + 1)/3 = ${(D * (D + 1)) / 3}`);
  }
  const rows: PTableRow[] = [];
  for (let i = 0; i <= D + 1; i++) {
    const lo = i === 0 ? 0 : Math.max(-D, 1 - i);
    const hi = i === 0 ? 0 : D;
    const values = Array.from({ length: hi - lo + 1 }, (_, j) => lo + j);
    let p: number[];
    if (lo === 0) {
      // Zero stays zero; a count of 1 can only go up, so an unbiased noise must be 0.
      p = values.map((v) => (v === 0 ? 1 : 0));
    } else {
      // With mean 0 on lo … D the variance is at most −lo·D (all mass on the two ends); rows too
      // narrow for V get the largest variance they can carry with some mass left in between.
      const target = Math.min(V, -lo * D * 0.9);
      p = maxEntropyRow(values, target);
    }
    const cumulative = new Float64Array(p.length);
    let run = 0;
    p.forEach((q, j) => {
      run += q;
      cumulative[j] = run;
    });
    cumulative[p.length - 1] = 1;
    const m = p.reduce((s, q, j) => s + q * values[j]!, 0);
    const v2 = p.reduce((s, q, j) => s + q * (values[j]! - m) ** 2, 0);
    rows.push({ count: i, lo, probabilities: p, cumulative, mean: m, variance: v2 });
  }
  return { params: Object.freeze({ maxDeviation: D, variance: V }), rows };
}

/** The row that perturbs `count` (every count beyond D + 1 uses the last, symmetric row). */
export function rowFor(table: PTable, count: number): PTableRow {
  return table.rows[Math.min(count, table.rows.length - 1)]!;
}

/** The noise for a cell with exact `count` and cell key `key` ∈ [0, 1). */
export function countNoise(table: PTable, count: number, key: number): number {
  if (count <= 0) return 0;
  const row = rowFor(table, count);
  const c = row.cumulative;
  let j = 0;
  while (j < c.length - 1 && key >= c[j]!) j++;
  return row.lo + j;
}

/** The published value of a count: its exact value plus the noise of its cell key. */
export function perturbCount(table: PTable, count: number, key: number): number {
  return count + countNoise(table, count, key);
}
