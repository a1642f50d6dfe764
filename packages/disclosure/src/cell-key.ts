/**
 * Record keys and cell keys (DISCLOSURE.md rules 2 and 4).
 *
 * Every response carries a random record key, an unsigned 32-bit integer drawn once from a CSPRNG
 * when the response is first stored (the cell key method's uniform key in [0, 1), at 2⁻³² steps). A
 * cell's key is the fractional part of the sum of its records' keys: summed as integers modulo 2³²,
 * which is exact and independent of the order, so the same set of records gives the same cell key on
 * every route and in every release, bit for bit.
 */

export const KEY_SPACE = 2 ** 32;

/** Adds a record key to a cell's key sum (modulo 2³²). */
export function addKey(sum: number, recordKey: number): number {
  return (sum + recordKey) % KEY_SPACE;
}

/** The cell key in [0, 1) of a key sum. */
export function cellKey(sum: number): number {
  return (sum >>> 0) / KEY_SPACE;
}

/**
 * A second key from the same records for a second, independent noise (the magnitude noise of a
 * mean uses the records of its n, but must not move in lockstep with the count noise of that n).
 * MurmurHash3's finaliser: a bijection on 32 bits that spreads every input bit.
 */
export function derivedKey(sum: number): number {
  let h = (sum ^ 0x9e3779b9) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / KEY_SPACE;
}

/** Symmetric triangular noise on [−1, 1] (variance 1/6) at key u ∈ [0, 1). */
export function triangular(u: number): number {
  return u < 0.5 ? -1 + Math.sqrt(2 * u) : 1 - Math.sqrt(2 * (1 - u));
}

/**
 * Magnitude perturbation of a mean (the cellKey package perturbs a magnitude by a share of its
 * largest contributions): the sum behind the mean moves by up to `share` × the largest possible
 * contribution of one child (the scale's range), so differencing two published means never pins a
 * single child's value. Keyed by the records of the mean.
 */
export function perturbMean(exact: { n: number; sum: number; key: number }, range: number, share: number): number {
  const noise = share * range * triangular(derivedKey(exact.key));
  return (exact.sum + noise) / exact.n;
}
