/**
 * Realistic, finished synthetic responses for demos, report development and load tests.
 *
 * Answers come from a small latent model: every child has a general wellbeing factor (normal,
 * moved by the `shift` of the child's Sozialraum and school and a little by grade) and one factor
 * per scale, so items of a scale correlate with each other and scales correlate through the
 * general factor. Item codes are cut from the latent value with plausible answer distributions;
 * reverse-coded items are answered in the reversed direction. Every generated response passes the
 * same validation real answers get, or the generator throws.
 *
 * Deterministic for a given seed, apart from ids (session ids and seat ids are random uuids) and
 * class codes (random, because codes are unique for all time and a re-run must not collide).
 */
import { randomUUID } from 'node:crypto';
import {
  type CatalogueItem,
  type ChoiceCode,
  choicesOf,
  type ExampleAnswers,
  formForGrade,
  type Grade,
  type InstrumentVersion,
  RESIDENCE_OUTSIDE,
  RESIDENCE_UNKNOWN,
} from '@uwe/schema';
import { type Kysely, sql, type Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.repository.ts';
import type { DB, SchoolType } from '../db/types.ts';
import { findInstrument, validateAnswers } from '../instruments/instruments.service.ts';
import { generateCode } from '../sessions/session-code.ts';

export type SyntheticAnswers = ExampleAnswers;

/** What differs between groups of children: `shift` moves the mean of the wellbeing factor (SD units). */
export interface ChildProfile {
  shift: number;
  /**
   * Where the child lives, for an instrument that asks it: a Sozialraum code (or "don't know" /
   * "not in the city"). Without it the child answers "don't know".
   */
  residence?: (rand: () => number) => string;
}

// ---------------------------------------------------------------- random numbers

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal number (Box–Muller). */
export function normal(rand: () => number): number {
  const u = 1 - rand(); // (0, 1]: log(0) is impossible
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Standard normal distribution function (Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const logit = (p: number): number => Math.log(p / (1 - p));
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** `base` probability moved by `effect` on the logit scale. */
function chance(base: number, effect: number): number {
  return sigmoid(logit(base) + effect);
}

/** Index of the category `u` (in [0, 1]) falls into, for probabilities that sum to about 1. */
export function pickIndex(u: number, probabilities: readonly number[]): number {
  let cumulative = 0;
  for (let i = 0; i < probabilities.length - 1; i++) {
    cumulative += probabilities[i]!;
    if (u < cumulative) return i;
  }
  return probabilities.length - 1;
}

function weightedPick<T>(rand: () => number, entries: readonly (readonly [T, number])[]): T {
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  const index = pickIndex(
    rand(),
    entries.map(([, w]) => w / total),
  );
  return entries[index]![0];
}

// ---------------------------------------------------------------- the answer model

/**
 * How a factor (a scale, or a group of single items) relates to the child: loading on the general
 * wellbeing factor, loading on its own factor, an offset of its level (in SD units, positive is
 * better), and an extra dependence on the area shift (for things like money and safety that
 * differ between neighbourhoods more than feelings do).
 */
interface FactorModel {
  general: number;
  own: number;
  level: number;
  area: number;
}

const factor = (general: number, own: number, level = 0, area = 0): FactorModel => ({ general, own, level, area });

const FACTORS: Readonly<Record<string, FactorModel>> = {
  optimism: factor(0.65, 0.45),
  happiness: factor(0.7, 0.45, 0.1),
  self_esteem: factor(0.6, 0.45),
  absence_of_sadness: factor(0.55, 0.5),
  absence_of_worries: factor(0.5, 0.5),
  empathy: factor(0.25, 0.6, 0.1),
  prosocial: factor(0.3, 0.6),
  self_regulation: factor(0.35, 0.55, -0.1),
  adults_school: factor(0.4, 0.55),
  adults_home: factor(0.45, 0.5, 0.4),
  adults_neighbourhood: factor(0.35, 0.55, -0.5, 0.3),
  peer_belonging: factor(0.45, 0.5),
  close_friends: factor(0.4, 0.55, 0.2),
  academic_self_concept: factor(0.4, 0.5, -0.1),
  school_climate: factor(0.35, 0.55, -0.2),
  school_belonging: factor(0.45, 0.5),
  bullying: factor(0.4, 0.55),
  general_health: factor(0.5, 0.45, 0.1),
  body_image: factor(0.45, 0.5, -0.2),
  sleep: factor(0.4, 0.5, -0.1),
  life_satisfaction_domains: factor(0.65, 0.4),
  material_wealth: factor(0.3, 0.55, -0.2, 0.6),
  safety: factor(0.35, 0.55, 0.1, 0.5),
  // Groups of single items (see `factorOf`).
  pressure: factor(0.35, 0.55),
  future: factor(0.45, 0.5),
  learning_support: factor(0.4, 0.55, 0.2),
  nutrition: factor(0.35, 0.5, 0, 0.2),
  activity: factor(0.25, 0.6),
};

const DEFAULT_FACTOR: FactorModel = factor(0.4, 0.5);

/** Factors whose items point the other way: a higher code is worse (bullied more often, more pressure). */
const NEGATIVE_FACTORS: ReadonlySet<string> = new Set(['bullying', 'pressure']);

/** The factor of an item: its scale, or a group of related single items, or the item itself. */
function factorOf(item: CatalogueItem): string {
  if (item.scale) return item.scale;
  if (item.id.startsWith('press_')) return 'pressure';
  if (item.id.startsWith('fut_')) return 'future';
  if (item.id.startsWith('learn_')) return 'learning_support';
  if (item.id === 'breakfast' || item.id === 'meals_adult') return 'nutrition';
  if (item.id === 'active_days' || item.id === 'activity_days') return 'activity';
  return item.id;
}

/**
 * Answer distributions in the positive direction (ascending codes, the last one best), for a child
 * at the mean. Children mostly agree with positive statements; bullying is rare.
 */
const POSITIVE_DISTRIBUTIONS: Readonly<Record<string, readonly number[]>> = {
  agree5: [0.04, 0.07, 0.19, 0.33, 0.37],
  freq5: [0.03, 0.08, 0.25, 0.37, 0.27],
  // Stored code 1 ("gar nicht") is best: about 60 % are not bullied in a given form.
  bully5: [0.05, 0.07, 0.08, 0.2, 0.6],
};

/** Item-specific distributions of day counts 0–7 (ascending, more days better). */
const DAY_DISTRIBUTIONS: Readonly<Record<string, readonly number[]>> = {
  breakfast: [0.07, 0.03, 0.04, 0.05, 0.06, 0.08, 0.07, 0.6],
  meals_adult: [0.05, 0.03, 0.05, 0.07, 0.08, 0.1, 0.1, 0.52],
  active_days: [0.05, 0.07, 0.11, 0.15, 0.16, 0.15, 0.11, 0.2],
  // A follow-up of having an activity: never 0 days.
  activity_days: [0, 0.25, 0.3, 0.2, 0.12, 0.07, 0.03, 0.03],
};

/** Wellbeing drops with age (a steady MDI finding). */
const GRADE_SHIFT: Readonly<Record<Grade, number>> = { 4: 0.15, 7: 0, 9: -0.15 };

const FREE_TEXTS: readonly string[] = [
  'Mehr Sport bitte',
  'Mehr AGs an der Schule wären toll.',
  'Die Umfrage war gut.',
  'Danke!',
  'Ich wünsche mir einen Spielplatz in der Nähe.',
  'Längere Pausen bitte',
  'Manche Fragen waren schwer.',
  'Die Toiletten in der Schule sollen sauberer sein.',
];

/** One child: the latent values the answers are drawn from. */
interface Child {
  grade: Grade;
  /** General wellbeing factor, including the profile and grade shift. */
  general: number;
  shift: number;
  /** Share of items this child skips. */
  skipRate: number;
  gender: 'f' | 'm' | 'd' | 'x';
  own: Map<string, number>;
  rand: () => number;
  residence: ChildProfile['residence'];
}

function newChild(grade: Grade, rand: () => number, profile: ChildProfile): Child {
  const general = profile.shift + GRADE_SHIFT[grade] + normal(rand);
  const gender = weightedPick(rand, [
    ['f', 0.485],
    ['m', 0.485],
    ['d', 0.01],
    ['x', 0.02],
  ] as const);
  return {
    grade,
    general,
    shift: profile.shift,
    skipRate: 0.13 * rand() ** 2,
    gender,
    own: new Map(),
    rand,
    residence: profile.residence,
  };
}

/** The child's value of a factor, drawn the first time it is needed. */
function ownFactor(child: Child, name: string): number {
  let v = child.own.get(name);
  if (v === undefined) {
    v = normal(child.rand);
    child.own.set(name, v);
  }
  return v;
}

/** Small differences youth surveys commonly report: secondary-school girls rate their body image lower and feel sad or worried more often. */
function genderOffset(child: Child, factorName: string): number {
  if (child.grade === 4 || child.gender !== 'f') return 0;
  if (factorName === 'body_image') return -0.35;
  if (factorName === 'absence_of_sadness' || factorName === 'absence_of_worries') return -0.2;
  return 0;
}

/** What an ordinal item needs at answer time, worked out once per instrument version and grade. */
interface OrdinalPlan {
  factor: string;
  model: FactorModel;
  /** Weight of the item's own noise, so the latent value has unit variance around its mean. */
  noise: number;
  /** Codes from worst to best before reverse coding (ascending). */
  ascending: number[];
  /** Probability of each code of `ascending` for a child at the mean. */
  distribution: readonly number[];
  /** Stored code = lowest + highest − positive code. */
  inverted: boolean;
  /** Extra level of this item only. */
  offset: (child: Child) => number;
}

function uniform(n: number): number[] {
  return Array.from({ length: n }, () => 1 / n);
}

function ordinalPlan(item: CatalogueItem, codes: readonly number[]): OrdinalPlan {
  const name = factorOf(item);
  const model = FACTORS[name] ?? DEFAULT_FACTOR;
  const ascending = [...codes].sort((a, b) => a - b);
  const shape = DAY_DISTRIBUTIONS[item.id] ?? POSITIVE_DISTRIBUTIONS[item.answerScale];
  return {
    factor: name,
    model,
    noise: Math.sqrt(Math.max(0, 1 - model.general ** 2 - model.own ** 2)),
    ascending,
    distribution: shape && shape.length === ascending.length ? shape : uniform(ascending.length),
    inverted: item.reverse !== NEGATIVE_FACTORS.has(name),
    // Online bullying is rarer at primary-school age.
    offset: item.id === 'bully_online' ? (child) => (child.grade === 4 ? 0.4 : 0) : () => 0,
  };
}

/** Latent value of one item for one child, in the positive direction (higher is better). */
function latent(child: Child, plan: OrdinalPlan): number {
  const m = plan.model;
  return (
    m.level +
    m.area * child.shift +
    genderOffset(child, plan.factor) +
    plan.offset(child) +
    m.general * child.general +
    m.own * ownFactor(child, plan.factor) +
    plan.noise * normal(child.rand)
  );
}

/** An ordinal numeric answer (agree5, freq5, bully5, days0to7 and numeric answers of unknown scales). */
function ordinalAnswer(child: Child, plan: OrdinalPlan): number {
  const { ascending } = plan;
  const positive = ascending[pickIndex(normalCdf(latent(child, plan)), plan.distribution)]!;
  // Reverse coding mirrors the code within its range (6 - x on 1–5), as scoring does.
  return plan.inverted ? ascending[0]! + ascending[ascending.length - 1]! - positive : positive;
}

/** Probability of "yes" for the yes/no items of uwe-2026; 0.5 for an unknown item. */
function yesProbability(child: Child, item: CatalogueItem): number {
  switch (item.id) {
    case 'trusted_adult':
      return chance(0.85, 0.7 * child.general);
    case 'wish_activity':
      return chance(0.45, -0.3 * child.general - 0.3 * child.shift);
    case 'disc_experienced':
      return chance(child.grade === 4 ? 0.1 : 0.16, -0.5 * child.general);
    default:
      return 0.5;
  }
}

/** Screen time bands 0–5 (none … more than four hours): more in secondary school, at weekends and when unhappy. */
function screenTime(child: Child, item: CatalogueItem, codes: readonly number[]): number {
  const ascending = [...codes].sort((a, b) => a - b);
  const primary = [0.05, 0.2, 0.3, 0.23, 0.12, 0.1];
  const secondary = [0.02, 0.08, 0.2, 0.25, 0.2, 0.25];
  const distribution = child.grade === 4 ? primary : secondary;
  const weekend = item.id === 'screen_time_weekend' ? 0.5 : 0;
  const z = weekend - 0.35 * child.general + 0.94 * normal(child.rand);
  const shape = distribution.length === ascending.length ? distribution : uniform(ascending.length);
  return ascending[pickIndex(normalCdf(z), shape)]!;
}

/** Weights of single-choice answers of uwe-2026 items; null for an item the model does not know. */
function singleWeights(child: Child, item: CatalogueItem): Record<string, number> | null {
  const g = child.general;
  switch (item.id) {
    case 'gender':
      return { [child.gender]: 1 };
    case 'home_language':
      return { de: 0.58, de_other: 0.32, other: 0.1 };
    case 'fut_degree':
      return {
        esa: 0.1 * Math.exp(-0.4 * g),
        msa: 0.28,
        abitur: 0.42 * Math.exp(0.4 * g + 0.3 * child.shift),
        undecided: 0.2,
      };
    case 'fut_after':
      return { training: 0.3, study: 0.28 * Math.exp(0.3 * g), work: 0.08, other: 0.06, undecided: 0.28 };
    default:
      return null;
  }
}

function singleAnswer(child: Child, item: CatalogueItem, codes: readonly ChoiceCode[]): ChoiceCode {
  if (item.id === 'screen_time' || item.id === 'screen_time_weekend') {
    if (codes.every((c) => typeof c === 'number')) return screenTime(child, item, codes as number[]);
  }
  const weights = singleWeights(child, item);
  const entries = codes.map((c) => [c, weights ? (weights[String(c)] ?? 0) : 1] as const);
  const usable = entries.some(([, w]) => w > 0) ? entries : codes.map((c) => [c, 1] as const);
  return weightedPick(child.rand, usable);
}

/** Per choice, the probability a child ticks it (uwe-2026 items); 0.3 for anything unknown. */
function multiRates(child: Child, item: CatalogueItem): Record<string, number> {
  const g = child.general;
  const four = child.grade === 4;
  switch (item.id) {
    case 'activities':
      return {
        sport: chance(0.58, 0.35 * g + 0.2 * child.shift),
        music_arts: chance(0.25, 0.3 * g + 0.3 * child.shift),
        clubs_youth_groups: chance(0.2, 0.2 * g),
        lessons_education: chance(0.2, 0.2 * g + 0.3 * child.shift),
      };
    case 'time_where':
      return {
        home: 0.85,
        friends_home: chance(0.45, 0.3 * g),
        outdoors: 0.5,
        youth_centre: four ? 0.05 : 0.1,
        after_school_care: four ? 0.4 : 0.05,
        other: 0.08,
      };
    case 'time_with_whom':
      return {
        alone: four ? 0.15 : 0.45,
        parents: 0.75,
        siblings: 0.55,
        relatives: 0.25,
        friends: chance(0.6, 0.3 * g),
        other_adults: 0.1,
      };
    case 'wish_activity_type':
      return { sport: 0.5, music_arts: 0.3, clubs_youth_groups: 0.2, lessons_education: 0.15, other: 0.15 };
    case 'barriers':
      return {
        costs: chance(0.3, -0.9 * child.shift),
        transport: 0.2,
        no_offer_nearby: chance(0.25, -0.5 * child.shift),
        no_time: 0.35,
        parents_do_not_allow: 0.15,
        other: 0.1,
      };
    case 'disc_reason':
      return {
        origin: 0.35,
        language: 0.2,
        religion: 0.15,
        appearance: 0.35,
        gender: 0.15,
        disability: 0.05,
        money: chance(0.15, -0.6 * child.shift),
        other: 0.1,
      };
    case 'disc_where':
      return { school: 0.6, way_to_school: 0.2, neighbourhood: 0.2, online: 0.35, other: 0.1 };
    default:
      return {};
  }
}

/**
 * A multiple-choice answer: each ordinary choice ticked with its own probability; an exclusive
 * choice ("none of these") only alone, when nothing else was ticked. Never an empty array.
 */
function multiAnswer(
  child: Child,
  item: CatalogueItem,
  choices: readonly { code: ChoiceCode; exclusive: boolean }[],
): ChoiceCode[] {
  const rates = multiRates(child, item);
  const ordinary = choices.filter((c) => !c.exclusive);
  const picked = ordinary.filter((c) => child.rand() < (rates[String(c.code)] ?? 0.3)).map((c) => c.code);
  if (picked.length > 0) return picked;
  const exclusive = choices.find((c) => c.exclusive);
  if (exclusive) return [exclusive.code];
  const one = ordinary[Math.floor(child.rand() * ordinary.length)] ?? choices[0];
  return one ? [one.code] : [];
}

// ---------------------------------------------------------------- one response

interface PreparedItem {
  item: CatalogueItem;
  choices: { code: ChoiceCode; exclusive: boolean }[];
  /** Set for items answered on an ordered numeric scale. */
  ordinal: OrdinalPlan | null;
}

const ORDINAL_SCALES: ReadonlySet<string> = new Set(['agree5', 'freq5', 'bully5', 'days0to7']);

/** Items of a grade, every filter before its follow-ups, with their choices. Cached per version. */
const preparedForms = new WeakMap<InstrumentVersion, Map<Grade, PreparedItem[]>>();

function orderFiltersFirst(items: readonly CatalogueItem[]): CatalogueItem[] {
  const ids = new Set(items.map((i) => i.id));
  const done = new Set<string>();
  const ordered: CatalogueItem[] = [];
  let pending = [...items];
  while (pending.length > 0) {
    const ready = pending.filter(
      (i) => !i.followUpOf || done.has(i.followUpOf.itemId) || !ids.has(i.followUpOf.itemId),
    );
    // A cycle cannot occur in a validated version; if it did, the rest keeps catalogue order.
    const next = ready.length > 0 ? ready : pending;
    for (const i of next) {
      ordered.push(i);
      done.add(i.id);
    }
    pending = pending.filter((i) => !done.has(i.id));
  }
  return ordered;
}

function preparedItems(instrument: InstrumentVersion, grade: Grade): PreparedItem[] {
  let perGrade = preparedForms.get(instrument);
  if (!perGrade) {
    perGrade = new Map();
    preparedForms.set(instrument, perGrade);
  }
  let list = perGrade.get(grade);
  if (!list) {
    const asked = instrument.catalogue.items.filter((i) => i.grades.includes(grade));
    list = orderFiltersFirst(asked).map((item) => {
      const choices = item.answerScale === 'text' ? [] : choicesOf(instrument.catalogue, item);
      const codes = choices.map((c) => c.code);
      const numeric = codes.length > 0 && codes.every((c) => typeof c === 'number');
      return {
        item,
        choices: choices.map((c) => ({ code: c.code, exclusive: c.exclusive })),
        ordinal: numeric && ORDINAL_SCALES.has(item.answerScale) ? ordinalPlan(item, codes as number[]) : null,
      };
    });
    perGrade.set(grade, list);
  }
  return list;
}

/** Does the filter's answer show the follow-up (the validator's rule)? */
function isShown(item: CatalogueItem, answers: SyntheticAnswers): boolean {
  const filter = item.followUpOf;
  if (!filter) return true;
  if (!Object.hasOwn(answers, filter.itemId)) return false;
  const given = answers[filter.itemId];
  return Array.isArray(given)
    ? given.some((c) => filter.codes.includes(c))
    : filter.codes.includes(given as ChoiceCode);
}

function answerItem(child: Child, p: PreparedItem): ChoiceCode | ChoiceCode[] | string | undefined {
  const { item, choices } = p;
  switch (item.answerScale) {
    case 'text':
      return child.rand() < 0.03 ? FREE_TEXTS[Math.floor(child.rand() * FREE_TEXTS.length)] : undefined;
    case 'residence':
      return child.residence ? child.residence(child.rand) : RESIDENCE_UNKNOWN;
    case 'multi':
      return multiAnswer(child, item, choices);
    case 'yesno': {
      const yes = child.rand() < yesProbability(child, item);
      const code = choices.find((c) => c.code === (yes ? 1 : 0)) ?? choices[yes ? 0 : 1] ?? choices[0];
      return code?.code;
    }
    case 'single':
      return singleAnswer(
        child,
        item,
        choices.map((c) => c.code),
      );
    default:
      if (p.ordinal) return ordinalAnswer(child, p.ordinal);
      return choices[Math.floor(child.rand() * choices.length)]?.code;
  }
}

/** Throws unless `answers` pass the validation real answers get. */
export function assertValidAnswers(instrument: InstrumentVersion, grade: Grade, answers: SyntheticAnswers): void {
  const errors = validateAnswers(instrument, grade, answers);
  if (errors.length > 0) {
    const list = errors.map((e) => `${e.itemId}: ${e.reason}`).join(', ');
    throw new Error(`synthetic answers for grade ${grade} failed validation (${list})`);
  }
}

/**
 * Realistic answers of one child in `grade` (only items asked in that grade; follow-ups only when
 * their filter answer shows them; about 3–8 % of items skipped; free text rare). Throws if the
 * result does not pass validation.
 */
export function syntheticAnswers(
  instrument: InstrumentVersion,
  grade: Grade,
  rand: () => number,
  profile: ChildProfile,
): SyntheticAnswers {
  const child = newChild(grade, rand, profile);
  const answers: SyntheticAnswers = {};
  for (const p of preparedItems(instrument, grade)) {
    if (!isShown(p.item, answers)) continue;
    const skipRate = p.item.sensitive ? child.skipRate * 1.4 : child.skipRate;
    if (p.item.answerScale !== 'text' && rand() < skipRate) continue;
    const value = answerItem(child, p);
    if (value !== undefined) answers[p.item.id] = value;
  }
  assertValidAnswers(instrument, grade, answers);
  return answers;
}

// ---------------------------------------------------------------- a city's worth of responses

export interface SeedOptions {
  waveId: string;
  responses: number;
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedResult {
  inserted: number;
  sessions: number;
}

/** Largest number of responses the seeder writes in one run. */
export const MAX_SYNTHETIC_RESPONSES = 1_000_000;
export const DEFAULT_SEED = 2026;
const INSERT_BATCH = 1000;
const SESSION_BATCH = 1000;
const DAY_MS = 86_400_000;

interface SchoolInfo {
  id: string;
  name: string;
  type: SchoolType;
  sozialraumId: string;
}

/** One school and grade with its share of the responses. */
interface Unit {
  school: SchoolInfo;
  grade: Grade;
  weight: number;
  shift: number;
}

interface PlannedSession {
  id: string;
  schoolId: string;
  grade: Grade;
  classLabel: string;
  size: number;
  expectedPupils: number;
  day: string;
  openedAt: Date;
  closedAt: Date;
  shift: number;
}

/** Grade 4 is taught at primary schools, grades 7 and 9 at every other school type. */
export function gradesAtSchool(type: SchoolType, waveGrades: readonly number[]): Grade[] {
  const taught: Grade[] = type === 'grundschule' ? [4] : [7, 9];
  return taught.filter((g) => waveGrades.includes(g));
}

/** Splits `total` in proportion to `weights` (largest remainder), so the parts add up exactly. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0)
    return apportion(
      total,
      weights.map(() => 1),
    );
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    parts[i]! += 1;
    left -= 1;
  }
  return parts;
}

/** Per Sozialraum a shift from clearly worse to clearly better off, in seeded order with a little jitter. */
export function areaShifts(areaIds: readonly string[], rand: () => number): Map<string, number> {
  const n = areaIds.length;
  const spread = areaIds.map((_, i) => (n === 1 ? 0 : -0.6 + (1.2 * i) / (n - 1)));
  // Fisher–Yates, so which area is better off depends on the seed.
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [spread[i], spread[j]] = [spread[j]!, spread[i]!];
  }
  return new Map(areaIds.map((id, i) => [id, spread[i]! + (rand() - 0.5) * 0.1]));
}

/** Class sizes of roughly 18–26 children (never above 35, well inside the session limit of 40) that add up to `n`. */
export function classSizes(n: number, rand: () => number): number[] {
  if (n <= 0) return [];
  const classes = Math.max(1, Math.round(n / (18 + rand() * 8)), Math.ceil(n / 28));
  const weights = Array.from({ length: classes }, () => 0.9 + rand() * 0.2);
  return apportion(n, weights).filter((s) => s > 0);
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const dayMs = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);

/** Days of the wave's field period that lie in the past, school days (Monday–Friday) if there are any. */
export function pastFieldDays(startsOn: string, endsOn: string, today: Date): string[] {
  const yesterday = Math.floor(today.getTime() / DAY_MS) * DAY_MS - DAY_MS;
  const last = Math.min(dayMs(endsOn), yesterday);
  const all: string[] = [];
  for (let d = dayMs(startsOn); d <= last; d += DAY_MS) all.push(isoDay(d));
  const weekdays = all.filter((d) => {
    const w = new Date(`${d}T00:00:00Z`).getUTCDay();
    return w >= 1 && w <= 5;
  });
  return weekdays.length > 0 ? weekdays : all;
}

function buildUnits(schools: readonly SchoolInfo[], waveGrades: readonly number[], rand: () => number): Unit[] {
  const areas = [...new Set(schools.map((s) => s.sozialraumId))].sort();
  const shifts = areaShifts(areas, rand);
  const units: Unit[] = [];
  for (const school of schools) {
    const grades = gradesAtSchool(school.type, waveGrades);
    if (grades.length === 0) continue;
    // Uneven school sizes: secondary schools have more classes per year, and sizes vary widely.
    const size = Math.exp(0.5 * normal(rand)) * (school.type === 'grundschule' ? 1 : 2.2);
    const shift = (shifts.get(school.sozialraumId) ?? 0) + 0.15 * normal(rand);
    for (const grade of grades) units.push({ school, grade, weight: size * (0.85 + 0.3 * rand()), shift });
  }
  return units;
}

/** Every grade gets an equal share of the responses, spread over its schools by size. */
function planSessions(units: readonly Unit[], total: number, days: readonly string[], rand: () => number) {
  const grades = [...new Set(units.map((u) => u.grade))].sort();
  const perGrade = apportion(
    total,
    grades.map(() => 1),
  );
  const sessions: PlannedSession[] = [];
  grades.forEach((grade, gi) => {
    const own = units.filter((u) => u.grade === grade);
    const counts = apportion(
      perGrade[gi]!,
      own.map((u) => u.weight),
    );
    own.forEach((unit, ui) => {
      classSizes(counts[ui]!, rand).forEach((size, ci) => {
        const day = days[Math.floor(rand() * days.length)]!;
        // Lessons from 08:00 to 13:00 local time (UTC+1); the teacher closes the session after the lesson.
        const openedAt = new Date(
          dayMs(day) + (7 + Math.floor(rand() * 6)) * 3_600_000 + Math.floor(rand() * 10) * 60_000,
        );
        const closedAt = new Date(openedAt.getTime() + (40 + Math.floor(rand() * 10)) * 60_000);
        sessions.push({
          id: randomUUID(),
          schoolId: unit.school.id,
          grade,
          classLabel: `Synthetisch ${ci + 1}`,
          size,
          expectedPupils: Math.min(40, size + Math.floor(rand() * 4)),
          day,
          openedAt,
          closedAt,
          shift: unit.shift,
        });
      });
    });
  });
  return sessions;
}

/** The language a child answers in: mostly German, other languages mainly where another is spoken at home. */
function pickLanguage(rand: () => number, languages: readonly string[], homeLanguage: unknown): string {
  const source = languages.includes('de') ? 'de' : (languages[0] ?? 'de');
  const others = languages.filter((l) => l !== source);
  if (others.length === 0) return source;
  const p = homeLanguage === 'other' ? 0.4 : homeLanguage === 'de_other' ? 0.1 : homeLanguage === 'de' ? 0.02 : 0.05;
  if (rand() >= p) return source;
  if (homeLanguage === 'de' && others.includes('de-simple')) return 'de-simple';
  return others[Math.floor(rand() * others.length)]!;
}

/** Fresh class codes, unique among themselves and against every code ever used. */
async function freshCodes(trx: Transaction<DB>, n: number): Promise<string[]> {
  const codes = new Set<string>();
  while (codes.size < n) {
    const candidates = Array.from({ length: n - codes.size }, () => generateCode()).filter((c) => !codes.has(c));
    if (candidates.length === 0) continue;
    const taken = await trx.selectFrom('survey_session').select('code').where('code', 'in', candidates).execute();
    const takenSet = new Set(taken.map((r) => r.code));
    for (const c of candidates) if (!takenSet.has(c)) codes.add(c);
  }
  return [...codes];
}

async function insertSessions(trx: Transaction<DB>, waveId: string, sessions: readonly PlannedSession[]) {
  for (let start = 0; start < sessions.length; start += SESSION_BATCH) {
    const part = sessions.slice(start, start + SESSION_BATCH);
    const codes = await freshCodes(trx, part.length);
    await trx
      .insertInto('survey_session')
      .values(
        part.map((s, i) => ({
          id: s.id,
          wave_id: waveId,
          school_id: s.schoolId,
          grade: s.grade,
          class_label: s.classLabel,
          expected_pupils: s.expectedPupils,
          // Children without consent or absent: a class is a little larger than those present
          // (derived, not drawn, so the seeded answers stay the same as before).
          enrolled_pupils: s.expectedPupils + 2 + (s.size % 5),
          seats_taken: s.size,
          code: codes[i]!,
          opened_by: null,
          opened_at: s.openedAt,
          closes_at: s.closedAt,
          closed_at: s.closedAt,
        })),
      )
      .execute();
  }
}

interface ResponseRow {
  seat_id: string;
  session_id: string;
  school_id: string;
  grade: Grade;
  language: string;
  answers: SyntheticAnswers;
  page: number;
  day: string;
}

/** One INSERT for a batch of responses: the rows travel as one JSON parameter. */
async function insertResponses(trx: Transaction<DB>, waveId: string, rows: readonly ResponseRow[]) {
  await sql`
    insert into response (seat_id, session_id, wave_id, school_id, grade, language, answers, page, status, revision, started_on, finished_on)
    select r.seat_id, r.session_id, ${waveId}::uuid, r.school_id, r.grade, r.language, r.answers, r.page, 'finished', 1, r.day, r.day
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r(seat_id uuid, session_id uuid, school_id uuid, grade smallint, language text, answers jsonb, page integer, day date)
  `.execute(trx);
}

/**
 * Inserts `responses` finished synthetic responses into a wave: closed class sessions at the
 * wave's active schools (grade 4 at primary schools, 7 and 9 elsewhere), uneven school sizes,
 * clear differences between Sozialräume, dates within the past part of the field period.
 * One transaction: either everything is written or nothing.
 */
export async function seedSyntheticResponses(db: Kysely<DB>, opts: SeedOptions): Promise<SeedResult> {
  const total = opts.responses;
  if (!Number.isInteger(total) || total < 1 || total > MAX_SYNTHETIC_RESPONSES) {
    throw new RangeError(`responses must be a whole number from 1 to ${MAX_SYNTHETIC_RESPONSES}, got ${total}`);
  }
  const seed = opts.seed ?? DEFAULT_SEED;
  const wave = await db.selectFrom('wave').selectAll().where('id', '=', opts.waveId).executeTakeFirst();
  if (!wave) throw new Error(`There is no wave with id ${opts.waveId}.`);
  if (wave.status === 'planned') throw new Error(`Wave "${wave.name}" is still planned; it has no field time yet.`);
  const instrument = await findInstrument(db, wave.instrument_id);
  if (!instrument) throw new Error(`Instrument version "${wave.instrument_id}" of wave "${wave.name}" is missing.`);
  const days = pastFieldDays(wave.starts_on, wave.ends_on, new Date());
  if (days.length === 0) {
    throw new Error(`Wave "${wave.name}" has no past day in its field period (${wave.starts_on} to ${wave.ends_on}).`);
  }
  const schools: SchoolInfo[] = (
    await db
      .selectFrom('school')
      .select(['id', 'name', 'type', 'sozialraum_id'])
      .where('active', '=', true)
      .orderBy('name')
      .execute()
  ).map((s) => ({ id: s.id, name: s.name, type: s.type, sozialraumId: s.sozialraum_id }));

  // Where children live: mostly the Sozialraum of their school, some a neighbouring one, a few do
  // not know or live outside the city (only instruments that ask "Wo wohnst du?" use it).
  const codes = new Map(
    (await db.selectFrom('sozialraum').select(['id', 'code']).where('active', '=', true).execute()).flatMap((r) =>
      r.code ? [[r.id, r.code] as const] : [],
    ),
  );
  const allCodes = [...codes.values()];
  const schoolArea = new Map(schools.map((s) => [s.id, s.sozialraumId]));
  const residenceOf =
    (schoolId: string) =>
    (rand: () => number): string => {
      const own = codes.get(schoolArea.get(schoolId) ?? '');
      const r = rand();
      if (own && r < 0.62) return own;
      if (allCodes.length > 0 && r < 0.84) return allCodes[Math.floor(rand() * allCodes.length)]!;
      return r < 0.96 ? RESIDENCE_UNKNOWN : RESIDENCE_OUTSIDE;
    };

  const planRand = createRandom(seed);
  const units = buildUnits(schools, wave.grades, planRand);
  if (units.length === 0) {
    throw new Error(`No active school teaches a grade of wave "${wave.name}" (grades ${wave.grades.join(', ')}).`);
  }
  const sessions = planSessions(units, total, days, planRand);
  const answerRand = createRandom(seed ^ 0x5eed5eed);
  const languages = instrument.languages.map((l) => l.code);
  const lastPage = (grade: Grade) => Math.max(0, instrument.forms[formForGrade(grade)].pages.length - 1);

  let inserted = 0;
  await db.transaction().execute(async (trx) => {
    await insertSessions(trx, wave.id, sessions);
    let batch: ResponseRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await insertResponses(trx, wave.id, batch);
      inserted += batch.length;
      batch = [];
      opts.onProgress?.(inserted, total);
    };
    for (const s of sessions) {
      for (let i = 0; i < s.size; i++) {
        const answers = syntheticAnswers(instrument, s.grade, answerRand, {
          shift: s.shift,
          residence: residenceOf(s.schoolId),
        });
        batch.push({
          seat_id: randomUUID(),
          session_id: s.id,
          school_id: s.schoolId,
          grade: s.grade,
          language: pickLanguage(answerRand, languages, answers.home_language),
          answers,
          page: lastPage(s.grade),
          day: s.day,
        });
        if (batch.length >= INSERT_BATCH) await flush();
      }
    }
    await flush();
    await writeAudit(trx, {
      actorId: null,
      action: 'seed.synthetic',
      entity: 'wave',
      entityId: wave.id,
      details: { responses: inserted, sessions: sessions.length, seed },
    });
  });
  return { inserted, sessions: sessions.length };
}
