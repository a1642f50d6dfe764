/**
 * Scoring of one response, exactly as INSTRUMENT.md says. Pure; the cut-offs, the Wellbeing
 * Index scales and the asset rules come from the instrument version, never from code.
 *
 * `answers` are the stored codes (item id → code). Anything that is not a valid code of the item
 * counts as not answered, so scoring never throws on odd data.
 */
import type { AssetRule, Cutoffs, InstrumentVersion, ScaleCategory } from './instrument.ts';
import type { CatalogueItem, ChoiceCode, Grade, ScaleDefinition } from './types.ts';

export type { ScaleCategory } from './instrument.ts';
export type WellbeingCategory = 'thriving' | 'medium' | 'low';
export type AssetsBand = '0-1' | '2-3' | '4+';
export type AnswerMap = Readonly<Record<string, unknown>>;

/** What scoring needs of a version. */
export type ScoringInstrument = Pick<InstrumentVersion, 'catalogue' | 'cutoffs' | 'wellbeing' | 'assets'>;

export interface AssetsIndexResult {
  /** Per asset: present, absent, or null when the answers do not tell. */
  present: Record<string, boolean | null>;
  /** Number of assets present; null unless every asset could be decided (an unknown one could change the band). */
  count: number | null;
  band: AssetsBand | null;
}

export interface ResponseScores {
  /** Every scored scale of the version; score and category null if not scoreable in this grade. */
  scales: Record<string, { score: number | null; category: ScaleCategory | null }>;
  wellbeing: WellbeingCategory | null;
  assets: AssetsIndexResult;
}

interface NumericItem {
  item: CatalogueItem;
  codes: ReadonlySet<number>;
  /** min + max of the codes: reverse coding is `flip - x` (6 - x on 1–5). */
  flip: number;
}

interface Prepared {
  scaleById: Map<string, ScaleDefinition>;
  numeric: Map<string, NumericItem>;
  multiCodes: Map<string, ReadonlySet<ChoiceCode>>;
  /** Per scale and grade: the scale's items asked in that grade. */
  scaleItems: Map<string, NumericItem[]>;
}

const prepared = new WeakMap<object, Prepared>();

function prepare(instrument: ScoringInstrument): Prepared {
  const cached = prepared.get(instrument.catalogue);
  if (cached) return cached;
  const { items, scales, answerScales } = instrument.catalogue;
  const numeric = new Map<string, NumericItem>();
  const multiCodes = new Map<string, ReadonlySet<ChoiceCode>>();
  for (const item of items) {
    const codes: ChoiceCode[] = item.choices ? item.choices.map((c) => c.code) : answerScales[item.answerScale].codes;
    if (item.answerScale === 'multi') {
      multiCodes.set(item.id, new Set(codes));
    } else if (codes.length > 0 && codes.every((c) => typeof c === 'number')) {
      const nums = codes as number[];
      numeric.set(item.id, { item, codes: new Set(nums), flip: Math.min(...nums) + Math.max(...nums) });
    }
  }
  const scaleItems = new Map<string, NumericItem[]>();
  for (const scale of scales) {
    for (const grade of [4, 7, 9] as const) {
      const list = scale.itemIds
        .map((id) => numeric.get(id))
        .filter((n): n is NumericItem => n?.item.grades.includes(grade) === true);
      scaleItems.set(`${scale.id}/${grade}`, list);
    }
  }
  const result: Prepared = { scaleById: new Map(scales.map((s) => [s.id, s])), numeric, multiCodes, scaleItems };
  prepared.set(instrument.catalogue, result);
  return result;
}

function numericAnswer(n: NumericItem | undefined, answers: AnswerMap): number | null {
  if (!n || !Object.hasOwn(answers, n.item.id)) return null;
  const v = answers[n.item.id];
  return typeof v === 'number' && n.codes.has(v) ? v : null;
}

/**
 * Mean of the scale's answered items after reverse coding, if at least two thirds of the items
 * asked in `grade` are answered; otherwise null. Null as well for a scale that is not scored
 * (bullying) or has no item in this grade. Throws for an unknown scale id.
 */
export function scaleScore(
  instrument: ScoringInstrument,
  scaleId: string,
  grade: Grade,
  answers: AnswerMap,
): number | null {
  const p = prepare(instrument);
  const scale = p.scaleById.get(scaleId);
  if (!scale) throw new RangeError(`unknown scale ${scaleId}`);
  if (!scale.scored) return null;
  const asked = p.scaleItems.get(`${scaleId}/${grade}`) ?? [];
  let sum = 0;
  let answered = 0;
  for (const n of asked) {
    const v = numericAnswer(n, answers);
    if (v === null) continue;
    sum += n.item.reverse ? n.flip - v : v;
    answered += 1;
  }
  // answered / asked ≥ 2/3, in integers so that 2 of 3 is not lost to rounding.
  if (asked.length === 0 || answered * 3 < asked.length * 2) return null;
  return sum / answered;
}

/** high: score ≥ cutoffs.high; medium: cutoffs.medium ≤ score < cutoffs.high; low below. */
export function scaleCategory(score: number | null, cutoffs: Cutoffs): ScaleCategory | null {
  if (score === null) return null;
  if (score >= cutoffs.high) return 'high';
  if (score >= cutoffs.medium) return 'medium';
  return 'low';
}

/**
 * Wohlbefindensindex from the categories of its five scales (null = not scored). Missing if fewer
 * than four are scored; otherwise decided on the scored ones: low if any is low, thriving if at
 * least four are high, medium else.
 */
export function wellbeingIndex(categories: readonly (ScaleCategory | null)[]): WellbeingCategory | null {
  if (categories.length !== 5) throw new RangeError(`the Wellbeing Index needs 5 scales, got ${categories.length}`);
  const scored = categories.filter((c) => c !== null);
  if (scored.length < 4) return null;
  if (scored.includes('low')) return 'low';
  return scored.filter((c) => c === 'high').length >= 4 ? 'thriving' : 'medium';
}

export function assetsBand(count: number): AssetsBand {
  if (count <= 1) return '0-1';
  if (count <= 3) return '2-3';
  return '4+';
}

function evaluate(
  rule: AssetRule,
  p: Prepared,
  grade: Grade,
  answers: AnswerMap,
  category: (scaleId: string) => ScaleCategory | null,
): boolean | null {
  switch (rule.kind) {
    case 'scaleCategory': {
      const c = category(rule.scale);
      return c === null ? null : c === rule.category;
    }
    case 'allOf': {
      const results = rule.rules.map((r) => evaluate(r, p, grade, answers, category));
      if (results.includes(false)) return false;
      return results.includes(null) ? null : true;
    }
    case 'itemAtLeast': {
      const n = p.numeric.get(rule.itemId);
      if (!n?.item.grades.includes(grade)) return null;
      const v = numericAnswer(n, answers);
      return v === null ? null : v >= rule.min;
    }
    case 'multiAny': {
      const codes = p.multiCodes.get(rule.itemId);
      if (!codes || !Object.hasOwn(answers, rule.itemId)) return null;
      const v = answers[rule.itemId];
      if (!Array.isArray(v)) return null;
      const valid = v.filter((c: unknown) => codes.has(c as ChoiceCode));
      if (valid.length === 0) return null;
      return valid.some((c) => rule.codes.includes(c as ChoiceCode));
    }
  }
}

/** Scale scores of one response, each computed once. */
function scorerFor(instrument: ScoringInstrument, grade: Grade, answers: AnswerMap) {
  const memo = new Map<string, number | null>();
  const score = (scaleId: string): number | null => {
    let s = memo.get(scaleId);
    if (s === undefined) {
      s = scaleScore(instrument, scaleId, grade, answers);
      memo.set(scaleId, s);
    }
    return s;
  };
  const category = (scaleId: string) => scaleCategory(score(scaleId), instrument.cutoffs);
  return { score, category };
}

function assetsWith(
  instrument: ScoringInstrument,
  grade: Grade,
  answers: AnswerMap,
  category: (scaleId: string) => ScaleCategory | null,
): AssetsIndexResult {
  const p = prepare(instrument);
  const present: Record<string, boolean | null> = {};
  let count: number | null = 0;
  for (const asset of instrument.assets) {
    const value = evaluate(asset.rule, p, grade, answers, category);
    present[asset.id] = value;
    if (value === null) count = null;
    else if (value && count !== null) count += 1;
  }
  return { present, count, band: count === null ? null : assetsBand(count) };
}

/** Ressourcenindex: which assets the child has, how many, and the band of that count. */
export function assetsIndex(instrument: ScoringInstrument, grade: Grade, answers: AnswerMap): AssetsIndexResult {
  return assetsWith(instrument, grade, answers, scorerFor(instrument, grade, answers).category);
}

/** Every score of one response. */
export function scoreResponse(instrument: ScoringInstrument, grade: Grade, answers: AnswerMap): ResponseScores {
  const { score, category } = scorerFor(instrument, grade, answers);
  const scales: ResponseScores['scales'] = {};
  for (const scale of instrument.catalogue.scales) {
    if (scale.scored) scales[scale.id] = { score: score(scale.id), category: category(scale.id) };
  }
  return {
    scales,
    wellbeing: wellbeingIndex(instrument.wellbeing.scales.map(category)),
    assets: assetsWith(instrument, grade, answers, category),
  };
}
