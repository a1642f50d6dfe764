/** Types of the item catalogue shared by every instrument version. */

/** Answer scales. For 'single' and 'multi' the choices belong to the item, not to the scale. */
/**
 * 'residence' is where the child lives: a Sozialraum code of the city (the tablet maps a street to it,
 * the street itself never leaves the tablet), or one of the item's own choices ("weiss_nicht", …).
 */
export type AnswerScaleId =
  | 'agree5'
  | 'freq5'
  | 'bully5'
  | 'days0to7'
  | 'yesno'
  | 'multi'
  | 'single'
  | 'text'
  | 'residence';

export interface AnswerScale {
  id: AnswerScaleId;
  /** Stored codes in display order; empty for 'single', 'multi' (item-specific) and 'text'. */
  codes: number[] | string[];
  /** One text key per code, same order as `codes`. */
  choiceTextKeys: string[];
}

export type Dimension =
  | 'social_emotional'
  | 'connectedness'
  | 'school'
  | 'physical_health'
  | 'after_school'
  | 'uwe_additions'
  | 'free_text'
  | 'background';

export type Grade = 4 | 7 | 9;

export type ChoiceCode = string | number;

export interface Choice {
  code: ChoiceCode;
  textKey: string;
  /** Multiple choice only: this answer excludes every other one (e.g. "Nichts davon"). */
  exclusive?: boolean;
}

export interface FollowUpFilter {
  /** The filter item. */
  itemId: string;
  /** The item is shown only if the filter's answer is (single) or contains (multi) one of these codes. */
  codes: ChoiceCode[];
}

export interface CatalogueItem {
  id: string;
  dimension: Dimension;
  /** Scale id (e.g. 'optimism'); null for single indicators that belong to no scale. */
  scale: string | null;
  answerScale: AnswerScaleId;
  /** Item-specific choices for 'single' and 'multi'; omitted otherwise (taken from the answer scale). */
  choices?: Choice[];
  /**
   * True if the wording points the other way from the scale's name, so the code is reversed
   * (6 - code on a 1–5 scale) before scoring. Only set on items of a scored scale.
   */
  reverse: boolean;
  /** Stricter disclosure thresholds in reports (sadness, worries, bullying, home, body image …). */
  sensitive: boolean;
  /** Shown only after a filter answer; inherits the filter's protection. */
  followUpOf: FollowUpFilter | null;
  grades: Grade[];
  textKey: string;
  /** Highest allowed value of an open number (e.g. 7 for days per week). */
  topCode?: number;
}

export interface ScaleDefinition {
  id: string;
  dimension: Dimension;
  itemIds: string[];
  /**
   * False for a group of single indicators reported item by item (bullying), which gets no
   * scale score or category.
   */
  scored: boolean;
}

export interface PageDefinition {
  id: string;
  titleKey: string;
  descriptionKey?: string;
  itemIds: string[];
  /** Grades that see the page at all; the builder also filters its items by grade. */
  grades: Grade[];
}
