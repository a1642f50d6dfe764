/**
 * The street lookup a tablet runs per keystroke for "Wo wohnst du?". No imports, so the
 * benchmark (bench/residence-suggest.ts) can run exactly this code in a throttled browser.
 */

/**
 * A street name or a child's typing folded for matching: case, umlauts written either way ("ü",
 * "ue", "u"), "ß"/"ss", "Straße"/"Strasse"/"Str.", spaces, hyphens and dots do not matter.
 */
export function foldStreet(s: string): string {
  return s
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/strasse|str\./g, 'str')
    .replace(/ae/g, 'a')
    .replace(/oe/g, 'o')
    .replace(/ue/g, 'u')
    .replace(/[^a-z0-9]/g, '');
}

export interface StreetIndex {
  names: readonly string[];
  folded: readonly string[];
  /** Folded start of every word after the first (so "markt" is a word start of "Am Markt"). */
  wordStarts: readonly (readonly number[])[];
}

/** Prepared once per street list (a few milliseconds for 3,000 streets), then searched per keystroke. */
export function indexStreets(names: readonly string[]): StreetIndex {
  const folded = names.map(foldStreet);
  const wordStarts = names.map((name) => {
    const starts: number[] = [];
    const words = name.split(/[\s-]+/);
    let at = 0;
    for (let w = 0; w < words.length; w++) {
      if (w > 0) starts.push(at);
      at += foldStreet(words[w] ?? '').length;
    }
    return starts;
  });
  return { names, folded, wordStarts };
}

/**
 * Up to `limit` street numbers for what a child typed: names starting with it first, then names
 * with a word starting with it, then names containing it; alphabetical within each. Nothing for
 * fewer than two letters (every street would match).
 */
export function suggestStreets(index: StreetIndex, typed: string, limit = 8): number[] {
  const q = foldStreet(typed);
  if (q.length < 2) return [];
  const ranked: [number, number][] = [];
  const { folded, wordStarts } = index;
  for (let i = 0; i < folded.length; i++) {
    const at = folded[i]!.indexOf(q);
    if (at < 0) continue;
    ranked.push([at === 0 ? 0 : wordStarts[i]!.includes(at) ? 1 : 2, i]);
  }
  ranked.sort((a, b) => a[0] - b[0] || index.names[a[1]]!.localeCompare(index.names[b[1]]!, 'de'));
  return ranked.slice(0, limit).map(([, i]) => i);
}
