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

/** A prime below 2^26, so a product of two residues stays an exact double. */
const P = 67_108_859;

function mod(x: number): number {
  const r = x % P;
  return r < 0 ? r + P : r;
}

function inverse(a: number): number {
  // Extended Euclid on residues.
  let [r0, r1] = [P, mod(a)];
  let [s0, s1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0);
}

interface SparseRow {
  idx: Int32Array;
  val: Float64Array;
  /** Largest index with a non-zero entry. */
  last: number;
  /** Added rows this basis row combines (only when combos are tracked). */
  combo?: Map<number, number>;
}

/**
 * The same question as `RowSpace` (is a vector a linear combination of the added ones?) for the
 * release build, where the matrices are large (atoms of a whole city) and sparse. Arithmetic is
 * modulo a large prime: the incidence matrices of nested groups have tiny minors, so their rank
 * over the rationals and modulo this prime agree (the property tests cross-check releases
 * against the exact `RowSpace`). Rows are eliminated left to right and only between their first
 * and last non-zero entry, so when atoms are ordered Sozialraum by Sozialraum and school by
 * school, a school's row costs a few steps and a Sozialraum's stays within its schools.
 */
export class ModRowSpace {
  private readonly pivots: (SparseRow | undefined)[];
  /** All zero between calls. */
  private readonly scratch: Float64Array;
  private readonly scratchCombo = new Map<number, number>();
  private lo = 0;
  private hi = -1;
  private added = 0;
  rank = 0;

  constructor(
    readonly dim: number,
    private readonly trackCombos = false,
  ) {
    this.pivots = new Array(dim);
    this.scratch = new Float64Array(dim);
  }

  /** Loads the 0/1 vector with ones at `support` (ascending indices). */
  private load(support: ArrayLike<number>): void {
    this.lo = this.dim;
    this.hi = -1;
    for (let k = 0; k < support.length; k++) {
      const j = support[k]!;
      if (j < 0 || j >= this.dim) throw new Error(`ModRowSpace: index ${j} outside ${this.dim}`);
      this.scratch[j] = 1;
      if (j < this.lo) this.lo = j;
      if (j > this.hi) this.hi = j;
    }
    this.scratchCombo.clear();
  }

  /** Reduces the loaded vector; returns the first coordinate without a pivot, or -1 (in the span). */
  private reduce(): number {
    const t = this.scratch;
    for (let j = this.lo; j <= this.hi; j++) {
      const f = t[j]!;
      if (f === 0) continue;
      const b = this.pivots[j];
      if (!b) return j;
      // t -= f * b (b[j] === 1)
      for (let k = 0; k < b.idx.length; k++) {
        const i = b.idx[k]!;
        t[i] = mod(t[i]! - f * b.val[k]!);
      }
      if (b.last > this.hi) this.hi = b.last;
      if (this.trackCombos && b.combo) {
        for (const [i, v] of b.combo) {
          const next = mod((this.scratchCombo.get(i) ?? 0) - f * v);
          if (next === 0) this.scratchCombo.delete(i);
          else this.scratchCombo.set(i, next);
        }
      }
    }
    return -1;
  }

  private clear(from: number): void {
    for (let j = from; j <= this.hi; j++) this.scratch[j] = 0;
  }

  /** Adds the 0/1 row with ones at `support` (its index is the number of rows added before it). */
  add(support: ArrayLike<number>): boolean {
    this.load(support);
    const index = this.added++;
    if (this.trackCombos) this.scratchCombo.set(index, 1);
    const j = this.reduce();
    if (j < 0) return false;
    // Echelon form is enough: the new row keeps its entries after j unreduced.
    const t = this.scratch;
    const inv = inverse(t[j]!);
    const idx: number[] = [];
    const val: number[] = [];
    for (let k = j; k <= this.hi; k++) {
      if (t[k] !== 0) {
        idx.push(k);
        val.push(mod(t[k]! * inv));
      }
    }
    this.clear(j);
    const row: SparseRow = { idx: Int32Array.from(idx), val: Float64Array.from(val), last: idx[idx.length - 1]! };
    if (this.trackCombos) {
      row.combo = new Map([...this.scratchCombo].map(([i, x]) => [i, mod(x * inv)]));
    }
    this.pivots[j] = row;
    this.rank++;
    return true;
  }

  /**
   * If the 0/1 vector with ones at `support` lies in the span: the indices of added rows one
   * representation uses (empty unless combos are tracked). Otherwise null.
   */
  express(support: ArrayLike<number>): number[] | null {
    this.load(support);
    const j = this.reduce();
    if (j >= 0) {
      this.clear(j);
      return null;
    }
    return [...this.scratchCombo.keys()].sort((a, b) => a - b);
  }
}
