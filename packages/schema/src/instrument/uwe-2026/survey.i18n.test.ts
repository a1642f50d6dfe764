/**
 * Loads both forms into survey-core (a dev dependency, only here) in every language, the way the
 * pupil app does, and checks what a child would actually see.
 */
import { Model, type Question, surveyLocalization } from 'survey-core';
import 'survey-core/i18n/arabic';
import 'survey-core/i18n/bulgarian';
import 'survey-core/i18n/german';
import 'survey-core/i18n/polish';
import 'survey-core/i18n/romanian';
import 'survey-core/i18n/turkish';
import 'survey-core/i18n/ukrainian';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formIds, type LocalizedText, surveySourceLocale } from '../instrument.ts';
import { uwe2026 } from './index.ts';
import { languages } from './languages.ts';

interface ChoiceLike {
  value: unknown;
  text: string;
}

/** Every localizable object in a form's JSON, with its path. */
function localizedTexts(value: unknown, path = ''): { path: string; text: Record<string, unknown> }[] {
  if (Array.isArray(value)) return value.flatMap((v, n) => localizedTexts(v, `${path}[${n}]`));
  if (typeof value !== 'object' || value === null) return [];
  const obj = value as Record<string, unknown>;
  if (typeof obj.default === 'string') return [{ path, text: obj }];
  return Object.entries(obj).flatMap(([k, v]) => localizedTexts(v, `${path}.${k}`));
}

const expected = (text: LocalizedText, code: string) => (code === surveySourceLocale ? text.default : text[code]);

let previousDefault: string;
beforeAll(() => {
  previousDefault = surveyLocalization.defaultLocale;
  // What the pupil app must do once: the forms keep German under `default`.
  surveyLocalization.defaultLocale = surveySourceLocale;
});
afterAll(() => {
  surveyLocalization.defaultLocale = previousDefault;
});

describe('uwe-2026 forms in survey-core', () => {
  it('has every text of every form in every language (walking the JSON)', () => {
    for (const form of formIds) {
      const found = localizedTexts(uwe2026.forms[form]);
      expect(found.length).toBeGreaterThan(300);
      for (const { path, text } of found) {
        for (const l of languages) {
          const value = l.code === surveySourceLocale ? text.default : text[l.code];
          expect(typeof value === 'string' && value.trim() !== '', `${form}${path} ${l.code}`).toBe(true);
        }
      }
    }
  });

  for (const form of formIds) {
    for (const l of languages) {
      it(`${form} in ${l.code}: titles and choices are the ${l.name} texts`, () => {
        const json = uwe2026.forms[form];
        const model = new Model(json);
        model.locale = l.code;
        const byName = new Map(json.pages.flatMap((p) => p.elements).map((q) => [q.name, q]));
        const questions = model.getAllQuestions(false) as Question[];
        expect(questions.length).toBe(byName.size);
        for (const q of questions) {
          const source = byName.get(q.name);
          if (!source) throw new Error(`unexpected question ${q.name}`);
          expect(q.title.trim(), `${q.name} title`).not.toBe('');
          expect(q.title, `${q.name} title`).not.toBe(q.name);
          expect(q.title, `${q.name} title`).toBe(expected(source.title, l.code));
          const choices = (q as unknown as { choices?: ChoiceLike[] }).choices ?? [];
          expect(choices.length, q.name).toBe(source.choices?.length ?? 0);
          for (const [n, c] of choices.entries()) {
            const sourceChoice = source.choices?.[n];
            expect(c.text.trim(), `${q.name} ${String(c.value)}`).not.toBe('');
            expect(c.text, `${q.name} ${String(c.value)}`).not.toBe(String(c.value));
            if (sourceChoice) expect(c.text, `${q.name} ${String(c.value)}`).toBe(expected(sourceChoice.text, l.code));
          }
        }
        for (const [n, page] of model.pages.entries()) {
          const source = json.pages[n];
          if (source) expect(page.title, page.name).toBe(expected(source.title, l.code));
        }
        expect(model.localeDir ?? 'ltr').toBe(l.dir);
        expect(surveyLocalization.locales[l.surveyLocale], l.surveyLocale).toBeDefined();
      });
    }
  }

  it('shows the first page’s questions and uses the UI locale of the language', () => {
    const model = new Model(uwe2026.forms.grade4);
    model.locale = 'de-simple';
    expect(model.pageNextText).toBe('Weiter');
    model.locale = 'ar';
    expect(model.localeDir).toBe('rtl');
    expect(model.pageNextText).not.toBe('Next');
    model.locale = 'en';
    expect(model.pageNextText).toBe('Next');
    expect((model.currentPage.questions as Question[]).every((q) => q.isVisible)).toBe(true);
  });

  it('shows a follow-up only after its filter answer, and drops its answer when hidden', () => {
    const model = new Model(uwe2026.forms.grade7);
    const followUp = model.getQuestionByName('activity_days');
    expect(followUp.isVisible).toBe(false);
    model.setValue('activities', ['none']);
    expect(followUp.isVisible).toBe(false);
    model.setValue('activities', ['music_arts']);
    expect(followUp.isVisible).toBe(true);
    model.setValue('activity_days', 3);
    model.setValue('activities', ['none']);
    expect(model.getValue('activity_days')).toBeUndefined();
    const barriers = model.getQuestionByName('barriers');
    model.setValue('wish_activity', 0);
    expect(barriers.isVisible).toBe(false);
    model.setValue('wish_activity', 1);
    expect(barriers.isVisible).toBe(true);
  });

  it('needs surveyLocalization.defaultLocale = "de": with the default "en", English would show German', () => {
    surveyLocalization.defaultLocale = 'en';
    try {
      const model = new Model(uwe2026.forms.grade4);
      model.locale = 'en';
      expect(model.getQuestionByName('hap_1').title).toBe(uwe2026.forms.grade4.pages[0]?.elements[0]?.title.default);
    } finally {
      surveyLocalization.defaultLocale = surveySourceLocale;
    }
  });
});
