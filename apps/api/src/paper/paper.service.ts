/**
 * Paper questionnaires typed in by staff: one sheet at a time (or twice, by two people, in double
 * entry), checked exactly like a tablet's answers, stored as finished responses of the class
 * session with mode 'paper'. Nothing here records which child filled in a sheet, in which order
 * the sheets were typed, or who typed which sheet.
 */
import type {
  Answers,
  DoubleEntryCommitResult,
  DoubleEntryDifference,
  DoubleEntryList,
  DoubleEntryResolveBody,
  DoubleEntrySheet,
  InstrumentVersion,
  PaperCondition,
  PaperQuestion,
  PaperSheetBody,
  PaperSheetResult,
  PaperStatus,
} from '@uwe/schema';
import { formatCode, paperForm, paperText } from '@uwe/schema';
import type { Kysely, Transaction } from 'kysely';
import { writeAudit } from '../audit/audit.repository.ts';
import type { DB } from '../db/types.ts';
import { type AnswerError, findInstrument, formFor, validateAnswers } from '../instruments/instruments.service.ts';
import { AppError, conflict, notFound } from '../lib/errors.ts';
import type { StaffPrincipal } from '../plugins/app/auth.ts';
import { assertSchoolAccess } from '../sessions/sessions.service.ts';
import * as repo from './paper.repository.ts';

/**
 * How long after a session ended its teacher may still type in (and undo) paper sheets. Sheets are
 * typed after the school day, often days later, and double entry needs a second person: two weeks
 * cover that with a weekend or a sick day to spare. Afterwards a school's figures should not move
 * any more without someone at the city's office knowing, so only admins may enter late sheets (a
 * stack that arrives by post), until the wave is marked released.
 */
export const PAPER_ENTRY_DAYS = 14;

type SessionRow = NonNullable<Awaited<ReturnType<typeof repo.findSessionWithWave>>>;

/** As the sessions service decides it: not closed and before its end. */
const sessionOpen = (row: Pick<SessionRow, 'closes_at' | 'closed_at'>, now = new Date()) =>
  row.closed_at === null && row.closes_at > now;

interface Layout {
  byId: Map<string, PaperQuestion>;
  order: Map<string, number>;
}

/** Instrument versions never change, so each form's paper layout is computed once per process. */
const layouts = new Map<string, Layout>();

function layoutOf(instrument: InstrumentVersion, form: 'grade4' | 'grade7'): Layout {
  const key = `${instrument.id}/${form}`;
  let layout = layouts.get(key);
  if (!layout) {
    const { questions } = paperForm(instrument.forms[form]);
    layout = {
      byId: new Map(questions.map((q) => [q.itemId, q])),
      order: new Map(questions.map((q, i) => [q.itemId, i])),
    };
    layouts.set(key, layout);
  }
  return layout;
}

interface Context {
  row: SessionRow;
  instrument: InstrumentVersion;
  layout: Layout;
  staff: StaffPrincipal;
}

async function load(db: Kysely<DB>, staff: StaffPrincipal, sessionId: string): Promise<Context> {
  const row = await repo.findSessionWithWave(db, sessionId);
  if (!row) throw notFound('Diese Sitzung gibt es nicht.', 'SESSION_NOT_FOUND');
  assertSchoolAccess(staff, row.school_id);
  const instrument = await findInstrument(db, row.instrument_id);
  if (!instrument) throw new AppError(500, 'INTERNAL_ERROR', `instrument ${row.instrument_id} is missing`);
  return { row, instrument, layout: layoutOf(instrument, formFor(row.grade)), staff };
}

const dateTime = new Intl.DateTimeFormat('de-DE', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Europe/Berlin',
});

/** Who may enter sheets of this session now, and the rule in words. */
export function entryWindow(
  row: Pick<SessionRow, 'closes_at' | 'closed_at' | 'wave_name' | 'wave_status'>,
  role: StaffPrincipal['role'],
  now = new Date(),
): PaperStatus['entry'] {
  if (row.wave_status === 'released') {
    return {
      open: false,
      until: null,
      note: `Die Befragungswelle „${row.wave_name}“ ist abgeschlossen und veröffentlicht; es können keine Fragebögen mehr erfasst werden.`,
    };
  }
  if (sessionOpen(row, now)) {
    return { open: true, until: null, note: 'Die Sitzung läuft; Papierfragebögen können Sie jederzeit erfassen.' };
  }
  const until = new Date(row.closes_at.getTime() + PAPER_ENTRY_DAYS * 86_400_000);
  if (role === 'admin') {
    return {
      open: true,
      until: null,
      note: `Die Sitzung ist beendet. Lehrkräfte können bis ${dateTime.format(until)} erfassen, die Verwaltung bis die Welle veröffentlicht ist.`,
    };
  }
  const open = now < until;
  return {
    open,
    until: until.toISOString(),
    note: open
      ? `Papierfragebögen dieser Sitzung können Sie bis ${dateTime.format(until)} erfassen (${PAPER_ENTRY_DAYS} Tage nach dem Ende der Sitzung).`
      : `Die Sitzung ist seit mehr als ${PAPER_ENTRY_DAYS} Tagen beendet (Frist bis ${dateTime.format(until)}). Papierfragebögen kann jetzt nur noch die Verwaltung erfassen.`,
  };
}

function assertEntryOpen(ctx: Context) {
  const w = entryWindow(ctx.row, ctx.staff.role);
  if (!w.open) throw new AppError(410, 'PAPER_ENTRY_CLOSED', w.note);
}

function assertLanguage(ctx: Context, language: string) {
  if (!ctx.instrument.languages.some((l) => l.code === language)) {
    throw new AppError(400, 'VALIDATION_FAILED', `Die Sprache "${language}" gibt es in diesem Fragebogen nicht.`, {
      fields: ['body/language'],
    });
  }
}

const quoted = (q: PaperQuestion, codes: readonly unknown[]) =>
  codes.map((c) => `„${paperText(q.choices.find((x) => x.code === c)?.text, 'de') || String(c)}“`).join(' oder ');

function conditionText(filter: PaperQuestion, condition: PaperCondition): string {
  const named = quoted(filter, condition.codes);
  return condition.mode === 'if' ? named : `etwas anderes als ${named}`;
}

/** One problem of a sheet in words, naming the question by its number on the sheet. */
function describe(ctx: Context, e: AnswerError): string {
  const q = ctx.layout.byId.get(e.itemId);
  if (e.itemId === '*') return 'Die Antworten müssen als Objekt (Frage → Antwort) gesendet werden.';
  if (!q) {
    return e.reason === 'not_asked_in_grade'
      ? `„${e.itemId}“ wird in Jahrgangsstufe ${ctx.row.grade} nicht gefragt.`
      : `„${e.itemId}“ gehört nicht zu diesem Fragebogen.`;
  }
  const name = `Frage ${q.number}`;
  switch (e.reason) {
    case 'filter_not_given': {
      const filter = q.filter ? ctx.layout.byId.get(q.filter.itemId) : undefined;
      if (!filter || !q.filter) return `${name} darf auf diesem Bogen nicht beantwortet sein.`;
      return `${name} gilt nur, wenn bei Frage ${filter.number} ${conditionText(filter, q.filter.condition)} angekreuzt ist – auf diesem Bogen ist das nicht so. Bitte lassen Sie ${name} leer.`;
    }
    case 'out_of_range':
      return q.kind === 'multi'
        ? `${name}: Diese Antworten gibt es nicht oder sie schließen sich aus.`
        : `${name}: Diese Antwort gibt es nicht.`;
    case 'duplicate':
      return `${name}: Eine Antwort ist doppelt angegeben.`;
    case 'too_long':
      return `${name}: Der Text ist zu lang (höchstens ${q.maxLength ?? 1000} Zeichen).`;
    default:
      return `${name}: Die Antwort hat nicht die passende Form.`;
  }
}

/**
 * The tablet's checks (packages/schema) with messages for the person at the keyboard: a follow-up
 * answered without its filter answer is FOLLOW_UP_WITHOUT_FILTER, anything else INVALID_ANSWERS;
 * both 422 with every item, its number on the sheet and the reason.
 */
function assertValid(ctx: Context, answers: unknown) {
  const errors = validateAnswers(ctx.instrument, ctx.row.grade, answers);
  if (errors.length === 0) return;
  const routingOnly = errors.every((e) => e.reason === 'filter_not_given');
  const shown = errors.slice(0, 5).map((e) => describe(ctx, e));
  if (errors.length > 5) shown.push(`(und ${errors.length - 5} weitere)`);
  throw new AppError(422, routingOnly ? 'FOLLOW_UP_WITHOUT_FILTER' : 'INVALID_ANSWERS', shown.join(' '), {
    items: errors.map((e) => ({ ...e, number: ctx.layout.byId.get(e.itemId)?.number ?? null })),
  });
}

function limitOf(row: SessionRow): number {
  return row.enrolled_pupils ?? row.seat_cap;
}

async function status(db: Kysely<DB> | Transaction<DB>, ctx: Context): Promise<PaperStatus> {
  const [counts, pending] = await Promise.all([
    repo.countResponses(db, ctx.row.id),
    repo.countPendingSheets(db, ctx.row.id),
  ]);
  return {
    sessionId: ctx.row.id,
    instrumentId: ctx.instrument.id,
    form: formFor(ctx.row.grade),
    grade: ctx.row.grade as PaperStatus['grade'],
    classLabel: ctx.row.class_label,
    codeDisplay: formatCode(ctx.row.code),
    sessionStatus: sessionOpen(ctx.row) ? 'open' : 'closed',
    enrolledPupils: ctx.row.enrolled_pupils,
    limit: limitOf(ctx.row),
    counts: { ...counts, pending },
    entry: entryWindow(ctx.row, ctx.staff.role),
  };
}

export async function paperStatus(db: Kysely<DB>, staff: StaffPrincipal, sessionId: string): Promise<PaperStatus> {
  return status(db, await load(db, staff, sessionId));
}

/**
 * Adds finished paper responses in one transaction with the session locked: the class size is
 * checked, the rows are inserted and the session's paper rows shuffled, or nothing is written.
 */
async function addSheets(
  db: Kysely<DB>,
  ctx: Context,
  sheets: readonly { answers: Answers; language: string }[],
  work: (trx: Transaction<DB>) => Promise<void>,
  audit: { action: string; details?: Record<string, unknown> },
): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    await repo.lockSession(trx, ctx.row.id);
    const used = await repo.countResponses(trx, ctx.row.id);
    const limit = limitOf(ctx.row);
    if (used.paper + used.tablet + sheets.length > limit) {
      throw conflict(
        ctx.row.enrolled_pupils === null
          ? `Für diese Sitzung sind schon ${used.paper + used.tablet} Fragebögen erfasst; mehr Plätze hat sie nicht (${limit}). Bitte geben Sie die Klassengröße an.`
          : `Für diese Klasse sind schon ${used.paper + used.tablet} Fragebögen erfasst – die Klasse hat laut Klassengröße ${limit} Kinder. Bitte prüfen Sie die Klassengröße.`,
        'SESSION_FULL',
      );
    }
    const ids: string[] = [];
    for (const s of sheets) {
      ids.push(
        await repo.insertPaperResponse(trx, {
          sessionId: ctx.row.id,
          waveId: ctx.row.wave_id,
          schoolId: ctx.row.school_id,
          grade: ctx.row.grade,
          language: s.language,
          answers: JSON.stringify(s.answers),
        }),
      );
    }
    await work(trx);
    await repo.shufflePaperResponses(trx, ctx.row.id);
    // Who entered how many sheets when: never which sheet, never an answer.
    await writeAudit(trx, {
      actorId: ctx.staff.id,
      action: audit.action,
      entity: 'survey_session',
      entityId: ctx.row.id,
      details: { sheets: sheets.length, ...audit.details },
    });
    return ids;
  });
}

export async function enterSheet(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  sessionId: string,
  body: PaperSheetBody,
): Promise<PaperSheetResult> {
  const ctx = await load(db, staff, sessionId);
  assertEntryOpen(ctx);
  assertLanguage(ctx, body.language);
  assertValid(ctx, body.answers);
  const [sheetId] = await addSheets(db, ctx, [body], async () => {}, { action: 'paper_sheet' });
  return { sheetId: sheetId!, status: await status(db, ctx) };
}

/** Undo: removes one paper response of the session by the id its entry returned. */
export async function undoSheet(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  sessionId: string,
  sheetId: string,
): Promise<PaperStatus> {
  const ctx = await load(db, staff, sessionId);
  assertEntryOpen(ctx);
  await db.transaction().execute(async (trx) => {
    await repo.lockSession(trx, ctx.row.id);
    const gone = await repo.deletePaperResponse(trx, ctx.row.id, sheetId);
    if (!gone) throw notFound('Diesen Papierbogen gibt es in dieser Sitzung nicht (mehr).', 'SHEET_NOT_FOUND');
    await writeAudit(trx, {
      actorId: staff.id,
      action: 'paper_undo',
      entity: 'survey_session',
      entityId: ctx.row.id,
      details: { sheets: 1 },
    });
  });
  return status(db, ctx);
}

// Double entry ---------------------------------------------------------------------------------

/** Two entries agree on a value: multiple choice as a set, text without surrounding blanks. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) && Array.isArray(b)) {
    const sa = a.map((x) => JSON.stringify(x)).sort();
    const sb = b.map((x) => JSON.stringify(x)).sort();
    return sa.length === sb.length && sa.every((x, i) => x === sb[i]);
  }
  if (typeof a === 'string' && typeof b === 'string') return a.trim() === b.trim();
  return a === b;
}

type EntryRow = Awaited<ReturnType<typeof repo.findEntries>>[number];

function compare(ctx: Context, first: EntryRow, second: EntryRow) {
  const a = first.answers as Record<string, unknown>;
  const b = second.answers as Record<string, unknown>;
  const ids = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort(
    (x, y) => (ctx.layout.order.get(x) ?? 1e9) - (ctx.layout.order.get(y) ?? 1e9),
  );
  const differences: DoubleEntryDifference[] = [];
  for (const id of ids) {
    if (sameValue(a[id], b[id])) continue;
    differences.push({
      itemId: id,
      number: ctx.layout.byId.get(id)?.number ?? id,
      first: (a[id] ?? null) as DoubleEntryDifference['first'],
      second: (b[id] ?? null) as DoubleEntryDifference['second'],
    });
  }
  const languages = first.language === second.language ? null : { first: first.language, second: second.language };
  return { differences, languages };
}

function sheetsOf(ctx: Context, rows: readonly EntryRow[]): DoubleEntrySheet[] {
  const bySheet = new Map<number, { first?: EntryRow; second?: EntryRow }>();
  for (const r of rows) {
    const s = bySheet.get(r.sheet) ?? {};
    if (r.pass === 1) s.first = r;
    else s.second = r;
    bySheet.set(r.sheet, s);
  }
  return [...bySheet.entries()]
    .sort(([x], [y]) => x - y)
    .map(([sheet, { first, second }]) => ({
      sheet,
      first: first !== undefined,
      second: second !== undefined,
      ...(first && second ? compare(ctx, first, second) : { differences: [], languages: null }),
    }));
}

async function list(db: Kysely<DB>, ctx: Context): Promise<DoubleEntryList> {
  const [rows, counted] = await Promise.all([repo.findEntries(db, ctx.row.id), repo.countedSheets(db, ctx.row.id)]);
  return { sheets: sheetsOf(ctx, rows), counted, status: await status(db, ctx) };
}

export async function listDoubleEntry(db: Kysely<DB>, staff: StaffPrincipal, sessionId: string) {
  return list(db, await load(db, staff, sessionId));
}

const alreadyCounted = (sheet: number) =>
  conflict(
    `Bogen ${sheet} ist schon abgeglichen und gezählt. Hat ein anderer Bogen dieselbe Nummer, geben Sie ihm bitte eine neue.`,
    'SHEET_ALREADY_COUNTED',
  );

/** One person's entry of sheet `sheet`; typing it again replaces that person's entry. */
export async function putDoubleEntry(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  sessionId: string,
  sheet: number,
  pass: number,
  body: PaperSheetBody,
): Promise<DoubleEntrySheet> {
  const ctx = await load(db, staff, sessionId);
  assertEntryOpen(ctx);
  assertLanguage(ctx, body.language);
  assertValid(ctx, body.answers);
  await db.transaction().execute(async (trx) => {
    await repo.lockSession(trx, ctx.row.id);
    if ((await repo.countedSheets(trx, ctx.row.id)).includes(sheet)) throw alreadyCounted(sheet);
    await repo.upsertEntry(trx, {
      sessionId: ctx.row.id,
      sheet,
      pass,
      language: body.language,
      answers: JSON.stringify(body.answers),
    });
  });
  const [state] = sheetsOf(ctx, await repo.findEntries(db, ctx.row.id, sheet));
  return state!;
}

export async function deleteDoubleEntry(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  sessionId: string,
  sheet: number,
  pass: number,
): Promise<DoubleEntryList> {
  const ctx = await load(db, staff, sessionId);
  assertEntryOpen(ctx);
  const gone = await repo.deleteEntry(db, ctx.row.id, sheet, pass);
  if (gone.length === 0) throw notFound(`Bogen ${sheet} hat keine ${pass}. Eingabe.`, 'SHEET_NOT_FOUND');
  return list(db, ctx);
}

/** Both entries of a sheet, or 409 when one is missing. */
function bothEntries(rows: readonly EntryRow[], sheet: number) {
  const first = rows.find((r) => r.sheet === sheet && r.pass === 1);
  const second = rows.find((r) => r.sheet === sheet && r.pass === 2);
  if (!first || !second) {
    throw conflict(
      `Bogen ${sheet} ist erst ${first || second ? 'einmal' : 'gar nicht'} erfasst; abgeglichen wird, wenn beide Eingaben da sind.`,
      'DOUBLE_ENTRY_INCOMPLETE',
    );
  }
  return { first, second };
}

/**
 * Resolves one sheet: the agreed answers plus, for every item the entries disagree on, the value
 * that stands on the paper or that it stays empty. Checked like any sheet; then it counts.
 */
export async function resolveSheet(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  sessionId: string,
  sheet: number,
  body: DoubleEntryResolveBody,
): Promise<PaperSheetResult> {
  const ctx = await load(db, staff, sessionId);
  assertEntryOpen(ctx);
  const { first, second } = bothEntries(await repo.findEntries(db, ctx.row.id, sheet), sheet);
  const { differences, languages } = compare(ctx, first, second);
  const open = new Set(differences.map((d) => d.itemId));
  const empty = body.empty ?? [];
  const decided = [...Object.keys(body.values), ...empty];
  const missing = differences.filter((d) => !decided.includes(d.itemId)).map((d) => `Frage ${d.number}`);
  const extra = decided.filter((id) => !open.has(id));
  const twice = empty.filter((id) => Object.hasOwn(body.values, id));
  if (missing.length > 0 || extra.length > 0 || twice.length > 0 || (languages && !body.language)) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`Für ${missing.join(', ')} fehlt die Entscheidung.`);
    if (extra.length > 0)
      parts.push(`Bei ${extra.join(', ')} stimmen beide Eingaben überein oder es gibt die Frage nicht.`);
    if (twice.length > 0) parts.push(`${twice.join(', ')}: entweder eine Antwort oder leer, nicht beides.`);
    if (languages && !body.language) parts.push('Die Sprache des Bogens unterscheidet sich; bitte wählen Sie sie.');
    throw new AppError(422, 'VALIDATION_FAILED', parts.join(' '), { fields: ['body/values'] });
  }
  const answers: Record<string, unknown> = { ...(first.answers as Record<string, unknown>), ...body.values };
  for (const id of empty) delete answers[id];
  const language = body.language ?? first.language;
  assertLanguage(ctx, language);
  assertValid(ctx, answers);
  const [sheetId] = await addSheets(
    db,
    ctx,
    [{ answers: answers as Answers, language }],
    async (trx) => {
      // The same sheet resolved twice at once: the second transaction finds nothing left.
      if ((await repo.deleteEntry(trx, ctx.row.id, sheet)).length !== 2) throw alreadyCounted(sheet);
      await repo.markCounted(trx, ctx.row.id, sheet);
    },
    { action: 'paper_resolve' },
  );
  return { sheetId: sheetId!, status: await status(db, ctx) };
}

/** Every sheet whose two entries agree counts now, in one transaction. */
export async function commitMatching(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  sessionId: string,
): Promise<DoubleEntryCommitResult> {
  const ctx = await load(db, staff, sessionId);
  assertEntryOpen(ctx);
  const rows = await repo.findEntries(db, ctx.row.id);
  const matching = sheetsOf(ctx, rows).filter(
    (s) => s.first && s.second && s.differences.length === 0 && s.languages === null,
  );
  if (matching.length > 0) {
    const sheets = matching.map((s) => {
      const first = rows.find((r) => r.sheet === s.sheet && r.pass === 1)!;
      return { answers: first.answers as Answers, language: first.language };
    });
    await addSheets(
      db,
      ctx,
      sheets,
      async (trx) => {
        for (const s of matching) {
          if ((await repo.deleteEntry(trx, ctx.row.id, s.sheet)).length !== 2) throw alreadyCounted(s.sheet);
          await repo.markCounted(trx, ctx.row.id, s.sheet);
        }
      },
      { action: 'paper_commit' },
    );
  }
  return { committed: matching.length, list: await list(db, ctx) };
}
