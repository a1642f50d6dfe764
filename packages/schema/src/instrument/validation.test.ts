import { describe, expect, it } from 'vitest';
import { exampleResponse } from './example-response.ts';
import type { Grade } from './types.ts';
import { uwe2026 } from './uwe-2026/index.ts';
import { createAnswerValidator } from './validation.ts';

const validate = createAnswerValidator(uwe2026);
const itemsOf = (g: Grade) => uwe2026.catalogue.items.filter((i) => i.grades.includes(g));

function errorsOf(grade: Grade, answers: unknown) {
  const result = validate(grade, answers);
  return result.ok ? [] : result.errors;
}

describe('createAnswerValidator', () => {
  it('accepts an empty response (nothing is required)', () => {
    expect(validate(4, {})).toEqual({ ok: true });
    expect(validate(7, {})).toEqual({ ok: true });
  });

  it('accepts a response that answers every item of each grade', () => {
    for (const g of [4, 7, 9] as const) {
      const answers = exampleResponse(uwe2026, g);
      expect(Object.keys(answers).length, `grade ${g}`).toBe(itemsOf(g).length);
      expect(validate(g, answers), `grade ${g}`).toEqual({ ok: true });
    }
  });

  it('accepts every code of every item, and random full responses', () => {
    for (const item of itemsOf(7)) {
      if (item.followUpOf || item.answerScale === 'text') continue;
      const codes = item.choices?.map((c) => c.code) ?? uwe2026.catalogue.answerScales[item.answerScale].codes;
      for (const code of codes) {
        const value = item.answerScale === 'multi' ? [code] : code;
        expect(validate(7, { [item.id]: value }), `${item.id}=${code}`).toEqual({ ok: true });
      }
    }
    let seed = 7;
    const pick = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let r = 0; r < 200; r++) {
      const g = ([4, 7, 9] as const)[r % 3] ?? 4;
      expect(validate(g, exampleResponse(uwe2026, g, pick))).toEqual({ ok: true });
    }
  });

  it('rejects answers that are not an object with itemId *', () => {
    for (const bad of [null, undefined, [], [1], 'x', 3, true, new Date(0)]) {
      expect(validate(7, bad), String(bad)).toEqual({ ok: false, errors: [{ itemId: '*', reason: 'wrong_type' }] });
    }
    expect(validate(7, Object.create(null))).toEqual({ ok: true });
  });

  it('unknown_item: an id the catalogue does not have', () => {
    expect(errorsOf(7, { opt_9: 3 })).toEqual([{ itemId: 'opt_9', reason: 'unknown_item' }]);
    expect(errorsOf(7, { '': 3 })).toEqual([{ itemId: '', reason: 'unknown_item' }]);
    expect(errorsOf(7, JSON.parse('{"__proto__": 1, "constructor": 2, "toString": 3}'))).toEqual([
      { itemId: '__proto__', reason: 'unknown_item' },
      { itemId: 'constructor', reason: 'unknown_item' },
      { itemId: 'toString', reason: 'unknown_item' },
    ]);
  });

  it('not_asked_in_grade: a secondary-only item in grade 4', () => {
    expect(errorsOf(4, { opt_4: 3, fut_degree: 'abitur', opt_1: 3 })).toEqual([
      { itemId: 'opt_4', reason: 'not_asked_in_grade' },
      { itemId: 'fut_degree', reason: 'not_asked_in_grade' },
    ]);
    expect(errorsOf(9, { opt_4: 3, fut_degree: 'abitur' })).toEqual([]);
  });

  it('wrong_type: a value of the wrong JSON type', () => {
    const cases: [string, unknown][] = [
      ['opt_1', '3'],
      ['opt_1', null],
      ['opt_1', [3]],
      ['opt_1', true],
      ['breakfast', '7'],
      ['trusted_adult', true],
      ['screen_time', '2'],
      ['gender', 1],
      ['activities', 'sport'],
      ['activities', ['sport', 1]],
      ['activities', null],
      ['free_text', 5],
      ['free_text', ['a']],
    ];
    for (const [itemId, value] of cases) {
      expect(errorsOf(7, { [itemId]: value }), `${itemId}=${JSON.stringify(value)}`).toEqual([
        { itemId, reason: 'wrong_type' },
      ]);
    }
  });

  it('out_of_range: a code the item does not have', () => {
    const cases: [string, unknown][] = [
      ['opt_1', 0],
      ['opt_1', 6],
      ['opt_1', 3.5],
      ['sad_1', -1],
      ['bully_online', 6],
      ['breakfast', 8],
      ['breakfast', -1],
      ['trusted_adult', 2],
      ['screen_time', 6],
      ['gender', 'q'],
      ['home_language', 'DE'],
      ['activities', ['sport', 'chess']],
      // "Nichts davon" excludes the other choices.
      ['activities', ['none', 'sport']],
    ];
    for (const [itemId, value] of cases) {
      expect(errorsOf(7, { [itemId]: value }), `${itemId}=${JSON.stringify(value)}`).toEqual([
        { itemId, reason: 'out_of_range' },
      ]);
    }
    expect(errorsOf(7, { breakfast: 0, trusted_adult: 0, activities: ['none'] })).toEqual([]);
  });

  it('duplicate: a multiple-choice code twice', () => {
    expect(errorsOf(7, { time_where: ['home', 'outdoors', 'home'] })).toEqual([
      { itemId: 'time_where', reason: 'duplicate' },
    ]);
    expect(errorsOf(7, { time_where: [] })).toEqual([]);
  });

  it('too_long: free text over 1000 characters', () => {
    expect(errorsOf(7, { free_text: 'x'.repeat(1000) })).toEqual([]);
    expect(errorsOf(7, { free_text: '' })).toEqual([]);
    expect(errorsOf(7, { free_text: 'x'.repeat(1001) })).toEqual([{ itemId: 'free_text', reason: 'too_long' }]);
  });

  it('filter_not_given: a follow-up answer its filter answer does not show', () => {
    // yes/no filter
    expect(errorsOf(7, { wish_activity: 1, barriers: ['costs'], wish_activity_type: ['sport'] })).toEqual([]);
    expect(errorsOf(7, { wish_activity: 0, barriers: ['costs'] })).toEqual([
      { itemId: 'barriers', reason: 'filter_not_given' },
    ]);
    expect(errorsOf(7, { barriers: ['costs'] })).toEqual([{ itemId: 'barriers', reason: 'filter_not_given' }]);
    expect(errorsOf(4, { wish_activity_type: ['sport'] })).toEqual([
      { itemId: 'wish_activity_type', reason: 'filter_not_given' },
    ]);
    // multiple-choice filter: any of the activity codes shows the follow-up, "none" does not
    expect(errorsOf(7, { activities: ['music_arts'], activity_days: 2 })).toEqual([]);
    expect(errorsOf(7, { activities: ['none'], activity_days: 2 })).toEqual([
      { itemId: 'activity_days', reason: 'filter_not_given' },
    ]);
    expect(errorsOf(7, { activities: [], activity_days: 2 })).toEqual([
      { itemId: 'activity_days', reason: 'filter_not_given' },
    ]);
    // an invalid filter answer shows nothing either
    expect(errorsOf(7, { disc_experienced: '1', disc_where: ['school'] })).toEqual([
      { itemId: 'disc_experienced', reason: 'wrong_type' },
      { itemId: 'disc_where', reason: 'filter_not_given' },
    ]);
    // the follow-up's own value is checked first
    expect(errorsOf(7, { disc_experienced: 0, disc_where: ['moon'] })).toEqual([
      { itemId: 'disc_where', reason: 'out_of_range' },
    ]);
  });

  it('reports every wrong item, one reason each', () => {
    expect(errorsOf(4, { opt_1: 9, hap_5: 3, nope: 1, free_text: 1, hap_1: 5 })).toEqual([
      { itemId: 'opt_1', reason: 'out_of_range' },
      { itemId: 'hap_5', reason: 'not_asked_in_grade' },
      { itemId: 'nope', reason: 'unknown_item' },
      { itemId: 'free_text', reason: 'wrong_type' },
    ]);
  });

  it('throws for a grade without a form', () => {
    expect(() => validate(5 as Grade, {})).toThrow(RangeError);
  });
});
