import { describe, expect, it } from 'vitest';
import type { Grade } from '../types.ts';
import { answerScales, items, pages, scales } from './catalogue.ts';
import { paperTextKeys } from './survey.ts';
import { de } from './texts/de.ts';
import { deSimple } from './texts/de-simple.ts';

const UI_KEYS = [
  'survey.title',
  'survey.description',
  'intro.anonymous',
  'intro.voluntary',
  'intro.skip',
  'intro.help',
  'intro.start',
  'end.thanks',
  'end.helpline',
  'withdraw.button',
  'withdraw.confirm',
  'withdraw.yes',
  'withdraw.no',
  'readaloud.button',
  'readaloud.unavailable',
];

const itemsOf = (grade: Grade) => items.filter((i) => i.grades.includes(grade));
const itemById = new Map(items.map((i) => [i.id, i]));

function usedKeys(): Set<string> {
  const keys = new Set<string>([...UI_KEYS, ...paperTextKeys]);
  for (const i of items) {
    keys.add(i.textKey);
    for (const c of i.choices ?? []) keys.add(c.textKey);
    for (const k of answerScales[i.answerScale].choiceTextKeys) keys.add(k);
  }
  for (const p of pages) {
    keys.add(p.titleKey);
    if (p.descriptionKey) keys.add(p.descriptionKey);
  }
  return keys;
}

describe('uwe-2026 catalogue', () => {
  it('has a German text for every key it uses, and no unused text', () => {
    const used = usedKeys();
    const defined = new Set(Object.keys(de));
    expect([...used].filter((k) => !defined.has(k))).toEqual([]);
    expect([...defined].filter((k) => !used.has(k))).toEqual([]);
  });

  it('has the same non-empty keys in simple German', () => {
    expect(Object.keys(deSimple).sort()).toEqual(Object.keys(de).sort());
    expect(Object.entries(deSimple).filter(([, v]) => v.trim() === '')).toEqual([]);
  });

  it('uses the key conventions', () => {
    for (const i of items) {
      expect(i.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(i.textKey).toBe(`item.${i.id}`);
      for (const c of i.choices ?? []) expect(c.textKey).toBe(`choice.${i.id}.${c.code}`);
    }
    for (const p of pages) expect(p.titleKey).toBe(`page.${p.id}.title`);
  });

  it('has unique ids', () => {
    for (const ids of [items.map((i) => i.id), scales.map((s) => s.id), pages.map((p) => p.id)]) {
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('gives item-specific choices exactly to single and multi items', () => {
    for (const i of items) {
      const needsChoices = i.answerScale === 'single' || i.answerScale === 'multi';
      expect(needsChoices ? (i.choices?.length ?? 0) >= 2 : i.choices === undefined, i.id).toBe(true);
    }
  });

  it('keeps every scale at 2–6 items, and at least 2 in grade 4 where asked there', () => {
    for (const s of scales) {
      expect(s.itemIds.length, s.id).toBeGreaterThanOrEqual(2);
      expect(s.itemIds.length, s.id).toBeLessThanOrEqual(6);
      for (const id of s.itemIds) {
        const i = itemById.get(id);
        expect(i?.scale, id).toBe(s.id);
        expect(i?.dimension, id).toBe(s.dimension);
      }
      const inGrade4 = s.itemIds.filter((id) => itemById.get(id)?.grades.includes(4));
      if (inGrade4.length > 0) expect(inGrade4.length, s.id).toBeGreaterThanOrEqual(2);
    }
    for (const i of items) {
      if (i.scale !== null)
        expect(
          scales.some((s) => s.id === i.scale),
          i.id,
        ).toBe(true);
    }
  });

  it('has the Wellbeing index scales with enough items per form', () => {
    for (const id of ['optimism', 'happiness', 'self_esteem', 'absence_of_sadness', 'general_health']) {
      const scale = scales.find((s) => s.id === id);
      const count = (g: Grade) => scale?.itemIds.filter((x) => itemById.get(x)?.grades.includes(g)).length;
      expect(count(7), id).toBeGreaterThanOrEqual(3);
      expect(count(9), id).toBeGreaterThanOrEqual(3);
      expect(count(4), id).toBeGreaterThanOrEqual(2);
    }
  });

  it('puts every item on exactly one page, and only existing items on pages', () => {
    const placed = pages.flatMap((p) => p.itemIds);
    expect(placed.filter((id) => !itemById.has(id))).toEqual([]);
    expect(placed.length).toBe(new Set(placed).size);
    expect(items.filter((i) => !placed.includes(i.id)).map((i) => i.id)).toEqual([]);
  });

  it('shows each page only to grades that have items on it', () => {
    for (const p of pages) {
      for (const g of p.grades) {
        expect(
          p.itemIds.some((id) => itemById.get(id)?.grades.includes(g)),
          `${p.id} ${g}`,
        ).toBe(true);
      }
      for (const id of p.itemIds) {
        const grades = itemById.get(id)?.grades ?? [];
        expect(
          grades.every((g) => p.grades.includes(g)),
          `${p.id} ${id}`,
        ).toBe(true);
      }
    }
  });

  it('asks follow-ups after an existing filter with valid codes, in the same grades', () => {
    const pageIndex = new Map(pages.flatMap((p, n) => p.itemIds.map((id) => [id, n] as const)));
    for (const i of items) {
      if (!i.followUpOf) continue;
      const filter = itemById.get(i.followUpOf.itemId);
      expect(filter, i.id).toBeDefined();
      if (!filter) continue;
      const filterPage = pageIndex.get(filter.id) ?? -1;
      const ownPage = pageIndex.get(i.id) ?? -1;
      expect(filterPage, i.id).toBeLessThanOrEqual(ownPage);
      if (filterPage === ownPage) {
        const ids = pages[ownPage]?.itemIds ?? [];
        expect(ids.indexOf(filter.id), i.id).toBeLessThan(ids.indexOf(i.id));
      }
      const codes: (string | number)[] = filter.choices?.map((c) => c.code) ?? answerScales[filter.answerScale].codes;
      for (const code of i.followUpOf.codes) expect(codes, i.id).toContain(code);
      expect(
        i.grades.every((g) => filter.grades.includes(g)),
        i.id,
      ).toBe(true);
      // A follow-up reveals the filter answer, so it is at least as protected.
      if (filter.sensitive) expect(i.sensitive, i.id).toBe(true);
    }
  });

  it('sets topCode on open numbers only', () => {
    for (const i of items) {
      if (i.answerScale === 'days0to7') expect(i.topCode, i.id).toBe(7);
      else expect(i.topCode, i.id).toBeUndefined();
    }
  });

  it('has the planned length per form', () => {
    expect(itemsOf(4).length).toBeGreaterThanOrEqual(55);
    expect(itemsOf(4).length).toBeLessThanOrEqual(80);
    for (const g of [7, 9] as const) {
      expect(itemsOf(g).length).toBeGreaterThanOrEqual(130);
      expect(itemsOf(g).length).toBeLessThanOrEqual(150);
    }
  });

  it('has exactly one optional free-text item, last', () => {
    expect(items.filter((i) => i.answerScale === 'text').map((i) => i.id)).toEqual(['free_text']);
    expect(pages.at(-1)?.itemIds.at(-1)).toBe('free_text');
  });
});
