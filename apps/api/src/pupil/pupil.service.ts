import {
  type JoinResult,
  RESIDENCE_OUTSIDE,
  RESIDENCE_UNKNOWN,
  type SaveResponseBody,
  type SaveResponseResult,
} from '@uwe/schema';
import type { Kysely } from 'kysely';
import { findWave } from '../admin/admin.repository.ts';
import type { DB } from '../db/types.ts';
import { findInstrument, formFor, pupilInstrument, validateAnswers } from '../instruments/instruments.service.ts';
import { AppError } from '../lib/errors.ts';
import type { SeatClaims, Tokens } from '../lib/tokens.ts';
import { isResidenceCode } from '../places/places.service.ts';
import { normaliseCode } from '../sessions/session-code.ts';
import { findSession, findSessionByCode, seatStillValid, takeSeat } from '../sessions/sessions.repository.ts';
import { isOpen } from '../sessions/sessions.service.ts';
import * as repo from './pupil.repository.ts';

/** Sozialraum codes a residence answer may carry, read at most every 30 s. */
const residenceCodes = { codes: new Set<string>(), at: 0 };

export const unknownCode = () =>
  new AppError(404, 'SESSION_NOT_FOUND', 'Diesen Code gibt es nicht. Schau noch einmal an die Tafel.');
const closed = () => new AppError(410, 'SESSION_CLOSED', 'Diese Befragung ist schon beendet.');
const locked = () => new AppError(410, 'CODE_LOCKED', 'Dieser Code ist gesperrt. Sag bitte deiner Lehrkraft Bescheid.');

export async function join(db: Kysely<DB>, tokens: Tokens, rawCode: string, graceHours: number): Promise<JoinResult> {
  const code = normaliseCode(rawCode);
  if (!code) throw unknownCode();
  const session = await findSessionByCode(db, code);
  if (!session) throw unknownCode();
  if (!isOpen(session)) throw closed();
  if (session.code_locked_at) throw locked();
  const seated = await takeSeat(db, session.id);
  if (!seated) {
    const now = await findSession(db, session.id);
    if (!now || !isOpen(now)) throw closed();
    if (now.code_locked_at) throw locked();
    throw new AppError(
      409,
      'SESSION_FULL',
      'In dieser Befragung sind schon alle Plätze vergeben. Sag bitte deiner Lehrkraft Bescheid.',
    );
  }
  const wave = await findWave(db, session.wave_id);
  const instrument = await findInstrument(db, wave!.instrument_id);
  if (!instrument)
    throw new AppError(500, 'INTERNAL_ERROR', `instrument ${wave!.instrument_id} of wave ${wave!.id} is missing`);
  // Answers given offline before the close must still reach the server: the seat outlives the session.
  // Whole seconds, as the token's `exp` carries it.
  const expiresAt = new Date(Math.floor((seated.closes_at.getTime() + graceHours * 3_600_000) / 1000) * 1000);
  const { token } = await tokens.signSeat(session.id, expiresAt);
  return {
    token,
    instrument: { id: instrument.id, form: formFor(seated.grade) },
    languages: instrument.languages.map(({ code: c, name, dir }) => ({ code: c, name, dir })),
    expiresAt: expiresAt.toISOString(),
  };
}

interface SessionFacts {
  waveId: string;
  schoolId: string;
  grade: number;
  instrumentId: string;
}

/**
 * What a save needs to know about its session never changes once the session exists, so it is
 * read once per process and session instead of once per autosave.
 */
const facts = new Map<string, SessionFacts>();
const FACTS_MAX = 20_000;

async function sessionFacts(db: Kysely<DB>, sessionId: string): Promise<SessionFacts> {
  const cached = facts.get(sessionId);
  if (cached) return cached;
  const row = await db
    .selectFrom('survey_session as s')
    .innerJoin('wave as w', 'w.id', 's.wave_id')
    .select(['s.wave_id', 's.school_id', 's.grade', 'w.instrument_id'])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) throw new AppError(401, 'TOKEN_INVALID', 'Dieser Sitzplatz gehört zu keiner Befragung.');
  const f = { waveId: row.wave_id, schoolId: row.school_id, grade: row.grade, instrumentId: row.instrument_id };
  if (facts.size >= FACTS_MAX) facts.clear();
  facts.set(sessionId, f);
  return f;
}

/**
 * A seat follows its session: it may upload until the session's actual close plus the grace
 * period. The token's own expiry is the planned end; a session closed early ends its seats earlier.
 */
async function assertSeatValid(db: Kysely<DB>, seat: SeatClaims, graceHours: number) {
  if (!(await seatStillValid(db, seat.sessionId, graceHours))) {
    throw new AppError(
      401,
      'SEAT_EXPIRED',
      'Diese Befragung ist beendet; es können keine Antworten mehr gespeichert werden.',
    );
  }
}

export async function saveResponse(
  db: Kysely<DB>,
  seat: SeatClaims,
  body: SaveResponseBody,
  graceHours: number,
): Promise<SaveResponseResult> {
  const f = await sessionFacts(db, seat.sessionId);
  const instrument = await findInstrument(db, f.instrumentId);
  if (!instrument?.languages.some((l) => l.code === body.language)) {
    throw new AppError(400, 'VALIDATION_FAILED', `Die Sprache "${body.language}" gibt es in diesem Fragebogen nicht.`, {
      fields: ['body/language'],
    });
  }
  const invalid = validateAnswers(instrument, f.grade, body.answers);
  if (invalid.length > 0) {
    throw new AppError(422, 'INVALID_ANSWERS', `Ungültige Antworten bei: ${invalid.map((e) => e.itemId).join(', ')}`, {
      items: invalid,
    });
  }
  // Where the child lives: a Sozialraum code of this city (the street stayed on the tablet).
  const residence = body.answers.residence;
  if (
    typeof residence === 'string' &&
    residence !== RESIDENCE_UNKNOWN &&
    residence !== RESIDENCE_OUTSIDE &&
    instrument.catalogue.items.some((i) => i.id === 'residence' && i.answerScale === 'residence') &&
    !(await isResidenceCode(db, residenceCodes, residence))
  ) {
    throw new AppError(422, 'INVALID_ANSWERS', 'Ungültige Antworten bei: residence', {
      items: [{ itemId: 'residence', reason: 'out_of_range' }],
    });
  }
  const answers = JSON.stringify(body.answers);
  // One statement: written only while the seat is valid (its session's close plus the grace period).
  const saved = await repo.upsertResponse(
    db,
    {
      seatId: seat.seatId,
      sessionId: seat.sessionId,
      ...f,
      language: body.language,
      answers,
      page: body.page,
      revision: body.revision,
      complete: body.complete,
    },
    graceHours,
  );
  if (saved) return { status: saved.status as SaveResponseResult['status'], revision: saved.revision, applied: true };

  // Nothing written: the seat has expired, or the stored row won (finished, withdrawn, newer).
  await assertSeatValid(db, seat, graceHours);
  const stored = await repo.findResponseState(db, seat.seatId, answers);
  if (!stored) throw new AppError(503, 'DATABASE_UNAVAILABLE', 'Bitte gleich noch einmal versuchen.');
  if (stored.status === 'withdrawn') {
    throw new AppError(409, 'RESPONSE_WITHDRAWN', 'Diese Antworten wurden auf Wunsch gelöscht.');
  }
  if (stored.status === 'finished') {
    // The same finish again (a retry after a lost answer, a second tab) is simply confirmed.
    if (body.complete && stored.same_answers) return { status: 'finished', revision: stored.revision, applied: false };
    throw new AppError(
      409,
      'RESPONSE_FINISHED',
      'Dieser Fragebogen ist schon abgeschickt und kann nicht mehr geändert werden.',
    );
  }
  // A stale autosave (lower or equal revision): the newer answers stay.
  return { status: 'in_progress', revision: stored.revision, applied: false };
}

export async function withdraw(db: Kysely<DB>, seat: SeatClaims, graceHours: number): Promise<void> {
  const [f] = await Promise.all([sessionFacts(db, seat.sessionId), assertSeatValid(db, seat, graceHours)]);
  const row = await repo.withdrawResponse(db, { seatId: seat.seatId, sessionId: seat.sessionId, ...f, language: 'de' });
  if (!row) {
    throw new AppError(
      409,
      'RESPONSE_FINISHED',
      'Dieser Fragebogen ist schon abgeschickt; er ist anonym und kann keinem Kind zugeordnet werden.',
    );
  }
}

/** The seat's own form of its session's instrument; another id or form is not this seat's to load. */
export async function seatInstrument(
  db: Kysely<DB>,
  seat: SeatClaims,
  id: string,
  form: string | undefined,
  language: string | undefined,
) {
  const f = await sessionFacts(db, seat.sessionId);
  const instrument = f.instrumentId === id ? await findInstrument(db, id) : undefined;
  if (!instrument) throw new AppError(404, 'NOT_FOUND', `Den Fragebogen "${id}" gibt es für diesen Sitzplatz nicht.`);
  if (form !== undefined && form !== formFor(f.grade)) {
    throw new AppError(404, 'NOT_FOUND', `Die Form "${form}" gehört nicht zu diesem Sitzplatz.`);
  }
  if (language !== undefined && !instrument.languages.some((l) => l.code === language)) {
    throw new AppError(404, 'NOT_FOUND', `Den Fragebogen gibt es nicht in der Sprache "${language}".`);
  }
  return pupilInstrument(instrument, formFor(f.grade), language);
}
