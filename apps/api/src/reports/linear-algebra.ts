/**
 * Exact row space of integer vectors (fraction-free Gaussian elimination, every row divided by the
 * gcd of its entries). The disclosure rank check needs a yes/no answer that does not depend on a
 * float tolerance, and its matrices are small 0/1 incidence matrices whose eliminated rows stay
 * small integers; an entry outside the safe integer range throws rather than answering wrongly.
 *
 * Every stored row remembers which added rows it combines, so `express` can say which published
 * cells an attacker would combine to recover a target.
 */

interface Combined {
  /** Dense entries. */
  row: number[];
  /** Sparse coefficients over the rows passed to `add`, by their index. */
  combo: Map<number, number>;
}

interface BasisRow extends Combined {
  pivot: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

function checked(x: number): number {
  if (!Number.isSafeInteger(x)) throw new Error('RowSpace: integer overflow in elimination');
  return x;
}

/** r := a*r - c*b (entries and combinations), then divided by the gcd of everything (and `scale`). */
function eliminate(r: Combined & { scale?: number }, b: Combined, pivot: number): void {
  const a = b.row[pivot]!;
  const c = r.row[pivot]!;
  for (let j = 0; j < r.row.length; j++) {
    const bj = b.row[j]!;
    r.row[j] = checked(a * r.row[j]! - (bj === 0 ? 0 : c * bj));
  }
  for (const [i, v] of r.combo) r.combo.set(i, checked(a * v));
  for (const [i, v] of b.combo) r.combo.set(i, checked((r.combo.get(i) ?? 0) - c * v));
  for (const [i, v] of r.combo) if (v === 0) r.combo.delete(i);
  if (r.scale !== undefined) r.scale = checked(a * r.scale);
  let g = r.scale ?? 0;
  for (const x of r.row) if (x !== 0) g = gcd(g, x);
  for (const v of r.combo.values()) g = gcd(g, v);
  if (g > 1) {
    for (let j = 0; j < r.row.length; j++) r.row[j] = r.row[j]! / g;
    for (const [i, v] of r.combo) r.combo.set(i, v / g);
    if (r.scale !== undefined) r.scale /= g;
  }
}

export class RowSpace {
  private readonly basis: BasisRow[] = [];
  private added = 0;

  constructor(readonly dim: number) {}

  get rank(): number {
    return this.basis.length;
  }

  private reduce(r: Combined & { scale?: number }): void {
    for (const b of this.basis) if (r.row[b.pivot] !== 0) eliminate(r, b, b.pivot);
  }

  private vector(v: readonly number[]): number[] {
    if (v.length !== this.dim) throw new Error(`RowSpace: expected length ${this.dim}, got ${v.length}`);
    for (const x of v) if (!Number.isSafeInteger(x)) throw new Error('RowSpace: entries must be integers');
    return [...v];
  }

  /** Adds a row (its index is the number of rows added before it); true if it raised the rank. */
  add(v: readonly number[]): boolean {
    const r: Combined = { row: this.vector(v), combo: new Map([[this.added, 1]]) };
    this.added++;
    this.reduce(r);
    const pivot = r.row.findIndex((x) => x !== 0);
    if (pivot < 0) return false;
    if (r.row[pivot]! < 0) {
      for (let j = 0; j < r.row.length; j++) r.row[j] = -r.row[j]!;
      for (const [i, x] of r.combo) r.combo.set(i, -x);
    }
    this.basis.push({ ...r, pivot });
    return true;
  }

  contains(v: readonly number[]): boolean {
    return this.express(v) !== null;
  }

  /**
   * If v lies in the span of the added rows: the indices of the added rows one representation
   * v = Σ c_i · row_i uses (c_i ≠ 0), ascending. Otherwise null.
   */
  express(v: readonly number[]): number[] | null {
    const r = { row: this.vector(v), combo: new Map<number, number>(), scale: 1 };
    this.reduce(r);
    if (r.row.some((x) => x !== 0)) return null;
    return [...r.combo.keys()].sort((a, b) => a - b);
  }
}

/** Rank of a list of integer rows. */
export function rank(rows: readonly (readonly number[])[], dim: number): number {
  const space = new RowSpace(dim);
  for (const r of rows) space.add(r);
  return space.rank;
}
