/**
 * Builds the SurveyJS JSON of one form from a catalogue and its texts, for any instrument version,
 * and the pieces the consistency check shares with it (follow-up expressions, question types).
 */
import {
  type Catalogue,
  type FormId,
  gradesOfForm,
  type LocalizedText,
  type SurveyChoiceJson,
  type SurveyJson,
  type SurveyPageJson,
  type SurveyQuestionJson,
  type SurveyQuestionType,
  TEXT_MAX_LENGTH,
} from './instrument.ts';
import type { AnswerScaleId, CatalogueItem, ChoiceCode, FollowUpFilter } from './types.ts';

/** The question type each answer scale renders as. yes/no stays a radiogroup so the codes stay 1/0. */
export const questionTypeOf: Record<AnswerScaleId, SurveyQuestionType> = {
  agree5: 'radiogroup',
  freq5: 'radiogroup',
  bully5: 'radiogroup',
  days0to7: 'radiogroup',
  yesno: 'radiogroup',
  single: 'radiogroup',
  multi: 'checkbox',
  text: 'comment',
  residence: 'residence',
};

/** Texts of the residence widget besides its title and choices, as `residence.<key>` text keys. */
export const residenceTextKeys = [
  'street',
  'streetHint',
  'noMatch',
  'orList',
  'list',
  'which',
  'odd',
  'even',
  'numbers',
  'chosen',
  'change',
] as const;

/**
 * How a form lays out its five-step agreement and frequency scales on a tablet: `stacked` (one
 * option under the other, the label beside its circle) or `row` (the five options side by side, each
 * label under its circle; SurveyJS `colCount: 5`, styled in the pupil app and stacked again on narrow
 * phones). Grade 7 answers 113 such items: stacked, that was 54 screen heights of scrolling at
 * 1024×768, and a row takes a third of the height. Grade 4 keeps the stacked layout: its form is
 * half as long (63 such items, 26 screen heights), and nine-year-olds, many still slow readers, read
 * each label right beside the circle they tap, on a target as wide as the card. A city that wants
 * otherwise passes `layout` (or sets `colCount` in an uploaded form).
 */
export type ScaleLayout = 'stacked' | 'row';

export const scaleLayoutOfForm: Record<FormId, ScaleLayout> = { grade4: 'stacked', grade7: 'row' };

/** The answer scales a `row` layout puts on one row: five ordered steps with short labels. */
const rowScales: ReadonlySet<AnswerScaleId> = new Set(['agree5', 'freq5', 'bully5']);

function codeLiteral(code: ChoiceCode): string {
  return typeof code === 'number' ? String(code) : `'${code}'`;
}

/**
 * The `visibleIf` of a follow-up: `{filter} = code` for one code of a single-answer filter,
 * `{filter} anyof [...]` for several codes or a multiple-choice filter.
 */
export function visibleIfExpression(filter: FollowUpFilter, filterIsMulti: boolean): string {
  const [only] = filter.codes;
  if (!filterIsMulti && filter.codes.length === 1 && only !== undefined) {
    return `{${filter.itemId}} = ${codeLiteral(only)}`;
  }
  return `{${filter.itemId}} anyof [${filter.codes.map(codeLiteral).join(', ')}]`;
}

/** Reads back the two forms `visibleIfExpression` writes; null for anything else. */
export function parseVisibleIf(
  expression: string,
): { itemId: string; operator: '=' | 'anyof'; codes: ChoiceCode[] } | null {
  const match = /^\s*\{([a-z][a-z0-9_]*)\}\s*(=|anyof)\s*(.+?)\s*$/.exec(expression);
  if (!match) return null;
  const [, itemId = '', operator, rest = ''] = match;
  const literal = /^(-?\d+(?:\.\d+)?|'[^'\\]*'|"[^"\\]*")$/;
  const parseCode = (s: string): ChoiceCode | null => {
    const t = s.trim();
    if (!literal.test(t)) return null;
    return t.startsWith("'") || t.startsWith('"') ? t.slice(1, -1) : Number(t);
  };
  if (operator === '=') {
    const code = parseCode(rest);
    return code === null ? null : { itemId, operator, codes: [code] };
  }
  const list = /^\[(.*)\]$/.exec(rest);
  if (!list) return null;
  const codes = (list[1] ?? '').split(',').map(parseCode);
  if (codes.some((c) => c === null)) return null;
  return { itemId, operator: 'anyof', codes: codes as ChoiceCode[] };
}

/** The codes (in display order) and their text keys an item offers. */
export function choicesOf(catalogue: Pick<Catalogue, 'answerScales'>, item: CatalogueItem) {
  if (item.choices)
    return item.choices.map((c) => ({ code: c.code, textKey: c.textKey, exclusive: c.exclusive === true }));
  const scale = catalogue.answerScales[item.answerScale];
  return (scale.codes as ChoiceCode[]).map((code, n) => ({
    code,
    textKey: scale.choiceTextKeys[n] ?? '',
    exclusive: false,
  }));
}

/**
 * One form: the catalogue's pages with the items asked in the form's grades, in catalogue order.
 * `text` turns a text key into a localizable object and throws for a key without text.
 */
export function buildSurveyForm(
  catalogue: Catalogue,
  form: FormId,
  text: (key: string) => LocalizedText,
  layout: ScaleLayout = scaleLayoutOfForm[form],
): SurveyJson {
  const grades = gradesOfForm(form);
  const itemById = new Map(catalogue.items.map((i) => [i.id, i]));
  const asked = (i: CatalogueItem) => grades.some((g) => i.grades.includes(g));

  const question = (item: CatalogueItem): SurveyQuestionJson => {
    const q: SurveyQuestionJson = { type: questionTypeOf[item.answerScale], name: item.id, title: text(item.textKey) };
    if (item.answerScale === 'text') {
      q.maxLength = TEXT_MAX_LENGTH;
    } else {
      q.choices = choicesOf(catalogue, item).map(({ code, textKey, exclusive }) => {
        const choice: SurveyChoiceJson = { value: code, text: text(textKey) };
        if (exclusive) choice.isExclusive = true;
        return choice;
      });
      if (layout === 'row' && rowScales.has(item.answerScale) && q.choices.length === 5) q.colCount = 5;
    }
    if (item.answerScale === 'residence') {
      q.residenceTexts = Object.fromEntries(residenceTextKeys.map((k) => [k, text(`residence.${k}`)]));
    }
    if (item.followUpOf) {
      const filter = itemById.get(item.followUpOf.itemId);
      if (!filter) throw new Error(`follow-up ${item.id}: filter ${item.followUpOf.itemId} is not in the catalogue`);
      q.visibleIf = visibleIfExpression(item.followUpOf, filter.answerScale === 'multi');
    }
    return q;
  };

  const pages: SurveyPageJson[] = [];
  for (const p of catalogue.pages) {
    if (!grades.some((g) => p.grades.includes(g))) continue;
    const elements = p.itemIds
      .map((id) => itemById.get(id))
      .filter((i): i is CatalogueItem => i !== undefined && asked(i))
      .map(question);
    if (elements.length === 0) continue;
    const page: SurveyPageJson = { name: p.id, title: text(p.titleKey), elements };
    if (p.descriptionKey) page.description = text(p.descriptionKey);
    pages.push(page);
  }
  return {
    showQuestionNumbers: 'off',
    showProgressBar: true,
    progressBarLocation: 'top',
    clearInvisibleValues: 'onHidden',
    pages,
  };
}

/**
 * A `text` function for `buildSurveyForm` from one text table per language; the source language
 * goes under `default`.
 */
export function localizer(
  tables: Readonly<Record<string, Readonly<Record<string, string>>>>,
  sourceCode: string,
): (key: string) => LocalizedText {
  const codes = Object.keys(tables);
  return (key) => {
    const source = tables[sourceCode]?.[key];
    if (source === undefined) throw new Error(`no ${sourceCode} text for ${key}`);
    const result: LocalizedText = { default: source };
    for (const code of codes) {
      if (code === sourceCode) continue;
      const value = tables[code]?.[key];
      if (value === undefined) throw new Error(`no ${code} text for ${key}`);
      result[code] = value;
    }
    return result;
  };
}

/**
 * A form reduced to one language: every localizable text (`{ default, en, … }`) becomes the plain
 * text of `language`, or the source text where that language has none. What a tablet downloads
 * once the child has chosen a language (an eighth of the form in every language).
 */
export function surveyInLanguage<T>(survey: T, language: string): T {
  const reduce = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(reduce);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node);
    if (
      typeof (node as { default?: unknown }).default === 'string' &&
      entries.every(([, v]) => typeof v === 'string')
    ) {
      const text = node as LocalizedText;
      return text[language] ?? text.default;
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, reduce(v)]));
  };
  return reduce(survey) as T;
}
