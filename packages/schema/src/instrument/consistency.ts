/**
 * Checks that an instrument version holds together: the SurveyJS forms ask exactly the catalogue's
 * items with the catalogue's codes, in every language, nothing required; and, for an uploaded
 * definition, that the catalogue, scales, cut-offs and asset rules make sense. Every problem is a
 * sentence naming the form, item, scale or page, so an admin can fix an upload.
 */
import { Value } from '@sinclair/typebox/value';
import {
  type AssetRule,
  type FormId,
  formIds,
  gradesOfForm,
  type InstrumentVersion,
  type LanguageInfo,
  surveySourceLocale,
  TEXT_MAX_LENGTH,
} from './instrument.ts';
import { InstrumentVersionSchema } from './instrument-schema.ts';
import { choicesOf, parseVisibleIf, questionTypeOf } from './survey-json.ts';
import type { CatalogueItem, ChoiceCode, Grade } from './types.ts';

const SURVEY_PROPS = new Set([
  'showQuestionNumbers',
  'showProgressBar',
  'progressBarLocation',
  'clearInvisibleValues',
  'pages',
]);
const PAGE_PROPS = new Set(['name', 'title', 'description', 'elements']);
const QUESTION_PROPS = new Set([
  'type',
  'name',
  'title',
  'description',
  'choices',
  'visibleIf',
  'maxLength',
  'colCount',
  'residenceTexts',
]);
const CHOICE_PROPS = new Set(['value', 'text', 'isExclusive']);
/** Properties that would force an answer; named in their own message because the rule matters. */
const REQUIRING_PROPS = new Set(['isRequired', 'requiredIf', 'validators', 'requiredErrorText', 'minSelectedChoices']);

const ID = /^[a-z][a-z0-9_]{0,63}$/;
const VERSION_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
/** Same pattern as the language of a saved response (api/pupil.ts). */
const LANGUAGE_CODE = /^[a-z]{2}(-[a-z]+)?$/;

const show = (codes: readonly ChoiceCode[]) => `[${codes.map((c) => JSON.stringify(c)).join(', ')}]`;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sourceLanguage(languages: readonly LanguageInfo[]): string {
  return languages.find((l) => l.review === 'source')?.code ?? surveySourceLocale;
}

/** Problems of one localizable text: every language of the version present and non-empty. */
function textProblems(where: string, text: unknown, languages: readonly LanguageInfo[]): string[] {
  if (!isObject(text)) return [`${where} is not a localized text ({ default, <language>: … })`];
  const source = sourceLanguage(languages);
  const problems: string[] = [];
  const expected = new Set<string>(['default']);
  for (const l of languages) {
    const key = l.code === source ? 'default' : l.code;
    expected.add(key);
    const value = text[key];
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${where} has no ${l.code} text`);
  }
  for (const key of Object.keys(text)) {
    if (!expected.has(key)) problems.push(`${where} has a text in '${key}', which is not a language of the version`);
  }
  return problems;
}

function unknownProps(where: string, obj: Record<string, unknown>, allowed: Set<string>): string[] {
  return Object.keys(obj)
    .filter((k) => !allowed.has(k))
    .map((k) =>
      REQUIRING_PROPS.has(k)
        ? `${where}: '${k}' is not allowed (no item may be required)`
        : `${where}: property '${k}' is not allowed`,
    );
}

function formProblems(
  instrument: Pick<InstrumentVersion, 'catalogue' | 'languages'>,
  form: FormId,
  json: unknown,
): string[] {
  const { catalogue, languages } = instrument;
  const grades = gradesOfForm(form);
  const itemById = new Map(catalogue.items.map((i) => [i.id, i]));
  const pageOfItem = new Map(catalogue.pages.flatMap((p) => p.itemIds.map((id) => [id, p.id] as const)));
  const knownPages = new Set(catalogue.pages.map((p) => p.id));
  const problems: string[] = [];
  if (!isObject(json)) return [`${form}: the form is not a SurveyJS JSON object`];
  problems.push(...unknownProps(form, json, SURVEY_PROPS));
  if (json.showQuestionNumbers !== 'off') problems.push(`${form}: showQuestionNumbers must be 'off'`);
  if (!Array.isArray(json.pages)) return [...problems, `${form}: the form has no pages`];

  const position = new Map<string, number>();
  const seenPages = new Set<string>();
  const questions: { q: Record<string, unknown>; page: string; where: string }[] = [];
  for (const [p, page] of json.pages.entries()) {
    if (!isObject(page)) {
      problems.push(`${form}: page ${p + 1} is not an object`);
      continue;
    }
    const name = typeof page.name === 'string' ? page.name : `#${p + 1}`;
    const where = `${form}: page ${name}`;
    if (!knownPages.has(name)) problems.push(`${where} is not a page of the catalogue`);
    if (seenPages.has(name)) problems.push(`${where} appears more than once`);
    seenPages.add(name);
    problems.push(...unknownProps(where, page, PAGE_PROPS));
    problems.push(...textProblems(`${where}: title`, page.title, languages));
    if (page.description !== undefined)
      problems.push(...textProblems(`${where}: description`, page.description, languages));
    if (!Array.isArray(page.elements)) {
      problems.push(`${where} has no elements`);
      continue;
    }
    for (const [e, q] of page.elements.entries()) {
      if (!isObject(q) || typeof q.name !== 'string') {
        problems.push(`${where}: element ${e + 1} is not a named question`);
        continue;
      }
      questions.push({ q, page: name, where: `${form}: item ${q.name}` });
    }
  }

  for (const [n, { q, page, where }] of questions.entries()) {
    const id = q.name as string;
    const item = itemById.get(id);
    if (!item) {
      problems.push(`${where} is not in the catalogue`);
      continue;
    }
    if (position.has(id)) {
      problems.push(`${where} appears more than once`);
      continue;
    }
    position.set(id, n);
    if (!grades.every((g) => item.grades.includes(g))) {
      problems.push(`${where} is not asked in grade ${grades.filter((g) => !item.grades.includes(g)).join(' and ')}`);
    }
    if (pageOfItem.get(id) !== page)
      problems.push(`${where} is on page ${page}, the catalogue puts it on ${pageOfItem.get(id)}`);
    problems.push(...unknownProps(where, q, QUESTION_PROPS));
    const type = questionTypeOf[item.answerScale];
    if (q.type !== type)
      problems.push(`${where} is a ${String(q.type)} question, its answer scale ${item.answerScale} needs ${type}`);
    problems.push(...textProblems(`${where}: title`, q.title, languages));
    if (q.description !== undefined) problems.push(...textProblems(`${where}: description`, q.description, languages));
    problems.push(...choiceProblems(instrument, item, q, where));
    problems.push(...visibleIfProblems(instrument, item, q, where));
  }

  for (const item of catalogue.items) {
    if (grades.some((g) => item.grades.includes(g)) && !position.has(item.id)) {
      problems.push(`${form}: catalogue item ${item.id} is missing from the form`);
    }
    // SurveyJS can only show a follow-up after its filter's answer is known.
    const filterId = item.followUpOf?.itemId;
    const own = position.get(item.id);
    const filterAt = filterId === undefined ? undefined : position.get(filterId);
    if (own !== undefined && filterAt !== undefined && filterAt > own) {
      problems.push(`${form}: item ${item.id} comes before its filter ${filterId}`);
    }
  }
  return problems;
}

function choiceProblems(
  instrument: Pick<InstrumentVersion, 'catalogue' | 'languages'>,
  item: CatalogueItem,
  q: Record<string, unknown>,
  where: string,
): string[] {
  const problems: string[] = [];
  if (item.answerScale === 'text') {
    if (q.choices !== undefined) problems.push(`${where} is a free text and must have no choices`);
    const max = q.maxLength;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > TEXT_MAX_LENGTH) {
      problems.push(`${where} needs a maxLength of 1 to ${TEXT_MAX_LENGTH}`);
    }
    return problems;
  }
  if (q.maxLength !== undefined) problems.push(`${where}: maxLength is only for free text`);
  const expected = choicesOf(instrument.catalogue, item);
  if (!Array.isArray(q.choices)) return [...problems, `${where} has no choices`];
  const values: ChoiceCode[] = [];
  for (const [c, choice] of q.choices.entries()) {
    if (!isObject(choice)) {
      problems.push(`${where}: choice ${c + 1} is not an object`);
      continue;
    }
    const value = choice.value as ChoiceCode;
    values.push(value);
    const cw = `${where}: choice ${JSON.stringify(value)}`;
    problems.push(...unknownProps(cw, choice, CHOICE_PROPS));
    problems.push(...textProblems(`${cw} text`, choice.text, instrument.languages));
    const exclusive = expected.find((x) => x.code === value)?.exclusive ?? false;
    if ((choice.isExclusive === true) !== exclusive) {
      problems.push(`${cw} must ${exclusive ? '' : 'not '}be isExclusive, as in the catalogue`);
    }
  }
  const codes = expected.map((x) => x.code);
  const same =
    values.length === codes.length && new Set(values).size === values.length && values.every((v) => codes.includes(v));
  if (!same) problems.push(`${where} has the codes ${show(values)}, the catalogue has ${show(codes)}`);
  return problems;
}

function visibleIfProblems(
  instrument: Pick<InstrumentVersion, 'catalogue'>,
  item: CatalogueItem,
  q: Record<string, unknown>,
  where: string,
): string[] {
  const filter = item.followUpOf;
  if (!filter) return q.visibleIf === undefined ? [] : [`${where} is no follow-up and must have no visibleIf`];
  if (typeof q.visibleIf !== 'string') return [`${where} is a follow-up of ${filter.itemId} and needs a visibleIf`];
  const parsed = parseVisibleIf(q.visibleIf);
  const filterItem = instrument.catalogue.items.find((i) => i.id === filter.itemId);
  const multi = filterItem?.answerScale === 'multi';
  const matches =
    parsed !== null &&
    parsed.itemId === filter.itemId &&
    (parsed.operator === 'anyof' || !multi) &&
    parsed.codes.length === filter.codes.length &&
    parsed.codes.every((c) => filter.codes.includes(c));
  return matches
    ? []
    : [`${where}: visibleIf "${q.visibleIf}" does not match its filter ${filter.itemId} ${show(filter.codes)}`];
}

/**
 * Every problem between the forms and the catalogue (empty = consistent): each question is a
 * catalogue item asked in the form's grades with exactly its codes, each such item appears once on
 * its page, follow-ups carry their filter as visibleIf, nothing is required, and every text exists
 * in every language of the version.
 */
export function checkSurveyAgainstCatalogue(
  instrument: Pick<InstrumentVersion, 'catalogue' | 'forms' | 'languages'>,
): string[] {
  return formIds.flatMap((form) => formProblems(instrument, form, instrument.forms[form]));
}

function ruleProblems(instrument: InstrumentVersion, assetId: string, rule: AssetRule): string[] {
  const where = `asset ${assetId}`;
  const { items, scales } = instrument.catalogue;
  switch (rule.kind) {
    case 'allOf':
      return rule.rules.flatMap((r) => ruleProblems(instrument, assetId, r));
    case 'scaleCategory': {
      const scale = scales.find((s) => s.id === rule.scale);
      if (!scale) return [`${where}: scale ${rule.scale} is not in the catalogue`];
      return scale.scored ? [] : [`${where}: scale ${rule.scale} is not scored`];
    }
    case 'itemAtLeast': {
      const item = items.find((i) => i.id === rule.itemId);
      if (!item) return [`${where}: item ${rule.itemId} is not in the catalogue`];
      const codes = choicesOf(instrument.catalogue, item).map((c) => c.code);
      const numeric = codes.length > 0 && codes.every((c) => typeof c === 'number');
      return numeric && item.answerScale !== 'multi' ? [] : [`${where}: item ${rule.itemId} has no numeric answer`];
    }
    case 'multiAny': {
      const item = items.find((i) => i.id === rule.itemId);
      if (!item) return [`${where}: item ${rule.itemId} is not in the catalogue`];
      if (item.answerScale !== 'multi') return [`${where}: item ${rule.itemId} is not multiple choice`];
      const codes = choicesOf(instrument.catalogue, item).map((c) => c.code);
      const unknown = rule.codes.filter((c) => !codes.includes(c));
      return unknown.length === 0 ? [] : [`${where}: item ${rule.itemId} has no codes ${show(unknown)}`];
    }
  }
}

function duplicates(ids: readonly string[]): string[] {
  return [...new Set(ids.filter((id, n) => ids.indexOf(id) !== n))];
}

/** A path on this server: one leading slash, plain characters, no `..`, no `//` (another host). */
export function isSameOriginPath(path: string): boolean {
  return /^\/[A-Za-z0-9._~-][A-Za-z0-9._~/-]*$/.test(path) && !path.includes('..') && !path.includes('//');
}

/** Problems of the catalogue, languages, cut-offs, index definitions: what the schema cannot say. */
function definitionProblems(instrument: InstrumentVersion): string[] {
  const problems: string[] = [];
  const { items, scales, pages, answerScales } = instrument.catalogue;
  const itemById = new Map(items.map((i) => [i.id, i]));
  const scaleById = new Map(scales.map((s) => [s.id, s]));

  const languageCodes = new Set(instrument.languages.map((l) => l.code));
  for (const [itemId, byLanguage] of Object.entries(instrument.audio ?? {})) {
    if (!itemById.has(itemId)) problems.push(`audio: item '${itemId}' is not in the catalogue`);
    for (const [lang, path] of Object.entries(byLanguage)) {
      if (!languageCodes.has(lang))
        problems.push(`audio of '${itemId}': language '${lang}' is not a language of the version`);
      // Same origin only: a recording from elsewhere would tell a third party about the child's device.
      // `//host/x.mp3` is protocol-relative: another server, like `https://host/x.mp3`.
      if (!isSameOriginPath(path)) {
        problems.push(
          `audio of '${itemId}' (${lang}): '${path}' must be a path on this server, e.g. /audio/opt_1.de.mp3`,
        );
      }
    }
  }
  if (!VERSION_ID.test(instrument.id))
    problems.push(`version id '${instrument.id}' must be lower case letters, digits and hyphens`);
  const idLists: [string, string[]][] = [
    ['item', items.map((i) => i.id)],
    ['scale', scales.map((s) => s.id)],
    ['page', pages.map((p) => p.id)],
    ['asset', instrument.assets.map((a) => a.id)],
  ];
  for (const [kind, ids] of idLists) {
    for (const id of ids) if (!ID.test(id)) problems.push(`${kind} id '${id}' must match ${ID.source}`);
    for (const id of duplicates(ids)) problems.push(`${kind} id ${id} is used more than once`);
  }

  for (const [key, scale] of Object.entries(answerScales)) {
    if (scale.id !== key) problems.push(`answer scale ${key} has the id ${scale.id}`);
    const open = key === 'single' || key === 'multi' || key === 'text' || key === 'residence';
    const codes: ChoiceCode[] = scale.codes;
    if (open && codes.length > 0)
      problems.push(`answer scale ${key} takes its choices from the item and must have no codes`);
    if (
      !open &&
      (codes.length < 2 || !codes.every((c) => typeof c === 'number') || new Set(codes).size !== codes.length)
    ) {
      problems.push(`answer scale ${key} needs at least two distinct numeric codes`);
    }
    if (scale.choiceTextKeys.length !== codes.length) problems.push(`answer scale ${key} needs one text key per code`);
  }

  for (const item of items) {
    const where = `item ${item.id}`;
    const listed = item.answerScale === 'single' || item.answerScale === 'multi' || item.answerScale === 'residence';
    if (listed) {
      const codes = (item.choices ?? []).map((c) => c.code);
      if (codes.length < 2) problems.push(`${where} needs at least two choices`);
      if (new Set(codes).size !== codes.length) problems.push(`${where} has a choice code twice`);
    } else if (item.choices !== undefined) {
      problems.push(`${where} takes its choices from the answer scale ${item.answerScale} and must not list its own`);
    }
    if (item.answerScale !== 'multi' && item.choices?.some((c) => c.exclusive)) {
      problems.push(`${where}: only multiple choice has exclusive choices`);
    }
    if (new Set(item.grades).size !== item.grades.length) problems.push(`${where} lists a grade twice`);
    if (item.grades.includes(7) !== item.grades.includes(9)) {
      problems.push(`${where} must be asked in both grades 7 and 9 or in neither (they share one form)`);
    }
    if (item.scale !== null) {
      const scale = scaleById.get(item.scale);
      if (!scale) problems.push(`${where} belongs to scale ${item.scale}, which is not in the catalogue`);
      else if (!scale.itemIds.includes(item.id)) problems.push(`${where} is not listed in its scale ${item.scale}`);
    }
    if (item.reverse && !scales.some((s) => s.scored && s.id === item.scale)) {
      problems.push(`${where} is reverse-coded but not part of a scored scale`);
    }
    const filter = item.followUpOf;
    if (filter) {
      const f = itemById.get(filter.itemId);
      if (!f || f.id === item.id) {
        problems.push(`${where} follows up ${filter.itemId}, which is not another item of the catalogue`);
      } else {
        const codes = choicesOf(instrument.catalogue, f).map((c) => c.code);
        const unknown = filter.codes.filter((c) => !codes.includes(c));
        if (unknown.length > 0) problems.push(`${where} follows up codes ${show(unknown)} that ${f.id} does not have`);
        if (!item.grades.every((g) => f.grades.includes(g)))
          problems.push(`${where} is asked in a grade where its filter ${f.id} is not`);
        if (f.answerScale === 'text') problems.push(`${where} cannot follow up the free text ${f.id}`);
      }
    }
  }

  for (const scale of scales) {
    const where = `scale ${scale.id}`;
    const n = scale.itemIds.length;
    if (n < 2 || n > 6)
      problems.push(
        `${where} has ${n} item${n === 1 ? '' : 's'} (${scale.itemIds.join(', ') || 'none'}); a scale needs 2 to 6`,
      );
    for (const id of duplicates(scale.itemIds)) problems.push(`${where} lists item ${id} twice`);
    for (const id of scale.itemIds) {
      const item = itemById.get(id);
      if (!item) problems.push(`${where} lists item ${id}, which is not in the catalogue`);
      else if (item.scale !== scale.id)
        problems.push(`${where} lists item ${id}, which belongs to ${item.scale ?? 'no scale'}`);
      else if (scale.scored) {
        const codes = choicesOf(instrument.catalogue, item).map((c) => c.code);
        if (item.answerScale === 'multi' || codes.length < 2 || !codes.every((c) => typeof c === 'number')) {
          problems.push(`${where} is scored, but its item ${id} has no numeric answer scale`);
        }
        if (item.followUpOf) problems.push(`${where} is scored, but its item ${id} is a follow-up`);
      }
    }
    if (scale.scored) {
      for (const g of [4, 7, 9] as Grade[]) {
        const asked = scale.itemIds.filter((id) => itemById.get(id)?.grades.includes(g)).length;
        if (asked === 1) problems.push(`${where} has only one item in grade ${g}; a score needs at least 2`);
      }
    }
  }

  const pageCount = new Map<string, number>();
  for (const page of pages) {
    for (const id of page.itemIds) {
      pageCount.set(id, (pageCount.get(id) ?? 0) + 1);
      const item = itemById.get(id);
      if (!item) problems.push(`page ${page.id} lists item ${id}, which is not in the catalogue`);
      else if (!item.grades.every((g) => page.grades.includes(g)))
        problems.push(`page ${page.id} is not shown in every grade of its item ${id}`);
    }
  }
  for (const item of items) {
    const count = pageCount.get(item.id) ?? 0;
    if (count !== 1) problems.push(`item ${item.id} is on ${count} pages; every item is on exactly one`);
  }

  const codes = instrument.languages.map((l) => l.code);
  for (const code of codes)
    if (!LANGUAGE_CODE.test(code)) problems.push(`language code '${code}' must match ${LANGUAGE_CODE.source}`);
  for (const code of duplicates(codes)) problems.push(`language ${code} is listed twice`);
  const sources = instrument.languages.filter((l) => l.review === 'source');
  if (sources.length !== 1 || sources[0]?.code !== surveySourceLocale) {
    problems.push(
      `exactly one language must be the source, and it must be '${surveySourceLocale}' (its texts are the forms' default)`,
    );
  }

  const { high, medium } = instrument.cutoffs;
  if (!Number.isFinite(high) || !Number.isFinite(medium) || !(medium < high)) {
    problems.push(`cut-offs need medium < high, got medium ${medium} and high ${high}`);
  }

  const wb = instrument.wellbeing.scales;
  if (wb.length !== 5 || new Set(wb).size !== 5)
    problems.push(`the Wellbeing Index needs five different scales, got ${wb.length}`);
  for (const id of wb) {
    const scale = scaleById.get(id);
    if (!scale) problems.push(`Wellbeing Index scale ${id} is not in the catalogue`);
    else if (!scale.scored) problems.push(`Wellbeing Index scale ${id} is not scored`);
  }
  for (const asset of instrument.assets) problems.push(...ruleProblems(instrument, asset.id, asset.rule));
  return problems;
}

export type InstrumentDefinitionResult = { ok: true; instrument: InstrumentVersion } | { ok: false; errors: string[] };

const MAX_SCHEMA_ERRORS = 50;

/**
 * Checks an uploaded instrument version (e.g. a municipality's licensed wording): its shape, then
 * its catalogue, languages, cut-offs and index definitions, then its forms against its catalogue.
 */
export function validateInstrumentDefinition(json: unknown): InstrumentDefinitionResult {
  if (!Value.Check(InstrumentVersionSchema, json)) {
    const errors: string[] = [];
    for (const e of Value.Errors(InstrumentVersionSchema, json)) {
      errors.push(`${e.path || '/'}: ${e.message}`);
      if (errors.length >= MAX_SCHEMA_ERRORS) break;
    }
    return { ok: false, errors };
  }
  const instrument: InstrumentVersion = json;
  const errors = [...definitionProblems(instrument), ...checkSurveyAgainstCatalogue(instrument)];
  return errors.length === 0 ? { ok: true, instrument } : { ok: false, errors };
}
