import {
  gradeFitsSchoolType,
  gradeSchoolTypeMessage,
  type Session,
  type SessionCounts,
  type SessionCreate,
} from '@uwe/schema';
import type { Kysely, Selectable } from 'kysely';
import { findSchool, findWave } from '../admin/admin.repository.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { DB, SurveySessionTable } from '../db/types.ts';
import { isUniqueViolation } from '../lib/db-errors.ts';
import { AppError, conflict, forbidden, notFound } from '../lib/errors.ts';
import type { StaffPrincipal } from '../plugins/app/auth.ts';
import { formatCode, generateCode } from './session-code.ts';
import * as repo from './sessions.repository.ts';

type Row = Selectable<SurveySessionTable>;

export function isOpen(row: Row, now = new Date()): boolean {
  return row.closed_at === null && row.closes_at > now;
}

function toSession(row: Row, counts: repo.Counts | undefined): Session {
  const c: SessionCounts = {
    joined: row.seats_taken,
    answering: counts?.answering ?? 0,
    finished: counts?.finished ?? 0,
    withdrawn: counts?.withdrawn ?? 0,
    paper: counts?.paper ?? 0,
  };
  const open = isOpen(row);
  return {
    id: row.id,
    waveId: row.wave_id,
    schoolId: row.school_id,
    grade: row.grade as Session['grade'],
    classLabel: row.class_label,
    expectedPupils: row.expected_pupils,
    enrolledPupils: row.enrolled_pupils,
    seatCap: row.seat_cap,
    code: row.code,
    codeDisplay: formatCode(row.code),
    joinUrl: `/?code=${row.code}`,
    openedAt: row.opened_at.toISOString(),
    closesAt: row.closes_at.toISOString(),
    // A session that ran out of time is closed at its planned end.
    closedAt: row.closed_at?.toISOString() ?? (open ? null : row.closes_at.toISOString()),
    status: open ? 'open' : 'closed',
    codeLockedAt: row.code_locked_at?.toISOString() ?? null,
    counts: c,
  };
}

/** Teachers act only at their own schools; admins everywhere. */
export function assertSchoolAccess(staff: StaffPrincipal, schoolId: string) {
  if (staff.role === 'admin') return;
  if (staff.role === 'teacher' && staff.schoolIds.includes(schoolId)) return;
  throw forbidden('Diese Schule gehört nicht zu Ihren Schulen.');
}

export async function openSession(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  body: SessionCreate,
  windowMinutes: number,
): Promise<Session> {
  assertSchoolAccess(staff, body.schoolId);
  const [wave, school] = await Promise.all([findWave(db, body.waveId), findSchool(db, body.schoolId)]);
  if (!wave)
    throw new AppError(422, 'VALIDATION_FAILED', 'Diese Befragungswelle gibt es nicht.', { fields: ['body/waveId'] });
  if (!school?.active)
    throw new AppError(422, 'VALIDATION_FAILED', 'Diese Schule gibt es nicht (mehr).', { fields: ['body/schoolId'] });
  if (wave.status !== 'in_field') {
    throw conflict(
      `Die Welle "${wave.name}" ist nicht im Feld; Sitzungen können nur während der Feldphase geöffnet werden.`,
    );
  }
  if (!wave.grades.includes(body.grade)) {
    throw new AppError(
      422,
      'VALIDATION_FAILED',
      `Die Welle "${wave.name}" befragt die Jahrgangsstufe ${body.grade} nicht.`,
      {
        fields: ['body/grade'],
      },
    );
  }
  // The form follows the grade: a grade the school does not teach would give its children the wrong one.
  if (!gradeFitsSchoolType(school.type, body.grade)) {
    throw new AppError(422, 'GRADE_NOT_AT_SCHOOL', gradeSchoolTypeMessage(school.name, school.type, body.grade), {
      fields: ['body/grade'],
    });
  }
  if (body.enrolledPupils !== undefined && body.enrolledPupils < body.expectedPupils)
    throw enrolledTooSmall(body.expectedPupils);
  const closesAt = new Date(Date.now() + windowMinutes * 60_000);
  // Codes are unique for all time; with 31^6 codes a collision is rare, and a retry resolves it.
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        const row = await repo.insertSession(trx, {
          wave_id: body.waveId,
          school_id: body.schoolId,
          grade: body.grade,
          class_label: body.classLabel.trim(),
          expected_pupils: body.expectedPupils,
          enrolled_pupils: body.enrolledPupils ?? null,
          code: generateCode(),
          opened_by: staff.id,
          closes_at: closesAt,
        });
        await writeAudit(trx, {
          actorId: staff.id,
          action: 'open',
          entity: 'survey_session',
          entityId: row.id,
          details: {
            schoolId: row.school_id,
            waveId: row.wave_id,
            grade: row.grade,
            expectedPupils: row.expected_pupils,
            enrolledPupils: row.enrolled_pupils,
          },
        });
        return toSession(row, undefined);
      });
    } catch (err) {
      if (!isUniqueViolation(err, 'survey_session_code_key')) throw err;
    }
  }
  throw new AppError(503, 'INTERNAL_ERROR', 'Es konnte kein freier Code erzeugt werden. Bitte erneut versuchen.');
}

export async function listSessions(db: Kysely<DB>, staff: StaffPrincipal): Promise<Session[]> {
  const rows = await repo.listSessions(db, staff.role === 'admin' ? null : staff.schoolIds);
  const counts = await repo.countResponses(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toSession(r, counts.get(r.id)));
}

export async function getSession(db: Kysely<DB>, staff: StaffPrincipal, id: string): Promise<Session> {
  const row = await repo.findSession(db, id);
  if (!row) throw notFound('Diese Sitzung gibt es nicht.', 'SESSION_NOT_FOUND');
  assertSchoolAccess(staff, row.school_id);
  const counts = await repo.countResponses(db, [id]);
  return toSession(row, counts.get(id));
}

/** A session with its counts, without an access check (the live stream checked access when it began). */
export async function loadSession(db: Kysely<DB>, id: string): Promise<Session | undefined> {
  const row = await repo.findSession(db, id);
  if (!row) return undefined;
  const counts = await repo.countResponses(db, [id]);
  return toSession(row, counts.get(id));
}

export async function closeSession(db: Kysely<DB>, staff: StaffPrincipal, id: string): Promise<Session> {
  const current = await getSession(db, staff, id);
  if (current.status === 'closed') return current;
  await db.transaction().execute(async (trx) => {
    await repo.closeSession(trx, id);
    await writeAudit(trx, { actorId: staff.id, action: 'close', entity: 'survey_session', entityId: id });
  });
  // The order in which children finished is gone from the table at once (again after the grace period).
  await repo.shuffleResponses(db, id);
  return getSession(db, staff, id);
}

/**
 * "Code sperren" when a code leaked: the session stays open for the children already in it, the
 * code gives no further seats. Locking twice changes nothing.
 */
export async function lockCode(db: Kysely<DB>, staff: StaffPrincipal, id: string): Promise<Session> {
  const current = await getSession(db, staff, id);
  if (current.codeLockedAt !== null || current.status === 'closed') return current;
  await db.transaction().execute(async (trx) => {
    await repo.lockCode(trx, id);
    await writeAudit(trx, { actorId: staff.id, action: 'lock_code', entity: 'survey_session', entityId: id });
  });
  return getSession(db, staff, id);
}

/** Rewrites the responses of sessions that closed (or whose grace period ended) in random order. */
export async function shuffleClosedSessions(db: Kysely<DB>, graceHours: number): Promise<number> {
  let shuffled = 0;
  for (const { id } of await repo.sessionsToShuffle(db, graceHours)) {
    await repo.shuffleResponses(db, id);
    shuffled++;
  }
  return shuffled;
}

function enrolledTooSmall(present: number) {
  return new AppError(
    422,
    'VALIDATION_FAILED',
    `Die Klasse hat mindestens so viele Kinder, wie heute mitmachen (${present}).`,
    { fields: ['body/enrolledPupils'] },
  );
}

/**
 * The teacher may raise, never lower, the number of pupils while the session is open, and correct
 * the class size at any time (response rates are computed when a release is built).
 */
export async function updateSession(
  db: Kysely<DB>,
  staff: StaffPrincipal,
  id: string,
  patch: { expectedPupils?: number; enrolledPupils?: number },
): Promise<Session> {
  const current = await getSession(db, staff, id);
  const expected = patch.expectedPupils;
  if (expected !== undefined && expected !== current.expectedPupils) {
    if (current.status === 'closed') throw new AppError(410, 'SESSION_CLOSED', 'Diese Sitzung ist bereits beendet.');
    if (expected < current.expectedPupils) {
      throw new AppError(
        422,
        'VALIDATION_FAILED',
        `Die Zahl kann nur erhöht werden (bisher ${current.expectedPupils}).`,
        { fields: ['body/expectedPupils'] },
      );
    }
  }
  const present = expected ?? current.expectedPupils;
  const enrolled = patch.enrolledPupils ?? current.enrolledPupils;
  if (enrolled !== null && enrolled < present) throw enrolledTooSmall(present);
  await db.transaction().execute(async (trx) => {
    if (expected !== undefined && expected !== current.expectedPupils) await repo.setExpectedPupils(trx, id, expected);
    if (patch.enrolledPupils !== undefined) await repo.setEnrolledPupils(trx, id, patch.enrolledPupils);
    await writeAudit(trx, {
      actorId: staff.id,
      action: 'update',
      entity: 'survey_session',
      entityId: id,
      details: { ...patch },
    });
  });
  return getSession(db, staff, id);
}
