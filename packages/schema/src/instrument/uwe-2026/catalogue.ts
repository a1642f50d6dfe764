/**
 * Item catalogue of the instrument version "uwe-2026": the project's own wording (texts/de.ts),
 * structured like MDI/UWE. Codes are what gets stored; texts never are.
 */
import type {
  AnswerScale,
  AnswerScaleId,
  CatalogueItem,
  Choice,
  ChoiceCode,
  Dimension,
  FollowUpFilter,
  Grade,
  PageDefinition,
  ScaleDefinition,
} from '../types.ts';

const ALL: Grade[] = [4, 7, 9];
const SEC: Grade[] = [7, 9];

function scaleOf(id: AnswerScaleId, codes: number[]): AnswerScale {
  return { id, codes, choiceTextKeys: codes.map((c) => `choice.${id}.${c}`) };
}

export const answerScales: Record<AnswerScaleId, AnswerScale> = {
  agree5: scaleOf('agree5', [1, 2, 3, 4, 5]),
  freq5: scaleOf('freq5', [1, 2, 3, 4, 5]),
  bully5: scaleOf('bully5', [1, 2, 3, 4, 5]),
  days0to7: scaleOf('days0to7', [0, 1, 2, 3, 4, 5, 6, 7]),
  yesno: scaleOf('yesno', [1, 0]),
  multi: { id: 'multi', codes: [], choiceTextKeys: [] },
  single: { id: 'single', codes: [], choiceTextKeys: [] },
  text: { id: 'text', codes: [], choiceTextKeys: [] },
  residence: { id: 'residence', codes: [], choiceTextKeys: [] },
};

interface ItemOptions {
  reverse?: boolean;
  sensitive?: boolean;
  followUpOf?: FollowUpFilter;
  choices?: ChoiceCode[];
  /** Multiple-choice codes that exclude every other answer ("none of these"). */
  exclusiveChoices?: ChoiceCode[];
  topCode?: number;
}

function item(
  id: string,
  dimension: Dimension,
  scale: string | null,
  answerScale: AnswerScaleId,
  grades: Grade[],
  options: ItemOptions = {},
): CatalogueItem {
  const result: CatalogueItem = {
    id,
    dimension,
    scale,
    answerScale,
    reverse: options.reverse ?? false,
    sensitive: options.sensitive ?? false,
    followUpOf: options.followUpOf ?? null,
    grades,
    textKey: `item.${id}`,
  };
  if (options.choices) {
    const exclusive = options.exclusiveChoices ?? [];
    result.choices = options.choices.map((code): Choice => {
      const choice: Choice = { code, textKey: `choice.${id}.${code}` };
      if (exclusive.includes(code)) choice.exclusive = true;
      return choice;
    });
  }
  if (options.topCode !== undefined) result.topCode = options.topCode;
  return result;
}

/** An item of a scored 1–5 scale; `grades` first because that is what varies most. */
function scaled(
  id: string,
  dimension: Dimension,
  scale: string,
  answerScale: 'agree5' | 'freq5',
  grades: Grade[],
  options: Pick<ItemOptions, 'reverse' | 'sensitive'> = {},
): CatalogueItem {
  return item(id, dimension, scale, answerScale, grades, options);
}

const SE: Dimension = 'social_emotional';
const CO: Dimension = 'connectedness';
const SC: Dimension = 'school';
const PH: Dimension = 'physical_health';
const AS: Dimension = 'after_school';
const UW: Dimension = 'uwe_additions';

const ACTIVITY_CODES = ['sport', 'music_arts', 'clubs_youth_groups', 'lessons_education'];

export const items: CatalogueItem[] = [
  // 1. Social and emotional development
  scaled('opt_1', SE, 'optimism', 'agree5', ALL),
  scaled('opt_2', SE, 'optimism', 'agree5', ALL),
  scaled('opt_3', SE, 'optimism', 'agree5', ALL),
  scaled('opt_4', SE, 'optimism', 'agree5', SEC),
  scaled('opt_5', SE, 'optimism', 'agree5', SEC),

  scaled('hap_1', SE, 'happiness', 'agree5', ALL),
  scaled('hap_2', SE, 'happiness', 'agree5', ALL),
  scaled('hap_3', SE, 'happiness', 'agree5', ALL),
  scaled('hap_4', SE, 'happiness', 'agree5', SEC),
  scaled('hap_5', SE, 'happiness', 'agree5', SEC),

  scaled('se_1', SE, 'self_esteem', 'agree5', ALL),
  scaled('se_2', SE, 'self_esteem', 'agree5', ALL),
  scaled('se_3', SE, 'self_esteem', 'agree5', ALL),
  scaled('se_4', SE, 'self_esteem', 'agree5', SEC),
  scaled('se_5', SE, 'self_esteem', 'agree5', SEC, { reverse: true }),

  // Asked as how often the child feels sad; the scale counts the absence of sadness.
  scaled('sad_1', SE, 'absence_of_sadness', 'freq5', ALL, { reverse: true, sensitive: true }),
  scaled('sad_2', SE, 'absence_of_sadness', 'freq5', ALL, { reverse: true, sensitive: true }),
  scaled('sad_3', SE, 'absence_of_sadness', 'freq5', ALL, { reverse: true, sensitive: true }),
  scaled('sad_4', SE, 'absence_of_sadness', 'freq5', SEC, { reverse: true, sensitive: true }),
  scaled('sad_5', SE, 'absence_of_sadness', 'freq5', SEC, { reverse: true, sensitive: true }),

  scaled('wor_1', SE, 'absence_of_worries', 'freq5', ALL, { reverse: true, sensitive: true }),
  scaled('wor_2', SE, 'absence_of_worries', 'freq5', ALL, { reverse: true, sensitive: true }),
  scaled('wor_3', SE, 'absence_of_worries', 'freq5', SEC, { reverse: true, sensitive: true }),
  scaled('wor_4', SE, 'absence_of_worries', 'freq5', SEC, { reverse: true, sensitive: true }),

  scaled('emp_1', SE, 'empathy', 'agree5', ALL),
  scaled('emp_2', SE, 'empathy', 'agree5', ALL),
  scaled('emp_3', SE, 'empathy', 'agree5', SEC),
  scaled('emp_4', SE, 'empathy', 'agree5', SEC),

  scaled('pro_1', SE, 'prosocial', 'agree5', ALL),
  scaled('pro_2', SE, 'prosocial', 'agree5', ALL),
  scaled('pro_3', SE, 'prosocial', 'agree5', SEC),
  scaled('pro_4', SE, 'prosocial', 'agree5', SEC),

  scaled('reg_1', SE, 'self_regulation', 'agree5', ALL),
  scaled('reg_2', SE, 'self_regulation', 'agree5', ALL),
  scaled('reg_3', SE, 'self_regulation', 'agree5', SEC),
  scaled('reg_4', SE, 'self_regulation', 'agree5', SEC),
  scaled('reg_5', SE, 'self_regulation', 'agree5', SEC),

  // 2. Connectedness
  scaled('ads_1', CO, 'adults_school', 'agree5', ALL),
  scaled('ads_2', CO, 'adults_school', 'agree5', ALL),
  scaled('ads_3', CO, 'adults_school', 'agree5', SEC),
  scaled('ads_4', CO, 'adults_school', 'agree5', SEC),

  scaled('adh_1', CO, 'adults_home', 'agree5', ALL, { sensitive: true }),
  scaled('adh_2', CO, 'adults_home', 'agree5', ALL, { sensitive: true }),
  scaled('adh_3', CO, 'adults_home', 'agree5', SEC, { sensitive: true }),
  scaled('adh_4', CO, 'adults_home', 'agree5', SEC, { sensitive: true }),

  scaled('adn_1', CO, 'adults_neighbourhood', 'agree5', ALL),
  scaled('adn_2', CO, 'adults_neighbourhood', 'agree5', ALL),
  scaled('adn_3', CO, 'adults_neighbourhood', 'agree5', SEC),
  scaled('adn_4', CO, 'adults_neighbourhood', 'agree5', SEC),

  scaled('peer_1', CO, 'peer_belonging', 'agree5', ALL),
  scaled('peer_2', CO, 'peer_belonging', 'agree5', ALL),
  scaled('peer_3', CO, 'peer_belonging', 'agree5', SEC),
  scaled('peer_4', CO, 'peer_belonging', 'agree5', SEC),

  scaled('fr_1', CO, 'close_friends', 'agree5', ALL),
  scaled('fr_2', CO, 'close_friends', 'agree5', ALL),
  scaled('fr_3', CO, 'close_friends', 'agree5', SEC),
  scaled('fr_4', CO, 'close_friends', 'agree5', SEC),

  item('trusted_adult', CO, null, 'yesno', ALL),

  // 3. School experiences
  scaled('acs_1', SC, 'academic_self_concept', 'agree5', ALL),
  scaled('acs_2', SC, 'academic_self_concept', 'agree5', ALL),
  scaled('acs_3', SC, 'academic_self_concept', 'agree5', SEC),
  scaled('acs_4', SC, 'academic_self_concept', 'agree5', SEC),
  scaled('acs_5', SC, 'academic_self_concept', 'agree5', SEC),

  scaled('scl_1', SC, 'school_climate', 'agree5', ALL),
  scaled('scl_2', SC, 'school_climate', 'agree5', ALL),
  scaled('scl_3', SC, 'school_climate', 'agree5', SEC),
  scaled('scl_4', SC, 'school_climate', 'agree5', SEC),
  scaled('scl_5', SC, 'school_climate', 'agree5', SEC),

  scaled('sbe_1', SC, 'school_belonging', 'agree5', ALL),
  scaled('sbe_2', SC, 'school_belonging', 'agree5', ALL),
  scaled('sbe_3', SC, 'school_belonging', 'agree5', SEC),
  scaled('sbe_4', SC, 'school_belonging', 'agree5', SEC),

  // Each form of bullying is reported on its own (scale 'bullying' is not scored as a mean).
  item('bully_physical', SC, 'bullying', 'bully5', ALL, { sensitive: true }),
  item('bully_verbal', SC, 'bullying', 'bully5', ALL, { sensitive: true }),
  item('bully_social', SC, 'bullying', 'bully5', ALL, { sensitive: true }),
  item('bully_online', SC, 'bullying', 'bully5', ALL, { sensitive: true }),

  // 4. Physical health and wellbeing
  scaled('hea_1', PH, 'general_health', 'agree5', ALL),
  scaled('hea_2', PH, 'general_health', 'agree5', ALL),
  scaled('hea_3', PH, 'general_health', 'agree5', ALL),
  scaled('hea_4', PH, 'general_health', 'agree5', SEC),
  scaled('hea_5', PH, 'general_health', 'agree5', SEC),

  item('breakfast', PH, null, 'days0to7', ALL, { topCode: 7 }),
  item('meals_adult', PH, null, 'days0to7', ALL, { sensitive: true, topCode: 7 }),
  item('active_days', PH, null, 'days0to7', ALL, { topCode: 7 }),

  scaled('sleep_1', PH, 'sleep', 'freq5', ALL),
  scaled('sleep_2', PH, 'sleep', 'freq5', ALL, { reverse: true }),
  scaled('sleep_3', PH, 'sleep', 'freq5', SEC),
  scaled('sleep_4', PH, 'sleep', 'freq5', SEC, { reverse: true }),
  scaled('sleep_5', PH, 'sleep', 'freq5', SEC, { reverse: true }),

  scaled('body_1', PH, 'body_image', 'agree5', ALL, { sensitive: true }),
  scaled('body_2', PH, 'body_image', 'agree5', ALL, { sensitive: true }),
  scaled('body_3', PH, 'body_image', 'agree5', SEC, { sensitive: true, reverse: true }),
  scaled('body_4', PH, 'body_image', 'agree5', SEC, { sensitive: true }),

  // 5. Use of time after school
  // "Nichts davon" together with an activity would be a contradiction (and would open the follow-up).
  item('activities', AS, null, 'multi', ALL, { choices: [...ACTIVITY_CODES, 'none'], exclusiveChoices: ['none'] }),
  item('activity_days', AS, null, 'days0to7', ALL, {
    topCode: 7,
    followUpOf: { itemId: 'activities', codes: ACTIVITY_CODES },
  }),
  item('time_where', AS, null, 'multi', ALL, {
    choices: ['home', 'friends_home', 'outdoors', 'youth_centre', 'after_school_care', 'other'],
  }),
  item('time_with_whom', AS, null, 'multi', ALL, {
    choices: ['alone', 'parents', 'siblings', 'relatives', 'friends', 'other_adults'],
  }),
  // Ordinal hour bands: 0 = none … 5 = more than four hours.
  item('screen_time', AS, null, 'single', ALL, { choices: [0, 1, 2, 3, 4, 5] }),
  item('screen_time_weekend', AS, null, 'single', SEC, { choices: [0, 1, 2, 3, 4, 5] }),
  item('wish_activity', AS, null, 'yesno', ALL),
  item('wish_activity_type', AS, null, 'multi', ALL, {
    choices: [...ACTIVITY_CODES, 'other'],
    followUpOf: { itemId: 'wish_activity', codes: [1] },
  }),
  item('barriers', AS, null, 'multi', ALL, {
    choices: ['costs', 'transport', 'no_offer_nearby', 'no_time', 'parents_do_not_allow', 'other'],
    followUpOf: { itemId: 'wish_activity', codes: [1] },
  }),

  // 6. German additions in UWE
  scaled('lsd_life', UW, 'life_satisfaction_domains', 'agree5', ALL),
  scaled('lsd_family', UW, 'life_satisfaction_domains', 'agree5', ALL, { sensitive: true }),
  scaled('lsd_friends', UW, 'life_satisfaction_domains', 'agree5', ALL),
  scaled('lsd_appearance', UW, 'life_satisfaction_domains', 'agree5', SEC, { sensitive: true }),
  scaled('lsd_school', UW, 'life_satisfaction_domains', 'agree5', ALL),
  scaled('lsd_schoolwork', UW, 'life_satisfaction_domains', 'agree5', SEC),

  // About the family's money, so treated like home.
  scaled('mw_1', UW, 'material_wealth', 'agree5', ALL, { sensitive: true }),
  scaled('mw_2', UW, 'material_wealth', 'agree5', ALL, { sensitive: true }),
  scaled('mw_3', UW, 'material_wealth', 'agree5', SEC, { sensitive: true }),
  scaled('mw_4', UW, 'material_wealth', 'agree5', SEC, { sensitive: true, reverse: true }),

  scaled('safe_school', UW, 'safety', 'agree5', ALL, { sensitive: true }),
  scaled('safe_way', UW, 'safety', 'agree5', ALL, { sensitive: true }),
  scaled('safe_neighbourhood', UW, 'safety', 'agree5', ALL, { sensitive: true }),
  scaled('safe_dark', UW, 'safety', 'agree5', SEC, { sensitive: true }),
  scaled('safe_transport', UW, 'safety', 'agree5', SEC, { sensitive: true }),

  item('press_school', UW, null, 'freq5', ALL, { sensitive: true }),
  item('press_grades_home', UW, null, 'freq5', SEC, { sensitive: true }),
  item('press_appearance', UW, null, 'freq5', SEC, { sensitive: true }),
  item('disc_experienced', UW, null, 'yesno', ALL, { sensitive: true }),
  item('disc_reason', UW, null, 'multi', SEC, {
    sensitive: true,
    choices: ['origin', 'language', 'religion', 'appearance', 'gender', 'disability', 'money', 'other'],
    followUpOf: { itemId: 'disc_experienced', codes: [1] },
  }),
  item('disc_where', UW, null, 'multi', SEC, {
    sensitive: true,
    choices: ['school', 'way_to_school', 'neighbourhood', 'online', 'other'],
    followUpOf: { itemId: 'disc_experienced', codes: [1] },
  }),

  item('fut_degree', UW, null, 'single', SEC, { choices: ['esa', 'msa', 'abitur', 'undecided'] }),
  item('fut_after', UW, null, 'single', SEC, {
    choices: ['training', 'study', 'work', 'other', 'undecided'],
  }),
  item('fut_know', UW, null, 'agree5', SEC),
  item('fut_reach', UW, null, 'agree5', SEC),

  item('learn_help', UW, null, 'agree5', ALL, { sensitive: true }),
  item('learn_interest', UW, null, 'agree5', ALL, { sensitive: true }),
  item('learn_place', UW, null, 'agree5', SEC, { sensitive: true }),
  item('learn_trust', UW, null, 'agree5', SEC, { sensitive: true }),

  // 8. Background, minimal (grade comes from the session)
  item('gender', 'background', null, 'single', ALL, { choices: ['f', 'm', 'd', 'x'] }),
  item('home_language', 'background', null, 'single', ALL, { choices: ['de', 'de_other', 'other'] }),

  // 7. Free text: never shown in reports
  item('free_text', 'free_text', null, 'text', ALL),
];

const scaleMeta: { id: string; dimension: Dimension; scored: boolean }[] = [
  { id: 'optimism', dimension: SE, scored: true },
  { id: 'happiness', dimension: SE, scored: true },
  { id: 'self_esteem', dimension: SE, scored: true },
  { id: 'absence_of_sadness', dimension: SE, scored: true },
  { id: 'absence_of_worries', dimension: SE, scored: true },
  { id: 'empathy', dimension: SE, scored: true },
  { id: 'prosocial', dimension: SE, scored: true },
  { id: 'self_regulation', dimension: SE, scored: true },
  { id: 'adults_school', dimension: CO, scored: true },
  { id: 'adults_home', dimension: CO, scored: true },
  { id: 'adults_neighbourhood', dimension: CO, scored: true },
  { id: 'peer_belonging', dimension: CO, scored: true },
  { id: 'close_friends', dimension: CO, scored: true },
  { id: 'academic_self_concept', dimension: SC, scored: true },
  { id: 'school_climate', dimension: SC, scored: true },
  { id: 'school_belonging', dimension: SC, scored: true },
  { id: 'bullying', dimension: SC, scored: false },
  { id: 'general_health', dimension: PH, scored: true },
  { id: 'body_image', dimension: PH, scored: true },
  { id: 'sleep', dimension: PH, scored: true },
  { id: 'life_satisfaction_domains', dimension: UW, scored: true },
  { id: 'material_wealth', dimension: UW, scored: true },
  { id: 'safety', dimension: UW, scored: true },
];

export const scales: ScaleDefinition[] = scaleMeta.map((s) => ({
  ...s,
  itemIds: items.filter((i) => i.scale === s.id).map((i) => i.id),
}));

function page(id: string, grades: Grade[], itemIds: string[], withDescription = false): PageDefinition {
  const result: PageDefinition = { id, titleKey: `page.${id}.title`, itemIds, grades };
  if (withDescription) result.descriptionKey = `page.${id}.description`;
  return result;
}

const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}_${i + 1}`);

/** Easy and positive first, sensitive blocks in the middle, background and free text last. */
export const pages: PageDefinition[] = [
  page('life', ALL, range('hap', 5), true),
  page('outlook', ALL, range('opt', 5), true),
  page('self', ALL, range('se', 5), true),
  page('others', ALL, [...range('emp', 4), ...range('pro', 4)], true),
  page('self_control', ALL, range('reg', 5), true),
  page('friends', ALL, [...range('peer', 4), ...range('fr', 4)], true),
  page('learning', ALL, range('acs', 5), true),
  page('school_belonging', ALL, range('sbe', 4), true),
  page('school_climate', ALL, [...range('scl', 5), 'safe_school'], true),
  page('adults_school', ALL, [...range('ads', 4), 'trusted_adult'], true),
  page('health', ALL, [...range('hea', 5), 'breakfast', 'meals_adult', 'active_days'], true),
  page('sleep', ALL, range('sleep', 5), true),
  page('feelings', ALL, range('sad', 5), true),
  page('worries', ALL, range('wor', 4), true),
  page('body', ALL, range('body', 4), true),
  page('bullying', ALL, ['bully_physical', 'bully_verbal', 'bully_social', 'bully_online'], true),
  page(
    'pressure',
    ALL,
    ['press_school', 'press_grades_home', 'press_appearance', 'disc_experienced', 'disc_reason', 'disc_where'],
    true,
  ),
  page('home', ALL, [...range('adh', 4), 'learn_help', 'learn_interest', 'learn_place', 'learn_trust'], true),
  page('family', ALL, range('mw', 4), true),
  page(
    'neighbourhood',
    ALL,
    [...range('adn', 4), 'safe_way', 'safe_neighbourhood', 'safe_dark', 'safe_transport'],
    true,
  ),
  page('after_school', ALL, [
    'activities',
    'activity_days',
    'time_where',
    'time_with_whom',
    'screen_time',
    'screen_time_weekend',
  ]),
  page('wishes', ALL, ['wish_activity', 'wish_activity_type', 'barriers']),
  page(
    'satisfaction',
    ALL,
    ['lsd_life', 'lsd_family', 'lsd_friends', 'lsd_appearance', 'lsd_school', 'lsd_schoolwork'],
    true,
  ),
  page('future', SEC, ['fut_degree', 'fut_after', 'fut_know', 'fut_reach']),
  page('about_you', ALL, ['gender', 'home_language', 'free_text'], true),
];
