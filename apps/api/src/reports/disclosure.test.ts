import { describe, expect, it } from 'vitest';
import { type AtomCounts, buildPublication, cell, makeHierarchy } from './disclosure.fixtures.ts';
import {
  ALL_GROUP,
  applyDisclosureControl,
  attackerCanRecover,
  type Breakdown,
  DEFAULT_DISCLOSURE_CONFIG,
  DisclosureInputError,
  type Distribution,
  type ItemInfo,
  type Level,
  type Mean,
  mergeSmallCategories,
  type Publication,
  type PublishedCell,
  percentage,
  rankCheck,
  roundDecimals,
  roundToMultiple,
} from './disclosure.ts';
import { RowSpace, rank } from './linear-algebra.ts';

const AGREE: ItemInfo = {
  id: 'q1',
  sensitive: false,
  categories: ['1', '2', '3', '4', '5'],
  scale: { min: 1, max: 5 },
};
const SAD: ItemInfo = { id: 'sad', sensitive: true, categories: ['1', '2', '3', '4', '5'], scale: { min: 1, max: 5 } };
const YESNO: ItemInfo = { id: 'yn', sensitive: false, categories: ['0', '1'] };

/** One Sozialraum with three one-grade schools, so every unit is reportable. */
const H = makeHierarchy({ a: { s1: ['7'], s2: ['7'], s3: ['7', '9'] }, b: { s4: ['7'], s5: ['7'], s6: ['9'] } });

function dist(level: Level, unitId: string, counts: number[], extra: Partial<Distribution> = {}): Distribution {
  return { level, unitId, breakdown: 'none', group: ALL_GROUP, item: 'q1', counts, ...extra };
}

function pub(distributions: Distribution[], means: Mean[] = [], items: ItemInfo[] = [AGREE, SAD, YESNO]): Publication {
  return { hierarchy: H, items, distributions, means };
}

function only(out: PublishedCell[], statistic: string) {
  return out
    .filter((c) => c.statistic === statistic)
    .map((c) => ({ category: c.category, value: c.value, flag: c.flag }));
}

const atom = (school: string, grade: string, gender: string, counts: number[]): AtomCounts => ({
  school,
  grade,
  gender,
  counts,
});

describe('helpers', () => {
  it('rounds n to multiples of 5, half up', () => {
    expect([10, 12, 13, 17, 18, 22.5].map((n) => roundToMultiple(n, 5))).toEqual([10, 10, 15, 15, 20, 25]);
  });
  it('computes whole percentages half up from exact counts', () => {
    expect(percentage(1, 8)).toBe(13); // 12.5
    expect(percentage(1, 3)).toBe(33);
    expect(percentage(2, 3)).toBe(67);
    expect(percentage(7, 40)).toBe(18); // 17.5
  });
  it('rounds means to one decimal', () => {
    expect(roundDecimals(2.25, 1)).toBe(2.3);
    expect(roundDecimals(3.44, 1)).toBe(3.4);
    expect(roundDecimals(4.96, 1)).toBe(5);
  });
});

describe('mergeSmallCategories (rule 3)', () => {
  it('leaves distributions with every category ≥ k alone', () => {
    expect(mergeSmallCategories([3, 5, 9], 3)).toEqual([[0], [1], [2]]);
  });
  it('merges the smallest cell with its smaller neighbour, repeatedly', () => {
    expect(mergeSmallCategories([10, 4, 1, 10], 3)).toEqual([[0], [1, 2], [3]]);
    expect(mergeSmallCategories([2, 1, 10, 10], 3)).toEqual([[0, 1], [2], [3]]);
    expect(mergeSmallCategories([1, 1, 10, 10], 3)).toEqual([[0, 1, 2], [3]]);
  });
  it('breaks ties deterministically: first smallest cell, left neighbour', () => {
    expect(mergeSmallCategories([10, 1, 10, 2, 10], 3)).toEqual([[0, 1], [2, 3], [4]]);
    expect(mergeSmallCategories([5, 2, 5, 2, 5], 3)).toEqual([[0, 1], [2, 3], [4]]);
  });
  it('treats empty categories as small', () => {
    expect(mergeSmallCategories([0, 5, 5], 3)).toEqual([[0, 1], [2]]);
  });
  it('can end in one block', () => {
    expect(mergeSmallCategories([2, 10, 2], 3)).toEqual([[0, 1, 2]]);
  });
  it('uses k = 5 when asked', () => {
    expect(mergeSmallCategories([4, 8, 8], 5)).toEqual([[0, 1], [2]]);
  });
});

describe('linear algebra', () => {
  it('computes ranks of 0/1 matrices exactly', () => {
    expect(
      rank(
        [
          [1, 1, 0],
          [0, 1, 1],
          [1, 2, 1],
        ],
        3,
      ),
    ).toBe(2);
    expect(rank([[1, 1, 1, 1]], 4)).toBe(1);
    expect(rank([], 2)).toBe(0);
  });
  it('says which rows a combination uses', () => {
    const space = new RowSpace(3);
    space.add([1, 1, 1]); // total
    space.add([1, 0, 0]); // part a
    space.add([0, 0, 1]); // part c
    expect(space.express([0, 1, 0])).toEqual([0, 1, 2]); // b = total - a - c
    expect(space.contains([0, 1, 1])).toBe(true);
    const small = new RowSpace(3);
    small.add([1, 1, 1]);
    small.add([1, 0, 0]);
    expect(small.express([0, 1, 0])).toBeNull();
  });
  it('handles dependent rows and non-unit pivots', () => {
    const space = new RowSpace(2);
    expect(space.add([2, 4])).toBe(true);
    expect(space.add([1, 2])).toBe(false);
    expect(space.contains([3, 6])).toBe(true);
    expect(space.contains([1, 0])).toBe(false);
  });
  it('rejects wrong lengths and non-integers', () => {
    expect(() => new RowSpace(2).add([1])).toThrow();
    expect(() => new RowSpace(1).add([0.5])).toThrow();
  });
});

describe('rule 1: predefined tables only', () => {
  it('rejects a class level, unknown units and unknown groups', () => {
    const bad = (d: Distribution) => () => applyDisclosureControl(pub([d]));
    expect(bad(dist('class' as Level, 's1', [5, 5, 5, 5, 5]))).toThrow(DisclosureInputError);
    expect(bad(dist('school', 'nope', [5, 5, 5, 5, 5]))).toThrow(DisclosureInputError);
    expect(bad(dist('school', 's1', [5, 5, 5, 5, 5], { breakdown: 'grade', group: '9' }))).toThrow(/no group/);
    expect(bad(dist('school', 's1', [5, 5, 5, 5, 5], { breakdown: 'class' as Breakdown, group: '7a' }))).toThrow(
      DisclosureInputError,
    );
    expect(bad(dist('school', 's1', [5, 5, 5, 5], {}))).toThrow(/counts/);
    expect(bad(dist('school', 's1', [5, 5, 5, 5, 5], { item: 'unknown' }))).toThrow(/unknown item/);
    expect(bad(dist('school', 's1', [5, -1, 5, 5, 5]))).toThrow(/bad count/);
  });
  it('rejects contradicting n for the same group', () => {
    const d = dist('school', 's1', [5, 5, 5, 5, 5]);
    const m: Mean = { ...d, n: 24, sum: 72, min: 1, max: 5 };
    expect(() => applyDisclosureControl(pub([d], [m]))).toThrow(/n 25 vs 24/);
  });
});

describe('rule 2: minimum group size', () => {
  it('publishes exactly N_MIN and suppresses N_MIN − 1', () => {
    const ok = applyDisclosureControl(pub([dist('school', 's1', [4, 3, 3, 0, 0])]));
    expect(cell(ok, { level: 'school', unit: 's1' })).toMatchObject({ value: 10, flag: '' });
    const small = applyDisclosureControl(pub([dist('school', 's1', [3, 3, 3, 0, 0])]));
    expect(cell(small, { level: 'school', unit: 's1' })).toMatchObject({ value: null, flag: 'suppressed' });
    // Rule 8: every category of a suppressed group looks missing too.
    expect(only(small, 'pct').every((c) => c.value === null && c.flag === 'suppressed')).toBe(true);
    expect(only(small, 'pct')).toHaveLength(5);
  });
  it('uses N_MIN_SENSITIVE for sensitive items', () => {
    const at = applyDisclosureControl(pub([dist('school', 's1', [5, 5, 5, 5, 0], { item: 'sad' })]));
    expect(cell(at, { level: 'school', unit: 's1' })).toMatchObject({ value: 20, flag: '' });
    const below = applyDisclosureControl(pub([dist('school', 's1', [5, 5, 5, 4, 0], { item: 'sad' })]));
    expect(cell(below, { level: 'school', unit: 's1' })).toMatchObject({ value: null, flag: 'suppressed' });
  });
  it('suppresses empty groups like small ones', () => {
    const out = applyDisclosureControl(pub([dist('school', 's1', [0, 0, 0, 0, 0])]));
    expect(cell(out, { level: 'school', unit: 's1' }).flag).toBe('suppressed');
  });
  it('honours a deployment config', () => {
    const config = { ...DEFAULT_DISCLOSURE_CONFIG, nMin: 5 };
    const out = applyDisclosureControl(pub([dist('school', 's1', [3, 3, 0, 0, 0])]), config);
    expect(cell(out, { level: 'school', unit: 's1' })).toMatchObject({ value: 5, flag: '' });
  });
  it('does not report a Sozialraum with 2 schools on its own, but its schools and the city', () => {
    const h = makeHierarchy({ a: { s1: ['7'], s2: ['7'] }, b: { s3: ['7'], s4: ['7'], s5: ['7'] } });
    const atoms = ['s1', 's2', 's3', 's4', 's5'].flatMap((s) => [
      atom(s, '7', 'f', [3, 3, 4, 3, 3]),
      atom(s, '7', 'm', [3, 4, 3, 3, 3]),
      atom(s, '7', 'x', [0, 0, 0, 0, 0]),
    ]);
    const p = buildPublication(h, [{ info: AGREE, atoms }]);
    const out = applyDisclosureControl(p);
    expect(cell(out, { level: 'sozialraum', unit: 'a' })).toMatchObject({ value: null, flag: 'suppressed' });
    expect(cell(out, { level: 'sozialraum', unit: 'b' })).toMatchObject({ value: 95, flag: '' }); // 96
    expect(cell(out, { level: 'school', unit: 's1' })).toMatchObject({ value: 30, flag: '' });
    expect(cell(out, { level: 'city', unit: 'c' })).toMatchObject({ value: 160, flag: '' });
    expect(out.filter((c) => c.unit_id === 'a').every((c) => c.value === null)).toBe(true);
    expect(rankCheck(out, h, p.items)).toEqual([]);
  });
});

describe('rule 3: group disclosure', () => {
  it('merges categories held by fewer than k children and labels the block', () => {
    const out = applyDisclosureControl(pub([dist('school', 's1', [10, 4, 1, 2, 10])]));
    // [10,4,1,2,10]: 1 merges with 2 (smaller neighbour) → [10,4,3,10]: all ≥ 3.
    expect(only(out, 'pct')).toEqual([
      { category: '1', value: 37, flag: '' },
      { category: '2', value: 15, flag: '' },
      { category: '3+4', value: 11, flag: '' },
      { category: '5', value: 37, flag: '' },
    ]);
  });
  it('uses k = 5 for sensitive items', () => {
    const out = applyDisclosureControl(pub([dist('school', 's1', [8, 4, 8, 0, 0], { item: 'sad' })]));
    // [8,4,8,0,0] → 0 merges left into 0 → [8,4,8,0] → [8,4,8] → 4 merges left (tie 8/8) → [12,8]
    expect(only(out, 'pct').map((c) => c.category)).toEqual(['1+2', '3+4+5']);
  });
  it('shows a band when fewer than k children answered something else than the most common answer', () => {
    const out = applyDisclosureControl(pub([dist('school', 's1', [0, 0, 1, 1, 8])]));
    expect(cell(out, { level: 'school', unit: 's1' })).toMatchObject({ value: 10, flag: '' });
    expect(only(out, 'pct')).toEqual([
      { category: '1', value: null, flag: 'suppressed' },
      { category: '2', value: null, flag: 'suppressed' },
      { category: '3', value: null, flag: 'suppressed' },
      { category: '4', value: null, flag: 'suppressed' },
      { category: '5', value: null, flag: 'almost_all' },
    ]);
  });
  it('bands when everyone gave the same answer', () => {
    const out = applyDisclosureControl(pub([dist('school', 's1', [12, 0, 0, 0, 0])]));
    expect(only(out, 'pct')[0]).toEqual({ category: '1', value: null, flag: 'almost_all' });
  });
  it('uses k = 5 for the band of sensitive items', () => {
    const out = applyDisclosureControl(pub([dist('school', 's1', [16, 4, 0, 0, 0], { item: 'sad' })]));
    expect(only(out, 'pct')[0]).toEqual({ category: '1', value: null, flag: 'almost_all' });
    const ok = applyDisclosureControl(pub([dist('school', 's1', [15, 5, 0, 0, 0], { item: 'sad' })]));
    expect(only(ok, 'pct')).toEqual([
      { category: '1', value: 75, flag: '' },
      { category: '2+3+4+5', value: 25, flag: '' },
    ]);
  });
  it('suppresses the categories when merging leaves one block', () => {
    const out = applyDisclosureControl(pub([dist('school', 's1', [2, 10, 2, 0, 0])]));
    expect(cell(out, { level: 'school', unit: 's1' }).value).toBe(15);
    expect(only(out, 'pct').every((c) => c.flag === 'suppressed')).toBe(true);
  });
  it('shows no exact 0 % or 100 % below city level, but does at city level', () => {
    const counts = [3, 697];
    const school = applyDisclosureControl(pub([dist('school', 's1', counts, { item: 'yn' })]));
    expect(only(school, 'pct')).toEqual([
      { category: '0', value: null, flag: '<1' },
      { category: '1', value: null, flag: '>99' },
    ]);
    const sr = applyDisclosureControl(pub([dist('sozialraum', 'a', counts, { item: 'yn' })]));
    expect(only(sr, 'pct').map((c) => c.flag)).toEqual(['<1', '>99']);
    const city = applyDisclosureControl(pub([dist('city', 'c', counts, { item: 'yn' })]));
    expect(only(city, 'pct')).toEqual([
      { category: '0', value: 0, flag: '' },
      { category: '1', value: 100, flag: '' },
    ]);
  });
});

describe('rule 4: means', () => {
  const d = dist('school', 's1', [2, 4, 6, 4, 4]); // n 20, sum 64
  const mean = (extra: Partial<Mean>): Mean => ({ ...d, n: 20, sum: 64, min: 1, max: 5, ...extra });
  it('publishes a mean with one decimal', () => {
    const out = applyDisclosureControl(pub([d], [mean({})]));
    expect(only(out, 'mean')).toEqual([{ category: '', value: 3.2, flag: '' }]);
    expect(only(out, 'n')).toHaveLength(1);
  });
  it('suppresses the mean when everyone gave the same answer', () => {
    const m: Mean = {
      level: 'school',
      unitId: 's1',
      breakdown: 'none',
      group: ALL_GROUP,
      item: 'q1',
      n: 12,
      sum: 36,
      min: 3,
      max: 3,
    };
    expect(only(applyDisclosureControl(pub([], [m])), 'mean')[0]?.flag).toBe('suppressed');
  });
  it('suppresses the mean on a scale end (after rounding)', () => {
    const m: Mean = {
      level: 'school',
      unitId: 's1',
      breakdown: 'none',
      group: ALL_GROUP,
      item: 'q1',
      n: 25,
      sum: 124,
      min: 4,
      max: 5,
    };
    expect(only(applyDisclosureControl(pub([], [m])), 'mean')[0]).toEqual({
      category: '',
      value: null,
      flag: 'suppressed',
    });
    const low = { ...m, sum: 26, min: 1, max: 2 }; // 1.04 → 1.0
    expect(only(applyDisclosureControl(pub([], [low])), 'mean')[0]?.value).toBeNull();
    const inside = { ...m, sum: 118 }; // 4.72 → 4.7
    expect(only(applyDisclosureControl(pub([], [inside])), 'mean')[0]?.value).toBe(4.7);
  });
  it('suppresses the mean where rule 3 failed', () => {
    const band = dist('school', 's1', [0, 0, 1, 1, 18]);
    const m: Mean = { ...band, n: 20, sum: 3 + 4 + 90, min: 3, max: 5 };
    const out = applyDisclosureControl(pub([band], [m]));
    expect(only(out, 'mean')[0]?.flag).toBe('suppressed');
  });
  it('follows the minimum group size', () => {
    const m: Mean = {
      level: 'school',
      unitId: 's1',
      breakdown: 'none',
      group: ALL_GROUP,
      item: 'q1',
      n: 9,
      sum: 27,
      min: 1,
      max: 5,
    };
    const out = applyDisclosureControl(pub([], [m]));
    expect(only(out, 'mean')[0]?.flag).toBe('suppressed');
    expect(only(out, 'n')[0]?.flag).toBe('suppressed');
  });
});

describe('rule 5: secondary suppression', () => {
  it('one suppressed school forces a second (the smallest sibling)', () => {
    const p = pub([
      dist('sozialraum', 'a', [20, 20, 20, 8, 10]),
      dist('school', 's1', [8, 8, 8, 8, 8]),
      dist('school', 's2', [10, 10, 10, 0, 0]),
      dist('school', 's3', [2, 2, 2, 0, 2]),
    ]);
    const out = applyDisclosureControl(p);
    expect(cell(out, { level: 'school', unit: 's3' }).flag).toBe('suppressed');
    expect(cell(out, { level: 'school', unit: 's2' }).flag).toBe('suppressed');
    expect(cell(out, { level: 'school', unit: 's1' })).toMatchObject({ value: 40, flag: '' });
    expect(cell(out, { level: 'sozialraum', unit: 'a' })).toMatchObject({ value: 80, flag: '' });
    expect(rankCheck(out, H, p.items)).toEqual([]);
  });
  it('adds parts until the suppressed ones hold N_MIN children', () => {
    const h = makeHierarchy({ a: { s1: ['5', '6', '7', '8'] } });
    const p: Publication = {
      hierarchy: h,
      items: [YESNO],
      distributions: [
        dist('school', 's1', [50, 48], { item: 'yn' }),
        dist('school', 's1', [2, 3], { item: 'yn', breakdown: 'grade', group: '5' }),
        dist('school', 's1', [1, 2], { item: 'yn', breakdown: 'grade', group: '6' }),
        dist('school', 's1', [20, 20], { item: 'yn', breakdown: 'grade', group: '7' }),
        dist('school', 's1', [27, 23], { item: 'yn', breakdown: 'grade', group: '8' }),
      ],
      means: [],
    };
    const out = applyDisclosureControl(p);
    const flags = ['5', '6', '7', '8'].map(
      (g) => cell(out, { level: 'school', unit: 's1', breakdown: 'grade', group: g }).flag,
    );
    // 5 + 3 children < 10, so grade 7 (the smaller of the rest) goes too.
    expect(flags).toEqual(['suppressed', 'suppressed', 'suppressed', '']);
    expect(cell(out, { level: 'school', unit: 's1' }).value).toBe(100);
    expect(rankCheck(out, h, p.items)).toEqual([]);
  });
  it('suppresses the total when its parts cannot reach N_MIN', () => {
    // The parts the publication has do not cover the total (only the remainder is given), so no
    // second part exists.
    const h = makeHierarchy({ a: { s1: ['7'] } });
    const p: Publication = {
      hierarchy: h,
      items: [YESNO],
      distributions: [
        dist('school', 's1', [15, 15], { item: 'yn' }),
        dist('school', 's1', [1, 1], { item: 'yn', breakdown: 'gender', group: 'x' }),
      ],
      means: [],
    };
    const out = applyDisclosureControl(p);
    expect(cell(out, { level: 'school', unit: 's1' }).flag).toBe('suppressed');
    expect(cell(out, { level: 'school', unit: 's1', breakdown: 'gender', group: 'x' }).flag).toBe('suppressed');
  });
  it('a tiny gender remainder takes the smaller gender with it, not the total', () => {
    const p = buildPublication(H, [
      {
        info: AGREE,
        atoms: [
          atom('s1', '7', 'f', [4, 4, 4, 4, 4]),
          atom('s1', '7', 'm', [3, 3, 3, 3, 3]),
          atom('s1', '7', 'x', [0, 1, 0, 0, 1]),
        ],
      },
    ]);
    const out = applyDisclosureControl(p);
    const g = (group: string) => cell(out, { level: 'school', unit: 's1', breakdown: 'gender', group });
    expect(g('x').flag).toBe('suppressed');
    expect(g('m').flag).toBe('suppressed');
    expect(g('f')).toMatchObject({ value: 20, flag: '' });
    expect(cell(out, { level: 'school', unit: 's1' })).toMatchObject({ value: 35, flag: '' });
    expect(rankCheck(out, H, p.items)).toEqual([]);
  });
  it('a grade with three children is hidden at school, Sozialraum and city level without leaking', () => {
    const atoms: AtomCounts[] = [];
    for (const s of ['s1', 's2', 's3', 's4', 's5']) {
      atoms.push(atom(s, '7', 'f', [3, 3, 3, 3, 3]), atom(s, '7', 'm', [3, 3, 3, 3, 3]));
    }
    atoms.push(atom('s3', '9', 'f', [0, 1, 1, 0, 1])); // three children in grade 9 of s3
    atoms.push(atom('s6', '9', 'f', [4, 4, 4, 4, 4]), atom('s6', '9', 'm', [4, 4, 4, 4, 4]));
    const p = buildPublication(H, [{ info: AGREE, atoms, means: true }]);
    const out = applyDisclosureControl(p);
    expect(cell(out, { level: 'school', unit: 's3', breakdown: 'grade', group: '9' }).flag).toBe('suppressed');
    expect(cell(out, { level: 'school', unit: 's3', breakdown: 'grade', group: '7' }).flag).toBe('suppressed');
    expect(cell(out, { level: 'school', unit: 's3' })).toMatchObject({ value: 35, flag: '' });
    expect(rankCheck(out, H, p.items)).toEqual([]);
    expect(attackerCanRecover(out, H, p.items)).toBe(false);
  });
  it('the rank check closes category differencing between a total and its parts', () => {
    // Grade 9 must merge "1" into "2"; without care, school − grade 7 would give grade 9's "1".
    const h = makeHierarchy({ a: { s1: ['7', '9'] } });
    const p = buildPublication(h, [
      {
        info: YESNO,
        atoms: [
          atom('s1', '7', 'f', [10, 10]),
          atom('s1', '7', 'm', [10, 10]),
          atom('s1', '9', 'f', [1, 10]),
          atom('s1', '9', 'm', [1, 10]),
        ],
      },
    ]);
    const out = applyDisclosureControl(p);
    expect(
      cell(out, { level: 'school', unit: 's1', breakdown: 'grade', group: '9', statistic: 'pct', category: '1' }).flag,
    ).toBe('almost_all');
    expect(rankCheck(out, h, p.items)).toEqual([]);
  });
  it('protects a mean hidden because everyone answered the same', () => {
    const h = makeHierarchy({ a: { s1: ['7', '9'] } });
    const p = buildPublication(h, [
      {
        info: AGREE,
        atoms: [
          atom('s1', '7', 'f', [5, 5, 5, 5, 5]),
          atom('s1', '9', 'f', [0, 0, 12, 0, 0]),
          atom('s1', '9', 'm', [0, 0, 10, 0, 0]),
        ],
        means: true,
      },
    ]);
    const out = applyDisclosureControl(p);
    expect(cell(out, { level: 'school', unit: 's1', breakdown: 'grade', group: '9', statistic: 'mean' }).flag).toBe(
      'suppressed',
    );
    expect(rankCheck(out, h, p.items)).toEqual([]);
  });
});

describe('rank check on published rows', () => {
  const h = makeHierarchy({ a: { s1: ['7', '9'] } });
  const row = (group: string, statistic: 'n' | 'pct' | 'mean', value: number | null, category = ''): PublishedCell => ({
    level: 'school',
    unit_id: 's1',
    unit_name: 'School s1',
    breakdown: group === ALL_GROUP ? 'none' : 'grade',
    group,
    item: 'yn',
    statistic,
    category,
    value,
    flag: value === null ? 'suppressed' : '',
  });
  it('finds a group size recomputed as total minus the other part', () => {
    const rec = rankCheck([row(ALL_GROUP, 'n', 30), row('7', 'n', 25), row('9', 'n', null)], h, [YESNO]);
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ group: '9', layer: 'n' });
    expect(rec[0]?.using.map((g) => g.group)).toEqual([ALL_GROUP, '7']);
  });
  it('finds a hidden category boundary and a hidden mean', () => {
    const rows = [
      row(ALL_GROUP, 'n', 30),
      row(ALL_GROUP, 'pct', 40, '0'),
      row(ALL_GROUP, 'pct', 60, '1'),
      row(ALL_GROUP, 'mean', 1.6),
      row('7', 'n', 25),
      row('7', 'pct', 40, '0'),
      row('7', 'pct', 60, '1'),
      row('7', 'mean', 1.6),
      row('9', 'n', 5),
      row('9', 'pct', null, '0'),
      row('9', 'pct', null, '1'),
      row('9', 'mean', null),
    ];
    expect(rankCheck(rows, h, [YESNO]).map((r) => `${r.group}:${r.layer}`)).toEqual(['9:boundary:1', '9:mean']);
  });
  it('passes when two parts are hidden', () => {
    const h3 = makeHierarchy({ a: { s1: ['7', '8', '9'] } });
    const rows = [row(ALL_GROUP, 'n', 30), row('7', 'n', 20), row('8', 'n', null), row('9', 'n', null)];
    expect(attackerCanRecover(rows, h3, [YESNO])).toBe(false);
  });
});

describe('rule 11: determinism', () => {
  it('gives identical output for reordered input', () => {
    const p = buildPublication(H, [
      {
        info: AGREE,
        atoms: [
          atom('s1', '7', 'f', [4, 4, 1, 4, 4]),
          atom('s3', '9', 'x', [1, 0, 0, 0, 1]),
          atom('s5', '7', 'm', [9, 9, 9, 9, 0]),
        ],
        means: true,
      },
      { info: SAD, atoms: [atom('s2', '7', 'f', [10, 10, 2, 0, 1]), atom('s6', '9', 'm', [10, 10, 2, 0, 1])] },
    ]);
    const a = applyDisclosureControl(p);
    const b = applyDisclosureControl({
      ...p,
      distributions: [...p.distributions].reverse(),
      means: [...p.means].reverse(),
      items: [...p.items].reverse(),
    });
    expect(b).toEqual(a);
    expect(rankCheck(a, H, p.items)).toEqual([]);
  });
});
