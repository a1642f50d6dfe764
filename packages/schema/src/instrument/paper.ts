/**
 * The paper version of a form, derived from its SurveyJS JSON so that it fits every instrument
 * version: questions numbered in order (follow-ups take their filter's number and a letter, "42a"),
 * rating items with the same answers grouped into grids, the routing a child follows on paper, and
 * the digit printed beside each tick box, which is what staff type in when they enter a sheet.
 * The print page, the data entry page and the API's error messages all read this one layout, so a
 * number on the sheet, on the screen and in a message always means the same item.
 */
import type { LocalizedText, SurveyJson, SurveyQuestionJson } from './instrument.ts';
import { parseVisibleIf } from './survey-json.ts';
import type { ChoiceCode } from './types.ts';

/** A text of the form: localizable (`{ default, en, … }`) or already reduced to one language. */
export type PaperText = LocalizedText | string;

export interface PaperChoice {
  code: ChoiceCode;
  /** What is printed beside the box and typed in at data entry: the code itself for codes 0–9, else 1, 2, 3 … */
  key: string;
  text: PaperText;
  /** Multiple choice: excludes every other answer ("Nichts davon"). */
  exclusive: boolean;
}

/**
 * How a filter answer is described to the child: the answers that open the follow-ups ('if'), or,
 * where that list would be longer, the answers that do not ('ifOther': "etwas anderes als Nichts
 * davon").
 */
export interface PaperCondition {
  mode: 'if' | 'ifOther';
  /** The answers named in the sentence. */
  codes: ChoiceCode[];
}

export interface PaperQuestion {
  itemId: string;
  /** "12", or "42a" for a follow-up of question 42. */
  number: string;
  kind: 'single' | 'multi' | 'text';
  text: PaperText;
  choices: PaperChoice[];
  maxLength?: number;
  /** A follow-up: asked only when the answer to `number` is (or contains) one of `codes`. */
  filter: { itemId: string; number: string; codes: ChoiceCode[]; condition: PaperCondition } | null;
  /** A filter question: which follow-ups its answer opens and where the child goes otherwise. */
  routing: { condition: PaperCondition; followUps: string[]; next: string | null } | null;
}

export type PaperBlock =
  | { kind: 'grid'; choices: PaperChoice[]; questions: PaperQuestion[] }
  | { kind: 'question'; question: PaperQuestion };

export interface PaperSection {
  name: string;
  title: PaperText;
  description?: PaperText;
  blocks: PaperBlock[];
}

export interface PaperForm {
  sections: PaperSection[];
  /** Every question in order, follow-ups included. */
  questions: PaperQuestion[];
}

/** A grid shares its answer columns; more than this many do not fit beside the item texts. */
const GRID_MAX_CHOICES = 8;

/** The text in `language`, or the source text. */
export function paperText(text: PaperText | undefined, language: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  return text[language] ?? text.default;
}

function entryKeys(codes: readonly ChoiceCode[]): string[] {
  const digits = codes.every((c) => typeof c === 'number' && Number.isInteger(c) && c >= 0 && c <= 9);
  if (digits && new Set(codes).size === codes.length) return codes.map((c) => String(c));
  return codes.map((_, i) => String(i + 1));
}

function choicesOfQuestion(q: SurveyQuestionJson): PaperChoice[] {
  const choices = q.choices ?? [];
  const keys = entryKeys(choices.map((c) => c.value));
  return choices.map((c, i) => ({
    code: c.value,
    key: keys[i] ?? String(i + 1),
    text: c.text,
    exclusive: c.isExclusive === true,
  }));
}

function condition(choices: readonly PaperChoice[], codes: readonly ChoiceCode[]): PaperCondition {
  const opening = new Set<ChoiceCode>(codes);
  const others = choices.filter((c) => !opening.has(c.code)).map((c) => c.code);
  // "Etwas anderes als Nichts davon" beats naming four activities.
  if (others.length > 0 && others.length < codes.length) return { mode: 'ifOther', codes: others };
  return { mode: 'if', codes: [...codes] };
}

const sameChoices = (a: readonly PaperChoice[], b: readonly PaperChoice[]) =>
  a.length === b.length &&
  a.every((c, i) => c.code === b[i]?.code && JSON.stringify(c.text) === JSON.stringify(b[i]?.text));

const gridable = (q: PaperQuestion) =>
  q.kind === 'single' && q.filter === null && q.routing === null && q.choices.length <= GRID_MAX_CHOICES;

/**
 * The paper layout of one form. Numbers run through the whole form; a follow-up directly after its
 * filter (or after the filter's other follow-ups) is numbered with the filter's number and a letter
 * and named in the filter's routing sentence; one elsewhere keeps a number of its own and only
 * says which answer it needs.
 */
export function paperForm(survey: Pick<SurveyJson, 'pages'>): PaperForm {
  const flat: { page: number; q: SurveyQuestionJson }[] = [];
  survey.pages.forEach((p, page) => {
    // Where a child lives is asked on tablets only: a sheet would carry the street to the server.
    for (const q of p.elements) if (q.type !== 'residence') flat.push({ page, q });
  });

  const questions: PaperQuestion[] = [];
  const byId = new Map<string, PaperQuestion>();
  let main = 0;
  /** The filter whose follow-ups are being numbered, and the letters used so far. */
  let run = null as { filter: PaperQuestion; letters: number } | null;

  for (const { q } of flat) {
    const parsed = q.visibleIf ? parseVisibleIf(q.visibleIf) : null;
    const filter = parsed ? byId.get(parsed.itemId) : undefined;
    const choices = choicesOfQuestion(q);
    const question: PaperQuestion = {
      itemId: q.name,
      number: '',
      kind: q.type === 'checkbox' ? 'multi' : q.type === 'comment' ? 'text' : 'single',
      text: q.title,
      choices,
      filter: null,
      routing: null,
    };
    if (q.maxLength !== undefined) question.maxLength = q.maxLength;
    if (parsed && filter) {
      question.filter = {
        itemId: filter.itemId,
        number: filter.number,
        codes: parsed.codes,
        condition: condition(filter.choices, parsed.codes),
      };
    }
    const follows = parsed !== null && filter !== undefined && (run?.filter === filter || questions.at(-1) === filter);
    if (follows && filter) {
      if (run?.filter !== filter) run = { filter, letters: 0 };
      question.number = `${filter.number}${String.fromCharCode(97 + run.letters)}`;
      run.letters++;
      filter.routing ??= { condition: condition(filter.choices, parsed.codes), followUps: [], next: null };
      filter.routing.followUps.push(question.number);
    } else {
      main++;
      question.number = String(main);
      run = null;
    }
    questions.push(question);
    byId.set(question.itemId, question);
  }

  // Where a child goes who does not answer the follow-ups: the next question after them.
  for (const [i, q] of questions.entries()) {
    if (!q.routing) continue;
    const after = questions.slice(i + 1).find((x) => !q.routing?.followUps.includes(x.number));
    q.routing.next = after?.number ?? null;
  }

  let at = 0;
  const sections: PaperSection[] = survey.pages.map((p) => {
    const blocks: PaperBlock[] = [];
    for (let n = 0; n < p.elements.length; n++) {
      const question = questions[at++];
      if (!question) continue;
      const last = blocks.at(-1);
      if (gridable(question) && last?.kind === 'grid' && sameChoices(last.choices, question.choices)) {
        last.questions.push(question);
        continue;
      }
      const next = questions[at];
      const nextOnPage = n + 1 < p.elements.length && next !== undefined;
      if (gridable(question) && nextOnPage && gridable(next) && sameChoices(question.choices, next.choices)) {
        blocks.push({ kind: 'grid', choices: question.choices, questions: [question] });
      } else {
        blocks.push({ kind: 'question', question });
      }
    }
    const section: PaperSection = { name: p.name, title: p.title, blocks };
    if (p.description) section.description = p.description;
    return section;
  });

  return { sections, questions };
}

export type EntryResult = { ok: true; value: ChoiceCode | ChoiceCode[] | string | undefined } | { ok: false };

/**
 * What staff typed for one question, as the answer code(s): a key for a single answer, the keys of
 * every ticked box for multiple choice ("134", or "1 3 4"; separators are needed only where a key
 * has two digits), the transcribed text for free text. Empty input is no answer.
 */
export function parseEntry(question: PaperQuestion, input: string): EntryResult {
  if (question.kind === 'text') return { ok: true, value: input.trim() === '' ? undefined : input };
  const raw = input.trim();
  if (raw === '') return { ok: true, value: undefined };
  const byKey = new Map(question.choices.map((c) => [c.key, c]));
  if (question.kind === 'single') {
    const choice = byKey.get(raw);
    return choice ? { ok: true, value: choice.code } : { ok: false };
  }
  const singleChars = question.choices.every((c) => c.key.length === 1);
  const parts = singleChars ? [...raw.replace(/[\s,;]+/g, '')] : raw.split(/[\s,;]+/).filter(Boolean);
  const picked = new Set<PaperChoice>();
  for (const part of parts) {
    const choice = byKey.get(part);
    if (!choice || picked.has(choice)) return { ok: false };
    picked.add(choice);
  }
  const chosen = question.choices.filter((c) => picked.has(c));
  if (chosen.length > 1 && chosen.some((c) => c.exclusive)) return { ok: false };
  return { ok: true, value: chosen.map((c) => c.code) };
}

/** The typed form of a stored answer (the inverse of `parseEntry`). */
export function entryOf(question: PaperQuestion, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (question.kind === 'text') return typeof value === 'string' ? value : '';
  const keyOf = (code: unknown) => question.choices.find((c) => c.code === code)?.key ?? '?';
  if (Array.isArray(value)) {
    const keys = question.choices.filter((c) => value.includes(c.code)).map((c) => c.key);
    return keys.join(question.choices.every((c) => c.key.length === 1) ? '' : ' ');
  }
  return keyOf(value);
}

/** Whether a filter answer opens a follow-up (the same rule as the tablet's `visibleIf`). */
export function filterOpens(codes: readonly ChoiceCode[], filterValue: unknown): boolean {
  if (Array.isArray(filterValue)) return filterValue.some((v) => codes.includes(v as ChoiceCode));
  return filterValue !== undefined && codes.includes(filterValue as ChoiceCode);
}
