import { describe, expect, it } from 'vitest';
import { buildSurveyForm, scaleLayoutOfForm, surveyInLanguage } from './survey-json.ts';
import { uwe2026 } from './uwe-2026/index.ts';
import { catalogue, texts } from './uwe-2026/survey.ts';

describe('surveyInLanguage', () => {
  const form = uwe2026.forms.grade7;
  const first = form.pages[0]!.elements[0]!;

  it('keeps the structure and turns every text into the chosen language', () => {
    const en = surveyInLanguage(form, 'en');
    const q = en.pages[0]!.elements[0]!;
    expect(q.name).toBe(first.name);
    expect(q.title).toBe(first.title.en);
    expect(q.choices?.map((c) => c.value)).toEqual(first.choices?.map((c) => c.value));
    expect(q.choices?.[0]?.text).toBe(first.choices?.[0]?.text.en);
    expect(en.pages.map((p) => p.elements.length)).toEqual(form.pages.map((p) => p.elements.length));
    // Nothing localizable is left, in any corner of the form.
    expect(JSON.stringify(en)).not.toContain('"default"');
  });

  it('gives the source text for German and where a language has no text', () => {
    expect(surveyInLanguage(form, 'de').pages[0]!.title).toBe(form.pages[0]!.title.default);
    expect(surveyInLanguage({ title: { default: 'Hallo' } }, 'tr')).toEqual({ title: 'Hallo' });
  });

  it('leaves objects that are not texts alone, and the input unchanged', () => {
    const json = { a: { default: 1, b: 'x' }, visibleIf: '{x} = 1', n: null, list: [{ default: 'D', ar: 'ع' }] };
    const before = structuredClone(json);
    expect(surveyInLanguage(json, 'ar')).toEqual({
      a: { default: 1, b: 'x' },
      visibleIf: '{x} = 1',
      n: null,
      list: ['ع'],
    });
    expect(json).toEqual(before);
  });

  it('is about an eighth of the form in every language', () => {
    const all = JSON.stringify(form).length;
    expect(JSON.stringify(surveyInLanguage(form, 'uk')).length).toBeLessThan(all / 5);
  });
});

describe('the answer layout per form', () => {
  const scaleOf = new Map(uwe2026.catalogue.items.map((i) => [i.id, i.answerScale]));
  const questions = (form: 'grade4' | 'grade7') => uwe2026.forms[form].pages.flatMap((p) => p.elements);

  it("puts grade 7's five-step agreement and frequency scales in one row, and nothing else", () => {
    expect(scaleLayoutOfForm.grade7).toBe('row');
    for (const q of questions('grade7')) {
      const five = ['agree5', 'freq5', 'bully5'].includes(scaleOf.get(q.name) ?? '');
      expect({ name: q.name, colCount: q.colCount }).toEqual({ name: q.name, colCount: five ? 5 : undefined });
    }
    expect(questions('grade7').filter((q) => q.colCount === 5)).toHaveLength(113);
  });

  it('keeps grade 4 stacked unless a layout is asked for', () => {
    expect(questions('grade4').some((q) => q.colCount !== undefined)).toBe(false);
    const text = (key: string) => ({ default: (texts.de as Record<string, string>)[key] ?? key });
    const rows = buildSurveyForm(catalogue, 'grade4', text, 'row');
    const elements = rows.pages.flatMap((p) => p.elements);
    const five = elements.filter((q) => ['agree5', 'freq5', 'bully5'].includes(scaleOf.get(q.name) ?? ''));
    expect(five.length).toBeGreaterThan(50);
    expect(elements.filter((q) => q.colCount === 5)).toEqual(five);
  });
});
