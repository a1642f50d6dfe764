/**
 * What an instrument version is, for every version: the built-in "uwe-2026" and any version an
 * admin uploads (e.g. a municipality's licensed wording). Everything here is plain JSON data, so
 * an uploaded version can carry all of it and be checked by `validateInstrumentDefinition`.
 */
import type {
  AnswerScale,
  AnswerScaleId,
  CatalogueItem,
  ChoiceCode,
  Grade,
  PageDefinition,
  ScaleDefinition,
} from './types.ts';

/** The two age forms; grade 9 answers the secondary form of grade 7. */
export type FormId = 'grade4' | 'grade7';

export const formIds: readonly FormId[] = ['grade4', 'grade7'];

export function formForGrade(grade: Grade): FormId {
  if (grade === 4) return 'grade4';
  if (grade === 7 || grade === 9) return 'grade7';
  throw new RangeError(`no form for grade ${String(grade)}`);
}

/** The grades that answer a form. */
export function gradesOfForm(form: FormId): Grade[] {
  return form === 'grade4' ? [4] : [7, 9];
}

/** 'source' is the language the items were written in; machine translations stay 'needs_review'. */
export type ReviewStatus = 'source' | 'needs_review' | 'reviewed';

export interface LanguageInfo {
  /**
   * Key of the language in every localizable text of the forms, and the value for
   * `model.locale`. The source language's text sits under `default` instead (see
   * `surveySourceLocale`).
   */
  code: string;
  /** Name in its own script, for the language picker. */
  name: string;
  dir: 'ltr' | 'rtl';
  review: ReviewStatus;
  /** survey-core UI locale (buttons, progress) whose `survey-core/i18n/*` bundle the client loads. */
  surveyLocale: string;
}

/**
 * The language whose texts are stored under `default` in the forms. survey-core maps `default`
 * to `surveyLocalization.defaultLocale`, which is 'en' unless changed: a client MUST set
 * `surveyLocalization.defaultLocale = surveySourceLocale` before building a Model, otherwise
 * `model.locale = 'en'` shows the German `default` text instead of the `en` text.
 */
export const surveySourceLocale = 'de';

/** A SurveyJS localizable string: the source text under `default`, one entry per other language. */
export type LocalizedText = { default: string; [language: string]: string };

export type SurveyChoiceJson = {
  value: ChoiceCode;
  text: LocalizedText;
  /** survey-core 3 checkbox item: ticking it clears every other choice. */
  isExclusive?: boolean;
};

export type SurveyQuestionType = 'radiogroup' | 'checkbox' | 'comment' | 'residence';

export type SurveyQuestionJson = {
  type: SurveyQuestionType;
  /** The catalogue item id; the answer is stored under it. */
  name: string;
  title: LocalizedText;
  description?: LocalizedText;
  choices?: SurveyChoiceJson[];
  /** Only on follow-ups: `{filter} = 1` or `{filter} anyof ['a', 'b']`. */
  visibleIf?: string;
  /** Comment questions: at most `TEXT_MAX_LENGTH`. */
  maxLength?: number;
  colCount?: number;
  /** Residence questions: the widget's own texts (street field, list, house-number side …). */
  residenceTexts?: Record<string, LocalizedText>;
};

export type SurveyPageJson = {
  name: string;
  title: LocalizedText;
  description?: LocalizedText;
  elements: SurveyQuestionJson[];
};

/**
 * The subset of SurveyJS JSON the platform produces and accepts. `locale` is left to the client.
 * Type aliases rather than interfaces, so a form is assignable to `Record<string, unknown>`.
 */
export type SurveyJson = {
  showQuestionNumbers: 'off';
  showProgressBar: boolean;
  progressBarLocation?: 'top' | 'bottom' | 'topbottom' | 'aboveHeader' | 'belowHeader' | 'auto';
  /** Drops a follow-up's answer as soon as its filter no longer shows it. */
  clearInvisibleValues?: 'onHidden' | 'onComplete' | 'none';
  pages: SurveyPageJson[];
};

/** Longest free text a pupil may send (the comment's `maxLength` and the answer validator agree). */
export const TEXT_MAX_LENGTH = 1000;

export interface Cutoffs {
  /** A scale score at or above this is 'high'. */
  high: number;
  /** A scale score at or above this (and below `high`) is 'medium'; below it 'low'. */
  medium: number;
}

/** INSTRUMENT.md defaults; the official MDI/UWE cut-offs could not be confirmed. */
export const defaultCutoffs: Cutoffs = { high: 4.0, medium: 3.0 };

export type ScaleCategory = 'high' | 'medium' | 'low';

/** How an asset of the Assets Index is decided from one response. */
export type AssetRule =
  /** The scale's category equals `category`. */
  | { kind: 'scaleCategory'; scale: string; category: ScaleCategory }
  /** Every rule holds. */
  | { kind: 'allOf'; rules: AssetRule[] }
  /** A numeric answer (e.g. days per week) is at least `min`. */
  | { kind: 'itemAtLeast'; itemId: string; min: number }
  /** A multiple-choice answer contains at least one of `codes`. */
  | { kind: 'multiAny'; itemId: string; codes: ChoiceCode[] };

export interface AssetDefinition {
  id: string;
  rule: AssetRule;
}

export interface Catalogue {
  items: CatalogueItem[];
  scales: ScaleDefinition[];
  answerScales: Record<AnswerScaleId, AnswerScale>;
  pages: PageDefinition[];
}

export interface InstrumentVersion {
  /** e.g. 'uwe-2026'; lower case, digits and hyphens. */
  id: string;
  title: string;
  catalogue: Catalogue;
  forms: Record<FormId, SurveyJson>;
  languages: LanguageInfo[];
  cutoffs: Cutoffs;
  /** The five scales of the Wohlbefindensindex. */
  wellbeing: { scales: string[] };
  /** The assets of the Ressourcenindex. */
  assets: AssetDefinition[];
  /**
   * Recorded audio where a version has it: item id → language → path on this server. The pupil
   * app plays it instead of the device's speech synthesis.
   */
  audio?: Record<string, Record<string, string>>;
}
