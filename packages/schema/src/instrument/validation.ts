/**
 * Checks the answers a tablet sends against the catalogue of its instrument version. Compiled once
 * per version into one Map per grade (item id → small checker), so a full response costs a few
 * microseconds. Nothing is required: a missing item is always fine.
 */
import { type InstrumentVersion, TEXT_MAX_LENGTH } from './instrument.ts';
import { choicesOf } from './survey-json.ts';
import type { CatalogueItem, Grade } from './types.ts';

export type AnswerErrorReason =
  | 'unknown_item'
  | 'wrong_type'
  | 'out_of_range'
  | 'not_asked_in_grade'
  | 'filter_not_given'
  | 'too_long'
  | 'duplicate';

export interface AnswerValidationError {
  /** The item; '*' when the answers as a whole are not an object. */
  itemId: string;
  reason: AnswerErrorReason;
}

export type AnswerValidationResult = { ok: true } | { ok: false; errors: AnswerValidationError[] };

export type AnswerValidator = (grade: Grade, answers: unknown) => AnswerValidationResult;

/** The shape of a Sozialraum code (as the database checks it). */
export const SOZIALRAUM_CODE = /^[A-Za-z0-9_.-]{1,40}$/;

type Check = (value: unknown) => AnswerErrorReason | null;

interface CompiledItem {
  check: Check;
  /** For a follow-up: does the filter's answer show this item? */
  shownBy?: { filterId: string; selects: (filterValue: unknown) => boolean };
}

function valueCheck(catalogue: InstrumentVersion['catalogue'], item: CatalogueItem): Check {
  if (item.answerScale === 'text') {
    return (v) => (typeof v !== 'string' ? 'wrong_type' : v.length > TEXT_MAX_LENGTH ? 'too_long' : null);
  }
  const choices = choicesOf(catalogue, item);
  if (item.answerScale === 'residence') {
    // A Sozialraum code (the API checks it against the city's list) or one of the item's choices.
    const own = new Set<unknown>(choices.map((c) => c.code));
    return (v) =>
      typeof v !== 'string' ? 'wrong_type' : own.has(v) || SOZIALRAUM_CODE.test(v) ? null : 'out_of_range';
  }
  const codes = new Set<unknown>(choices.map((c) => c.code));
  const types = new Set<string>(choices.map((c) => typeof c.code));
  if (item.answerScale !== 'multi') {
    return (v) => (!types.has(typeof v) ? 'wrong_type' : codes.has(v) ? null : 'out_of_range');
  }
  const exclusive = new Set<unknown>(choices.filter((c) => c.exclusive).map((c) => c.code));
  return (v) => {
    if (!Array.isArray(v)) return 'wrong_type';
    for (let i = 0; i < v.length; i++) {
      const c: unknown = v[i];
      if (!types.has(typeof c)) return 'wrong_type';
      if (!codes.has(c)) return 'out_of_range';
      for (let j = 0; j < i; j++) if (v[j] === c) return 'duplicate';
    }
    // "none of these" together with another choice is a contradiction SurveyJS would not send.
    if (v.length > 1 && exclusive.size > 0 && v.some((c) => exclusive.has(c))) return 'out_of_range';
    return null;
  };
}

function compile(instrument: Pick<InstrumentVersion, 'catalogue'>, grade: Grade): Map<string, CompiledItem> {
  const { catalogue } = instrument;
  const byId = new Map(catalogue.items.map((i) => [i.id, i]));
  const result = new Map<string, CompiledItem>();
  for (const item of catalogue.items) {
    if (!item.grades.includes(grade)) continue;
    const compiled: CompiledItem = { check: valueCheck(catalogue, item) };
    const filter = item.followUpOf;
    if (filter) {
      const codes = new Set<unknown>(filter.codes);
      const multi = byId.get(filter.itemId)?.answerScale === 'multi';
      compiled.shownBy = {
        filterId: filter.itemId,
        selects: multi ? (fv) => Array.isArray(fv) && fv.some((c) => codes.has(c)) : (fv) => codes.has(fv),
      };
    }
    result.set(item.id, compiled);
  }
  return result;
}

/** A JSON object (not an array, not null); realm-independent. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Object]';
}

/**
 * A validator for one instrument version. Errors are reported per item (one reason each, in the
 * order of the answers); an answer to a follow-up whose filter answer does not show it is
 * 'filter_not_given'.
 */
export function createAnswerValidator(instrument: Pick<InstrumentVersion, 'catalogue'>): AnswerValidator {
  const known = new Set(instrument.catalogue.items.map((i) => i.id));
  const perGrade = new Map<Grade, Map<string, CompiledItem>>(
    ([4, 7, 9] as const).map((g) => [g, compile(instrument, g)]),
  );
  return (grade, answers) => {
    const items = perGrade.get(grade);
    if (!items) throw new RangeError(`unknown grade ${String(grade)}`);
    if (!isPlainObject(answers)) return { ok: false, errors: [{ itemId: '*', reason: 'wrong_type' }] };
    const errors: AnswerValidationError[] = [];
    for (const itemId of Object.keys(answers)) {
      const compiled = items.get(itemId);
      let reason: AnswerErrorReason | null;
      if (!compiled) {
        reason = known.has(itemId) ? 'not_asked_in_grade' : 'unknown_item';
      } else {
        reason = compiled.check(answers[itemId]);
        const shownBy = compiled.shownBy;
        if (reason === null && shownBy) {
          const filterValue = Object.hasOwn(answers, shownBy.filterId) ? answers[shownBy.filterId] : undefined;
          if (!shownBy.selects(filterValue)) reason = 'filter_not_given';
        }
      }
      if (reason !== null) errors.push({ itemId, reason });
    }
    return errors.length > 0 ? { ok: false, errors } : { ok: true };
  };
}
