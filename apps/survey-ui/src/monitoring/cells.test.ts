import type { ReportItemInfo } from '@uwe/schema';
import { describe, expect, it } from 'vitest';
import {
  barOf,
  type Cell,
  CellIndex,
  categoryColors,
  categoryLabel,
  cellText,
  classify,
  classifyAround,
  formatChange,
  isMissing,
  mapColors,
  participationOf,
  shareOf,
  spans,
  textOn,
  whole,
} from './cells.ts';
import { indicators } from './indicators.ts';

const cell = (over: Partial<Cell>): Cell => ({
  level: 'school',
  unit_id: 's1',
  unit_name: 'Schule 1',
  breakdown: 'none',
  group: 'all',
  item: 'opt_1',
  statistic: 'pct',
  category: '1',
  value: 10,
  flag: '',
  ...over,
});

const agreement: ReportItemInfo = {
  id: 'opt_1',
  kind: 'item',
  label: 'Ich freue mich auf das, was noch kommt.',
  dimension: 'social_emotional',
  scaleId: 'optimism',
  sensitive: false,
  categories: ['gar nicht', 'eher nicht', 'teils', 'eher', 'genau'].map((label, i) => ({ code: String(i + 1), label })),
  mean: null,
};

describe('cellText', () => {
  it('formats published values in German notation', () => {
    expect(cellText(cell({ value: 45.3 }))).toBe('45,3\u00a0%');
    expect(cellText(cell({ value: 45 }))).toBe('45,0\u00a0%');
    expect(cellText(cell({ statistic: 'mean', category: '', value: 3.8 }))).toBe('3,8');
    expect(cellText(cell({ statistic: 'mean', category: '', value: 4 }))).toBe('4,0');
    expect(cellText(cell({ statistic: 'n', category: '', value: 2970 }))).toBe('2.970');
  });

  it('shows a suppressed cell, an empty cell and a missing cell alike (rule 8)', () => {
    const suppressed = cellText(cell({ value: null, flag: 'suppressed' }));
    expect(suppressed).toBe('keine Angabe');
    expect(cellText(cell({ value: null, flag: '' }))).toBe(suppressed);
    expect(cellText(undefined)).toBe(suppressed);
    expect(isMissing(undefined)).toBe(true);
    expect(isMissing(cell({ value: null, flag: 'suppressed' }))).toBe(true);
  });

  it('names the bands in words', () => {
    expect(cellText(cell({ value: null, flag: 'almost_all' }))).toBe('fast alle');
    expect(cellText(cell({ value: null, flag: '<1' }))).toBe('<\u00a01\u00a0%');
    expect(cellText(cell({ value: null, flag: '>99' }))).toBe('>\u00a099\u00a0%');
    expect(isMissing(cell({ value: null, flag: 'almost_all' }))).toBe(false);
  });

  it('signs changes between waves', () => {
    expect(formatChange('pct', 3)).toBe('+3,0\u00a0Pp.');
    expect(formatChange('pct', 1.2)).toBe('+1,2\u00a0Pp.');
    expect(formatChange('pct', -2)).toBe('-2,0\u00a0Pp.');
    expect(formatChange('mean', 0.2)).toBe('+0,2');
    expect(formatChange('mean', 0)).toBe('0,0');
  });
});

describe('merged categories', () => {
  const pcts = [
    cell({ category: '1+2', value: 4 }),
    cell({ category: '3', value: 12 }),
    cell({ category: '4+5', value: 84 }),
  ];

  it('labels a merged block by joining its labels', () => {
    expect(categoryLabel(agreement, '4+5')).toBe('eher / genau');
    expect(categoryLabel(undefined, '4+5')).toBe('4 / 5');
  });

  it('spans the columns of a merged block, in any display order', () => {
    expect(spans(pcts, ['1', '2', '3', '4', '5']).map((s) => [s.cell?.category, s.codes])).toEqual([
      ['1+2', ['1', '2']],
      ['3', ['3']],
      ['4+5', ['4', '5']],
    ]);
    expect(spans(pcts, ['5', '4', '3', '2', '1']).map((s) => s.codes.length)).toEqual([2, 1, 2]);
    expect(spans([], ['1', '2']).map((s) => s.cell)).toEqual([undefined, undefined]);
  });

  it('gives no exact share for a category that is merged', () => {
    expect(shareOf(pcts, '3')).toBe(12);
    expect(shareOf(pcts, '4')).toBeNull();
    expect(shareOf([cell({ category: '3', value: null, flag: 'suppressed' })], '3')).toBeNull();
  });
});

describe('barOf', () => {
  it('draws no bar for a hidden distribution', () => {
    const hidden = ['1', '2'].map((c) => cell({ category: c, value: null, flag: 'suppressed' }));
    expect(barOf(agreement, hidden)).toEqual({ kind: 'none' });
    expect(barOf(agreement, [])).toEqual({ kind: 'none' });
  });

  it('shows "almost all" as a band with its answer, not as a full bar', () => {
    const band = [
      cell({ category: '1', value: null, flag: 'suppressed' }),
      cell({ category: '5', value: null, flag: 'almost_all' }),
    ];
    expect(barOf(agreement, band)).toEqual({ kind: 'almost_all', label: 'genau', position: 4 });
  });

  it('scales segments to the full width and keeps merged positions for the colours', () => {
    const bar = barOf(agreement, [cell({ category: '1+2', value: 49 }), cell({ category: '3+4+5', value: 50 })]);
    expect(bar.kind).toBe('segments');
    if (bar.kind !== 'segments') return;
    expect(bar.segments.map((s) => s.positions)).toEqual([
      [0, 1],
      [2, 3, 4],
    ]);
    expect(bar.segments.reduce((a, s) => a + s.width, 0)).toBeCloseTo(100);
  });

  it('gives "< 1 %" a sliver', () => {
    const bar = barOf(agreement, [
      cell({ category: '1', value: null, flag: '<1' }),
      cell({ category: '2', value: 100 }),
    ]);
    if (bar.kind !== 'segments') throw new Error('segments expected');
    expect(bar.segments[0]!.width).toBeGreaterThan(0);
    expect(bar.segments[0]!.width).toBeLessThan(1);
  });
});

describe('CellIndex', () => {
  const index = new CellIndex([
    cell({ statistic: 'n', category: '', value: 285 }),
    cell({ category: '1', value: 40 }),
    cell({ category: '2', value: 60 }),
    cell({ breakdown: 'gender', group: 'f', statistic: 'n', category: '', value: 125 }),
    cell({ breakdown: 'gender', group: 'm', statistic: 'n', category: '', value: null, flag: 'suppressed' }),
  ]);

  it('finds numbers by what they describe', () => {
    expect(index.get(whole('school', 's1'), 'opt_1', 'n')?.value).toBe(285);
    expect(index.pct(whole('school', 's1'), 'opt_1').map((c) => c.category)).toEqual(['1', '2']);
    expect(index.get(whole('school', 's2'), 'opt_1', 'n')).toBeUndefined();
    expect(index.groups('school', 's1', 'gender')).toEqual(['f', 'm']);
    expect(index.groups('school', 's1', 'grade')).toEqual([]);
  });
});

describe('map classes', () => {
  it('makes round equal-interval classes over the shown values', () => {
    const c = classify([24, 47, 51, 56], 5, 0)!;
    expect(c.bounds).toEqual([20, 30, 40, 50, 60]);
    expect([24, 47, 51, 56].map(c.classOf)).toEqual([0, 2, 3, 3]);
  });

  it('never makes more classes than asked or than distinct values', () => {
    for (const values of [
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 99],
      [10, 11],
      [3.1, 3.2, 3.9, 4.4],
    ]) {
      const c = classify(values, 4, values[0]! % 1 ? 1 : 0)!;
      const n = c.bounds.length - 1;
      expect(n).toBeLessThanOrEqual(Math.min(4, new Set(values).size));
      for (const v of values) {
        const k = c.classOf(v);
        expect(v).toBeGreaterThanOrEqual(c.bounds[k]!);
        expect(v).toBeLessThanOrEqual(c.bounds[k + 1]!);
      }
    }
  });

  it('has one class for equal values and none without values', () => {
    expect(classify([40, 40], 5, 0)!.bounds).toEqual([40, 40]);
    expect(classify([], 5, 0)).toBeNull();
  });

  it('has as many colours as classes', () => {
    expect(mapColors(4)).toHaveLength(4);
    expect(new Set(mapColors(5)).size).toBe(5);
  });
});

describe('colours', () => {
  it('gives each category its own colour and readable text on it', () => {
    for (const n of [2, 3, 5, 8]) expect(new Set(categoryColors(n)).size).toBe(n);
    expect(textOn('#1d4f91')).toBe('#fff');
    expect(textOn('#d9d9d9')).toBe('#000');
  });
});

describe('indicators', () => {
  it('offers the share thriving first and the scales as means and shares', () => {
    const list = indicators([
      { ...agreement, id: 'index.wellbeing', kind: 'index', dimension: 'index', categories: [] },
      { ...agreement, id: 'scale.optimism', kind: 'scale', label: 'Optimismus', mean: { min: 1, max: 5 } },
      agreement,
    ]);
    expect(list[0]!.id).toBe('index.wellbeing|pct|thriving');
    expect(list.map((i) => i.id)).toContain('scale.optimism|mean|');
    expect(list.map((i) => i.id)).toContain('scale.optimism|pct|high');
    expect(list.some((i) => i.item === 'opt_1')).toBe(false);
  });
});

describe('participationOf', () => {
  it('finds took part, class size and response rate of a group, and nothing of another group', () => {
    const p = { item: 'participation', category: '' };
    const index = new CellIndex([
      cell({ ...p, statistic: 'n', value: 47 }),
      cell({ ...p, statistic: 'pct', category: 'response_rate', value: 87 }),
      cell({ item: 'participation.enrolled', statistic: 'n', category: '', value: 54 }),
      cell({ item: 'participation.paper', statistic: 'pct', category: 'paper_share', value: 12.5 }),
      cell({ ...p, statistic: 'n', breakdown: 'grade', group: '4', value: null, flag: 'suppressed' }),
    ]);
    const all = participationOf(index, whole('school', 's1'));
    expect([all.tookPart?.value, all.enrolled?.value, all.rate?.value, all.paperShare?.value]).toEqual([
      47, 54, 87, 12.5,
    ]);
    const grade = participationOf(index, { level: 'school', unitId: 's1', breakdown: 'grade', group: '4' });
    expect(cellText(grade.tookPart)).toBe('keine Angabe');
    expect(grade.enrolled).toBeUndefined();
    expect(cellText(grade.rate)).toBe('keine Angabe');
  });
});

describe('map classes around the city value', () => {
  it('puts the city value in the middle class and values far below and above at the ends', () => {
    const c = classifyAround([20, 35, 41, 50, 62], 40, 0)!;
    expect(c.bounds).toHaveLength(6);
    expect(c.classOf(40)).toBe(2);
    expect(c.classOf(20)).toBe(0);
    expect(c.classOf(62)).toBe(4);
    expect(c.bounds[0]).toBe(20);
    expect(c.bounds[5]).toBe(62);
    // Never an impossible share below 0.
    expect(classifyAround([5, 43, 80], 43, 0)!.bounds[0]).toBe(5);
  });

  it('has no classes without a shown value', () => {
    expect(classifyAround([], 40, 0)).toBeNull();
  });
});
