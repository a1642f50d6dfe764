import { describe, expect, it } from 'vitest';
import type { SurveyJson, SurveyQuestionJson } from '../instrument.ts';
import { uwe2026 } from './index.ts';
import { languages } from './languages.ts';
import { paperTextKeys, paperTexts, texts, uiTextKeys, uiTexts } from './survey.ts';

const { items, answerScales } = uwe2026.catalogue;
const itemById = new Map(items.map((i) => [i.id, i]));
const questionsOf = (form: SurveyJson): SurveyQuestionJson[] => form.pages.flatMap((p) => p.elements);
const q = (form: SurveyJson, name: string) => questionsOf(form).find((x) => x.name === name);

function allKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) allKeys(v, keys);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      keys.add(k);
      allKeys(v, keys);
    }
  }
  return keys;
}

describe('uwe-2026 forms', () => {
  const { grade4, grade7 } = uwe2026.forms;

  it('asks exactly the items of the form’s grades, in catalogue page order', () => {
    expect(questionsOf(grade4).map((x) => x.name)).toEqual(
      uwe2026.catalogue.pages.flatMap((p) => p.itemIds).filter((id) => itemById.get(id)?.grades.includes(4)),
    );
    expect(
      questionsOf(grade7)
        .map((x) => x.name)
        .sort(),
    ).toEqual(
      items
        .filter((i) => i.grades.includes(7))
        .map((i) => i.id)
        .sort(),
    );
    expect(grade4.pages.map((p) => p.name)).not.toContain('future');
    expect(grade7.pages.map((p) => p.name)).toContain('future');
  });

  it('has survey-level settings for the tablet and leaves the locale to the client', () => {
    for (const form of [grade4, grade7]) {
      expect(form).toMatchObject({
        showQuestionNumbers: 'off',
        showProgressBar: true,
        clearInvisibleValues: 'onHidden',
      });
      const keys = allKeys(form);
      for (const forbidden of ['isRequired', 'requiredIf', 'locale', 'validators', 'html'])
        expect(keys.has(forbidden), forbidden).toBe(false);
    }
  });

  it('renders each answer scale as the right question type with the catalogue codes', () => {
    expect(q(grade7, 'opt_1')).toMatchObject({ type: 'radiogroup' });
    expect(q(grade7, 'opt_1')?.choices?.map((c) => c.value)).toEqual([1, 2, 3, 4, 5]);
    expect(q(grade7, 'sad_1')?.choices?.[0]?.text.default).toBe('Nie');
    expect(q(grade7, 'bully_verbal')?.choices?.[4]?.text.default).toBe('Mehrmals in der Woche');
    expect(q(grade7, 'breakfast')?.choices?.map((c) => c.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // yes/no keeps its codes 1/0 (a SurveyJS boolean would store true/false)
    expect(q(grade7, 'trusted_adult')).toMatchObject({ type: 'radiogroup' });
    expect(q(grade7, 'trusted_adult')?.choices?.map((c) => c.value)).toEqual([1, 0]);
    expect(q(grade7, 'gender')?.choices?.map((c) => c.value)).toEqual(['f', 'm', 'd', 'x']);
    expect(q(grade7, 'time_where')).toMatchObject({ type: 'checkbox' });
    expect(q(grade7, 'free_text')).toEqual({
      type: 'comment',
      name: 'free_text',
      title: expect.any(Object),
      maxLength: 1000,
    });
    for (const item of items.filter((i) => i.grades.includes(7))) {
      const codes = item.choices?.map((c) => c.code) ?? answerScales[item.answerScale].codes;
      expect(q(grade7, item.id)?.choices?.map((c) => c.value) ?? [], item.id).toEqual(codes);
    }
  });

  it('makes "Nichts davon" exclusive', () => {
    expect(
      q(grade4, 'activities')
        ?.choices?.filter((c) => c.isExclusive)
        .map((c) => c.value),
    ).toEqual(['none']);
  });

  it('shows follow-ups only after their filter answer', () => {
    expect(q(grade7, 'wish_activity_type')?.visibleIf).toBe('{wish_activity} = 1');
    expect(q(grade7, 'barriers')?.visibleIf).toBe('{wish_activity} = 1');
    expect(q(grade7, 'disc_reason')?.visibleIf).toBe('{disc_experienced} = 1');
    expect(q(grade4, 'activity_days')?.visibleIf).toBe(
      "{activities} anyof ['sport', 'music_arts', 'clubs_youth_groups', 'lessons_education']",
    );
    const withVisibleIf = questionsOf(grade7)
      .filter((x) => x.visibleIf !== undefined)
      .map((x) => x.name);
    expect(withVisibleIf.sort()).toEqual(
      items
        .filter((i) => i.followUpOf)
        .map((i) => i.id)
        .sort(),
    );
  });

  it('localizes every text: German under default, every other language under its code', () => {
    const title = q(grade7, 'hap_1')?.title;
    expect(title?.default).toBe(texts.de['item.hap_1']);
    for (const l of languages) {
      if (l.code === 'de') continue;
      expect(title?.[l.code], l.code).toBe(texts[l.code]['item.hap_1']);
    }
    expect(Object.keys(title ?? {}).sort()).toEqual(
      ['default', ...languages.filter((l) => l.code !== 'de').map((l) => l.code)].sort(),
    );
    expect(grade7.pages[0]?.description?.en).toBe(texts.en['page.life.description']);
    expect(grade7.pages.find((p) => p.name === 'after_school')?.description).toBeUndefined();
  });

  it('keeps the survey title and the app texts out of the SurveyJS pages', () => {
    const keys = allKeys(grade7);
    expect(keys.has('title')).toBe(true);
    expect(JSON.stringify(grade7)).not.toContain(texts.de['withdraw.confirm']);
    expect(JSON.stringify(grade7)).not.toContain(texts.de['end.helpline']);
  });
});

describe('uiTexts', () => {
  it('gives every app text in every language', () => {
    for (const l of languages) {
      const ui = uiTexts(l.code);
      expect(Object.keys(ui).sort(), l.code).toEqual([...uiTextKeys].sort());
      for (const key of uiTextKeys) {
        expect(ui[key].trim(), `${l.code} ${key}`).not.toBe('');
        expect(ui[key], `${l.code} ${key}`).toBe(texts[l.code][key]);
      }
    }
    expect(uiTexts('en')['withdraw.button']).not.toBe(uiTexts('de')['withdraw.button']);
  });

  it('names the helpline number in every language', () => {
    for (const l of languages) expect(uiTexts(l.code)['end.helpline'].replace(/\s/g, ''), l.code).toContain('116111');
  });

  it('falls back to German for a language without texts', () => {
    expect(uiTexts('fr')).toEqual(uiTexts('de'));
  });
});

describe('paperTexts', () => {
  const placeholders = (s: string) => [...s.matchAll(/\{[a-z]+\}/g)].map((m) => m[0]).sort();

  it('gives the paper form’s texts in every language, with the placeholders of the German text', () => {
    const de = paperTexts('de');
    for (const l of languages) {
      const paper = paperTexts(l.code);
      expect(Object.keys(paper).sort(), l.code).toEqual([...paperTextKeys].sort());
      for (const key of paperTextKeys) {
        expect(paper[key].trim(), `${l.code} ${key}`).not.toBe('');
        expect(placeholders(paper[key]), `${l.code} ${key}`).toEqual(placeholders(de[key]));
      }
    }
    expect(paperTexts('ar')['paper.route.if']).not.toBe(de['paper.route.if']);
    expect(paperTexts('fr')).toEqual(de);
  });
});
