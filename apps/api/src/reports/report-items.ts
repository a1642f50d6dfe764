/**
 * What a release reports for an instrument version, and how one response contributes to it. Pure.
 *
 * Reported "items" (the `item` column of the export):
 * - every catalogue item with fixed answer codes: its answer distribution (days per week also a
 *   mean of the top-coded number);
 * - every choice of a multiple-choice item as `item.choice` (ticked or not, among children who
 *   answered the item);
 * - every scored scale as `scale.<id>`: the share low / medium / high and the mean score;
 * - `index.wellbeing` (low / medium / thriving), `index.assets` (0–1 / 2–3 / 4+ and the mean
 *   count) and every asset as `asset.<id>` (absent / present).
 * Free text is never reported (DISCLOSURE.md rule 10).
 */
import {
  type AssetRule,
  type CatalogueItem,
  type ChoiceCode,
  choicesOf,
  type Grade,
  type InstrumentVersion,
  type LocalizedText,
  scoreResponse,
} from '@uwe/schema';

export type ReportItemKind = 'item' | 'choice' | 'scale' | 'index' | 'asset';

export interface ReportCategory {
  code: string;
  label: string;
}

export interface ReportItem {
  id: string;
  kind: ReportItemKind;
  /** Stricter thresholds (sensitive items, scales with a sensitive item, follow-ups of sensitive filters). */
  sensitive: boolean;
  /** German label (the item's question, the scale's or index's name). */
  label: string;
  dimension: string;
  /** Scale id (items of a scale, and scales themselves). */
  scaleId: string | null;
  /** Answer codes in scale order. */
  categories: readonly string[];
  categoryLabels: readonly ReportCategory[];
  /** Grades in which it is asked; groups of other grades are structurally empty, not secret. */
  grades: readonly Grade[];
  /** Rule 7: shown only after a filter answer. */
  followUpOf: { itemId: string; codes: readonly ChoiceCode[] } | null;
  /** Breakdowns it is reported by (the gender item is not broken down by gender). */
  breakdowns: readonly ('none' | 'grade' | 'gender')[];
  /** Range of the value behind a published mean; null: no mean. */
  mean: { min: number; max: number } | null;
}

/** German names of the scales and indices; an uploaded version with other scale ids falls back to the id. */
const SCALE_LABELS: Record<string, string> = {
  optimism: 'Optimismus',
  happiness: 'Glück und Lebenszufriedenheit',
  self_esteem: 'Selbstwertgefühl',
  absence_of_sadness: 'Keine Traurigkeit',
  absence_of_worries: 'Keine Sorgen',
  empathy: 'Empathie',
  prosocial: 'Prosoziales Verhalten',
  self_regulation: 'Selbstregulation',
  adults_school: 'Erwachsene in der Schule',
  adults_home: 'Erwachsene zu Hause',
  adults_neighbourhood: 'Erwachsene im Wohnumfeld',
  peer_belonging: 'Zugehörigkeit zu Gleichaltrigen',
  close_friends: 'Enge Freundschaften',
  academic_self_concept: 'Schulisches Selbstbild',
  school_climate: 'Schulklima',
  school_belonging: 'Zugehörigkeit zur Schule',
  general_health: 'Allgemeine Gesundheit',
  body_image: 'Körperbild',
  sleep: 'Schlaf',
  life_satisfaction_domains: 'Zufriedenheit mit Lebensbereichen',
  material_wealth: 'Materielle Lage',
  safety: 'Sicherheitsgefühl',
  nutrition_sleep: 'Ernährung und Schlaf',
  organised_activities: 'Organisierte Freizeitaktivitäten',
};

export const WELLBEING_ID = 'index.wellbeing';
export const ASSETS_ID = 'index.assets';

const SCALE_CATEGORIES: ReportCategory[] = [
  { code: 'low', label: 'niedrig' },
  { code: 'medium', label: 'mittel' },
  { code: 'high', label: 'hoch' },
];
const WELLBEING_CATEGORIES: ReportCategory[] = [
  { code: 'low', label: 'niedriges Wohlbefinden' },
  { code: 'medium', label: 'mittleres Wohlbefinden' },
  { code: 'thriving', label: 'aufblühend' },
];
/** The bands of INSTRUMENT.md; '4+' is written as a range because '+' joins merged categories. */
const ASSETS_CATEGORIES: ReportCategory[] = [
  { code: '0-1', label: '0–1 Ressourcen' },
  { code: '2-3', label: '2–3 Ressourcen' },
  { code: '4-7', label: '4 und mehr Ressourcen' },
];
const ASSETS_BAND_INDEX: Record<string, number> = { '0-1': 0, '2-3': 1, '4+': 2 };
const PRESENT_CATEGORIES: ReportCategory[] = [
  { code: '0', label: 'nein' },
  { code: '1', label: 'ja' },
];

export function scaleLabel(id: string): string {
  return SCALE_LABELS[id] ?? id;
}

/** German source texts of the version's questions and choices, read from its survey forms. */
function sourceTexts(instrument: InstrumentVersion) {
  const titles = new Map<string, string>();
  const choices = new Map<string, Map<string, string>>();
  const text = (t: LocalizedText | undefined) => t?.default ?? '';
  for (const form of Object.values(instrument.forms)) {
    for (const page of form.pages) {
      for (const q of page.elements) {
        if (!titles.has(q.name)) titles.set(q.name, text(q.title));
        const m = choices.get(q.name) ?? new Map<string, string>();
        for (const c of q.choices ?? []) m.set(String(c.value), text(c.text));
        choices.set(q.name, m);
      }
    }
  }
  return { titles, choices };
}

const ALL_BREAKDOWNS = ['none', 'grade', 'gender'] as const;

function allGrades(instrument: InstrumentVersion): Grade[] {
  const grades = new Set<Grade>();
  for (const item of instrument.catalogue.items) for (const g of item.grades) grades.add(g);
  return [...grades].sort();
}

/** Every reported item of a version, in catalogue order: indices first, then scales, then items. */
export function reportItems(instrument: InstrumentVersion): ReportItem[] {
  const { catalogue } = instrument;
  const { titles, choices } = sourceTexts(instrument);
  const itemById = new Map(catalogue.items.map((i) => [i.id, i]));
  const sensitiveScale = new Set(
    catalogue.scales.filter((s) => s.itemIds.some((id) => itemById.get(id)?.sensitive)).map((s) => s.id),
  );
  const grades = allGrades(instrument);
  const out: ReportItem[] = [];

  out.push({
    id: WELLBEING_ID,
    kind: 'index',
    label: 'Wohlbefindensindex',
    dimension: 'index',
    scaleId: null,
    sensitive: instrument.wellbeing.scales.some((s) => sensitiveScale.has(s)),
    categories: WELLBEING_CATEGORIES.map((c) => c.code),
    categoryLabels: WELLBEING_CATEGORIES,
    grades,
    followUpOf: null,
    breakdowns: ALL_BREAKDOWNS,
    mean: null,
  });
  out.push({
    id: ASSETS_ID,
    kind: 'index',
    label: 'Ressourcenindex',
    dimension: 'index',
    scaleId: null,
    // The home asset makes the index as sensitive as the home scale.
    sensitive: instrument.assets.some((a) => ruleScales(a.rule).some((s) => sensitiveScale.has(s))),
    categories: ASSETS_CATEGORIES.map((c) => c.code),
    categoryLabels: ASSETS_CATEGORIES,
    grades,
    followUpOf: null,
    breakdowns: ALL_BREAKDOWNS,
    mean: { min: 0, max: instrument.assets.length },
  });
  for (const asset of instrument.assets) {
    out.push({
      id: `asset.${asset.id}`,
      kind: 'asset',
      label: scaleLabel(asset.id),
      dimension: 'index',
      scaleId: null,
      sensitive: ruleScales(asset.rule).some((s) => sensitiveScale.has(s)),
      categories: PRESENT_CATEGORIES.map((c) => c.code),
      categoryLabels: PRESENT_CATEGORIES,
      grades,
      followUpOf: null,
      breakdowns: ALL_BREAKDOWNS,
      mean: null,
    });
  }
  for (const scale of catalogue.scales) {
    if (!scale.scored) continue;
    const scaleGrades = new Set<Grade>();
    for (const id of scale.itemIds) for (const g of itemById.get(id)?.grades ?? []) scaleGrades.add(g);
    out.push({
      id: `scale.${scale.id}`,
      kind: 'scale',
      label: scaleLabel(scale.id),
      dimension: scale.dimension,
      scaleId: scale.id,
      sensitive: sensitiveScale.has(scale.id),
      categories: SCALE_CATEGORIES.map((c) => c.code),
      categoryLabels: SCALE_CATEGORIES,
      grades: [...scaleGrades].sort(),
      followUpOf: null,
      breakdowns: ALL_BREAKDOWNS,
      mean: { min: 1, max: 5 },
    });
  }
  for (const item of catalogue.items) {
    if (item.answerScale === 'text') continue; // rule 10
    // Where a child lives is a geography (tables by residence), never a distribution of a school:
    // that would be a school × residence cross table (rule 1).
    if (item.answerScale === 'residence') continue;
    const label = titles.get(item.id) ?? item.id;
    const choiceText = choices.get(item.id) ?? new Map<string, string>();
    const filter = item.followUpOf ? itemById.get(item.followUpOf.itemId) : undefined;
    // Rule 7: a follow-up inherits its filter's protection.
    const sensitive = item.sensitive || filter?.sensitive === true;
    const base = {
      dimension: item.dimension,
      scaleId: item.scale,
      sensitive,
      grades: item.grades,
      followUpOf: item.followUpOf,
      breakdowns: item.id === 'gender' ? (['none', 'grade'] as const) : ALL_BREAKDOWNS,
    };
    const codes = choicesOf(catalogue, item).map((c) => c.code);
    if (item.answerScale === 'multi') {
      for (const code of codes) {
        out.push({
          ...base,
          id: `${item.id}.${code}`,
          kind: 'choice',
          label: `${label}: ${choiceText.get(String(code)) ?? code}`,
          categories: PRESENT_CATEGORIES.map((c) => c.code),
          categoryLabels: [
            { code: '0', label: 'nicht genannt' },
            { code: '1', label: 'genannt' },
          ],
          mean: null,
        });
      }
      continue;
    }
    out.push({
      ...base,
      id: item.id,
      kind: 'item',
      label,
      categories: codes.map(String),
      categoryLabels: codes.map((c) => ({ code: String(c), label: choiceText.get(String(c)) ?? String(c) })),
      // Open numbers get a mean of the top-coded value (rule 4).
      mean: item.answerScale === 'days0to7' ? { min: 0, max: item.topCode ?? 7 } : null,
    });
  }
  return out;
}

/** Scales an asset rule looks at. */
function ruleScales(rule: AssetRule): string[] {
  if (rule.kind === 'scaleCategory') return [rule.scale];
  if (rule.kind === 'allOf') return rule.rules.flatMap(ruleScales);
  return [];
}

/** One response's contribution: per reported item, the category index and the value for means. */
export interface Contribution {
  item: number;
  category: number;
  value?: number;
}

/** Gender groups of the gender breakdown: girls, boys, and the remainder "divers / keine Angabe". */
export const GENDER_GROUPS = ['f', 'm', 'other'] as const;
export type GenderGroup = (typeof GENDER_GROUPS)[number];

export function genderGroup(answers: Readonly<Record<string, unknown>>): GenderGroup {
  const g = answers.gender;
  return g === 'f' || g === 'm' ? g : 'other';
}

/** One response measured for every reported item: a category index (-1: not answered) and a value for means. */
export interface Measured {
  categories: Int16Array;
  values: Float64Array;
}

/**
 * A function that measures one response for `items` (the result of `reportItems` of the same
 * version). Answers that are not valid codes count as not answered. The result is one pair of
 * buffers, overwritten by the next call: a release build measures 100,000 responses for several
 * hundred items, and a tuple per item and response was most of its garbage.
 */
export function createMeasurer(instrument: InstrumentVersion, items: readonly ReportItem[]) {
  const catalogueItems = new Map<string, CatalogueItem>(instrument.catalogue.items.map((i) => [i.id, i]));
  type Scores = ReturnType<typeof scoreResponse>;
  const out: Measured = { categories: new Int16Array(items.length), values: new Float64Array(items.length) };
  const { categories, values } = out;
  /** Writes item `i`'s category (and value, else NaN) into `out`. */
  type Step = (i: number, grade: Grade, answers: Readonly<Record<string, unknown>>, scores: Scores) => void;
  const steps: Step[] = items.map((r): Step => {
    if (r.id === WELLBEING_ID) {
      return (i, _g, _a, s) => {
        categories[i] = s.wellbeing ? r.categories.indexOf(s.wellbeing) : -1;
      };
    }
    if (r.id === ASSETS_ID) {
      return (i, _g, _a, s) => {
        if (s.assets.band === null) categories[i] = -1;
        else {
          categories[i] = ASSETS_BAND_INDEX[s.assets.band]!;
          values[i] = s.assets.count ?? Number.NaN;
        }
      };
    }
    if (r.kind === 'asset') {
      const id = r.id.slice('asset.'.length);
      return (i, _g, _a, s) => {
        const p = s.assets.present[id];
        categories[i] = p === true ? 1 : p === false ? 0 : -1;
      };
    }
    if (r.kind === 'scale') {
      const id = r.scaleId!;
      return (i, _g, _a, s) => {
        const sc = s.scales[id];
        if (!sc || sc.score === null || sc.category === null) categories[i] = -1;
        else {
          categories[i] = r.categories.indexOf(sc.category);
          values[i] = sc.score;
        }
      };
    }
    const grades = new Set<number>(r.grades);
    if (r.kind === 'choice') {
      const dot = r.id.indexOf('.');
      const itemId = r.id.slice(0, dot);
      const code = r.id.slice(dot + 1);
      return (i, g, a) => {
        const v = a[itemId];
        categories[i] =
          !grades.has(g) || !Array.isArray(v) || v.length === 0 ? -1 : v.some((x) => String(x) === code) ? 1 : 0;
      };
    }
    const index = new Map(r.categories.map((c, i) => [c, i]));
    const top = r.mean?.max;
    const item = catalogueItems.get(r.id);
    const numeric = item?.answerScale === 'days0to7';
    return (i, g, a) => {
      const v = a[r.id];
      const c =
        !grades.has(g) || v === undefined || v === null || typeof v === 'object' ? undefined : index.get(String(v));
      if (c === undefined) {
        categories[i] = -1;
        return;
      }
      categories[i] = c;
      // Rule 4: open numbers are top-coded before they are averaged.
      if (numeric && top !== undefined) values[i] = Math.min(Number(v), top);
    };
  });
  return (grade: Grade, answers: Readonly<Record<string, unknown>>): Measured => {
    const scores = scoreResponse(instrument, grade, answers);
    values.fill(Number.NaN);
    for (let i = 0; i < steps.length; i++) steps[i]!(i, grade, answers, scores);
    return out;
  };
}
