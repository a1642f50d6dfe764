/**
 * The SurveyJS forms of "uwe-2026" in all nine languages, and the pupil app's own texts around
 * them (intro, end, withdraw, read aloud), which are not part of the SurveyJS pages.
 */
import type { FormId, SurveyJson } from '../instrument.ts';
import { buildSurveyForm, localizer } from '../survey-json.ts';
import { answerScales, items, pages, scales } from './catalogue.ts';
import type { Uwe2026LanguageCode } from './languages.ts';
import { ar } from './texts/ar.ts';
import { bg } from './texts/bg.ts';
import { de, type TextKey } from './texts/de.ts';
import { deSimple } from './texts/de-simple.ts';
import { en } from './texts/en.ts';
import { pl } from './texts/pl.ts';
import { ro } from './texts/ro.ts';
import { tr } from './texts/tr.ts';
import { uk } from './texts/uk.ts';

/** Every text of the version, per language. */
export const texts: Readonly<Record<Uwe2026LanguageCode, Readonly<Record<TextKey, string>>>> = {
  de,
  'de-simple': deSimple,
  en,
  tr,
  ar,
  uk,
  pl,
  ro,
  bg,
};

export const catalogue = { items, scales, answerScales, pages };

const text = localizer(texts, 'de');

export function buildForm(form: FormId): SurveyJson {
  return buildSurveyForm(catalogue, form, text);
}

export const uiTextKeys = [
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
] as const satisfies readonly TextKey[];

export type UiTextKey = (typeof uiTextKeys)[number];

/**
 * The printed questionnaire's own texts (how to tick, the routing sentences). Only the print page
 * loads them (`GET /api/instruments/:id/forms/:form`), so a tablet's download stays as it was.
 * Placeholders in braces are filled in by the print page.
 */
export const paperTextKeys = [
  'paper.code',
  'paper.howto',
  'paper.route.if',
  'paper.route.ifOther',
  'paper.route.only',
  'paper.route.onlyOther',
  'paper.route.question',
  'paper.route.questions',
  'paper.route.and',
  'paper.route.or',
] as const satisfies readonly TextKey[];

export type PaperTextKey = (typeof paperTextKeys)[number];

function isLanguage(code: string): code is Uwe2026LanguageCode {
  return Object.hasOwn(texts, code);
}

/**
 * The app's texts around the survey in one language. These are the platform's own words (the
 * helpline, the withdraw dialog), so an uploaded version uses them too; a language without its
 * own texts gets the German ones.
 */
export function uiTexts(language: string): Record<UiTextKey, string> {
  const table = isLanguage(language) ? texts[language] : de;
  return Object.fromEntries(uiTextKeys.map((k) => [k, table[k]])) as Record<UiTextKey, string>;
}

/** The paper form's texts in one language; German for a language without its own. */
export function paperTexts(language: string): Record<PaperTextKey, string> {
  const table = isLanguage(language) ? texts[language] : de;
  return Object.fromEntries(paperTextKeys.map((k) => [k, table[k]])) as Record<PaperTextKey, string>;
}
