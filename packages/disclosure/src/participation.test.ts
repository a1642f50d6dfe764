import { describe, expect, it } from 'vitest';
import { cellKey } from './cell-key.ts';
import { DEFAULT_DISCLOSURE_CONFIG } from './config.ts';
import { PAPER_ID, PAPER_SHARE, type ParticipationInput, protectParticipation } from './protect.ts';
import { createCountPTable, perturbCount } from './ptable.ts';

const config = DEFAULT_DISCLOSURE_CONFIG;
const ptable = createCountPTable({ maxDeviation: config.maxDeviation, variance: config.variance });
const ctx = { config, ptable };

const group = (o: Partial<ParticipationInput>): ParticipationInput => ({
  level: 'school',
  unitId: 's1',
  unitName: 'Schule 1',
  breakdown: 'none',
  group: 'all',
  reportable: true,
  tookPart: 40,
  tookPartKey: 123_456_789,
  enrolled: 50,
  enrolledKey: 987_654_321,
  ...o,
});

const cellsOf = (g: ParticipationInput) => protectParticipation([g], ctx);
const paperN = (g: ParticipationInput) => cellsOf(g).find((c) => c.item === PAPER_ID && c.statistic === 'n');
const paperPct = (g: ParticipationInput) => cellsOf(g).find((c) => c.item === PAPER_ID && c.statistic === 'pct');

describe('the paper share of participation', () => {
  it('is published only when the input carries it, leaving the older rows as they were', () => {
    const without = cellsOf(group({}));
    expect(without.map((c) => c.item)).toEqual(['participation', 'participation', 'participation.enrolled']);
    const withPaper = cellsOf(group({ paper: 7, paperKey: 42 }));
    expect(withPaper.slice(0, 3)).toEqual(without);
    expect(withPaper.slice(3).map((c) => [c.item, c.statistic, c.category])).toEqual([
      [PAPER_ID, 'n', ''],
      [PAPER_ID, 'pct', PAPER_SHARE],
    ]);
  });

  it('perturbs the paper count by its own records and takes the share from perturbed counts', () => {
    for (let key = 0; key < 4_000_000_000; key += 97_000_001) {
      const g = group({ paper: 7, paperKey: key });
      const n = paperN(g)!;
      const took = perturbCount(ptable, 40, cellKey(g.tookPartKey));
      expect(n.value).toBe(perturbCount(ptable, 7, cellKey(key)));
      expect(Math.abs(n.value! - 7)).toBeLessThanOrEqual(config.maxDeviation);
      expect(paperPct(g)!.value).toBe(Math.round((1000 * n.value!) / took) / 10);
    }
  });

  it('never publishes an n of 0, nor an exact 100 % below the city', () => {
    // As everywhere in a release: no sheets reads "keine Angabe".
    expect(paperN(group({ paper: 0, paperKey: 0 }))).toMatchObject({ value: null, flag: 'suppressed' });
    expect(paperPct(group({ paper: 0, paperKey: 0 }))).toMatchObject({ value: null, flag: 'suppressed' });
    // All on paper: the same records, so the same noise as "took part".
    const all = group({ paper: 40, paperKey: 123_456_789 });
    expect(paperN(all)!.value).toBe(cellsOf(all)[0]!.value);
    expect(paperPct(all)).toMatchObject({ value: null, flag: '>99' });
    expect(paperPct({ ...all, level: 'city' })).toMatchObject({ value: 100, flag: '' });
  });

  it('is hidden wherever participation is', () => {
    for (const g of [group({ paper: 3, paperKey: 1, reportable: false }), group({ tookPart: 0, paper: 0 })]) {
      expect(paperN(g)).toMatchObject({ value: null, flag: 'suppressed' });
      expect(paperPct(g)).toMatchObject({ value: null, flag: 'suppressed' });
    }
  });
});
