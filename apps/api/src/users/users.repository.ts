import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, NewStaffUser, Role } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('staff_user')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function schoolIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('staff_user_school').select('school_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.school_id);
}

export function insertUser(db: Db, user: NewStaffUser) {
  return db.insertInto('staff_user').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function setUserSchools(db: Db, userId: string, schoolIds: string[]) {
  await db.deleteFrom('staff_user_school').where('user_id', '=', userId).execute();
  if (schoolIds.length > 0) {
    await db
      .insertInto('staff_user_school')
      .values(schoolIds.map((school_id) => ({ user_id: userId, school_id })))
      .execute();
  }
}

export async function countActiveUsersWithRole(db: Db, role: Role): Promise<number> {
  const row = await db
    .selectFrom('staff_user')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('role', '=', role)
    .where('active', '=', true)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertStaffSession(db: Db, userId: string, expiresAt: Date) {
  return db
    .insertInto('staff_session')
    .values({ user_id: userId, expires_at: expiresAt })
    .returning('id')
    .executeTakeFirstOrThrow();
}

/** The account behind a sign-in that is still valid (not logged out, not ended by an admin, not expired). */
export function findUserBySession(db: Db, sessionId: string, userId: string) {
  return db
    .selectFrom('staff_session as s')
    .innerJoin('staff_user as u', 'u.id', 's.user_id')
    .selectAll('u')
    .where('s.id', '=', sessionId)
    .where('s.user_id', '=', userId)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
}

/** Which of these sign-ins still belong to an active account with this session version. */
export async function validSessions(db: Db, sessions: { sessionId: string; version: number }[]) {
  if (sessions.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('staff_session as s')
    .innerJoin('staff_user as u', 'u.id', 's.user_id')
    .select(['s.id', 'u.session_version'])
    .where(
      's.id',
      'in',
      sessions.map((s) => s.sessionId),
    )
    .where('u.active', '=', true)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .execute();
  const version = new Map(sessions.map((s) => [s.sessionId, s.version]));
  return new Set(rows.filter((r) => version.get(r.id) === r.session_version).map((r) => r.id));
}

export function deleteStaffSession(db: Db, sessionId: string) {
  return db.deleteFrom('staff_session').where('id', '=', sessionId).execute();
}

/** Ends every sign-in of an account (and sweeps expired ones of everybody while at it). */
export async function deleteStaffSessionsOfUser(db: Db, userId: string): Promise<number> {
  const rows = await db
    .deleteFrom('staff_session')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('expires_at', '<', sql<Date>`now()`)]))
    .returning('user_id')
    .execute();
  return rows.filter((r) => r.user_id === userId).length;
}

export function deleteExpiredStaffSessions(db: Db) {
  return db.deleteFrom('staff_session').where('expires_at', '<', sql<Date>`now()`).execute();
}
