import type { StaffUser } from '@uwe/schema';
import type { Kysely } from 'kysely';
import type { DB, StaffUserRow } from '../db/types.ts';
import { AppError } from '../lib/errors.ts';
import { verifyPassword } from '../lib/passwords.ts';
import {
  deleteExpiredStaffSessions,
  findUserByEmail,
  insertStaffSession,
  schoolIdsOfUser,
} from '../users/users.repository.ts';

export async function toStaffUser(db: Kysely<DB>, user: StaffUserRow): Promise<StaffUser> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    schoolIds: user.role === 'teacher' ? await schoolIdsOfUser(db, user.id) : [],
  };
}

/**
 * The one normalisation of an e-mail address, for the lookup and for the failed-login budget alike:
 * Unicode NFKC (a no-break or ideographic space becomes a plain one, full-width letters plain
 * letters), surrounding white space of any kind removed, lower case. Two spellings that reach the
 * same account therefore always share one budget.
 */
export function normaliseEmail(email: string): string {
  return email.normalize('NFKC').trim().toLowerCase();
}

/** A wrong e-mail and a wrong password get the same answer, in the same time. */
export async function login(db: Kysely<DB>, email: string, password: string): Promise<StaffUserRow> {
  const user = await findUserByEmail(db, normaliseEmail(email));
  const ok = await verifyPassword(user?.password_hash, password);
  if (!user || !ok || !user.active) {
    throw new AppError(401, 'INVALID_CREDENTIALS', 'E-Mail-Adresse oder Passwort ist falsch.');
  }
  return user;
}

/** Records a sign-in on the server; its id goes into the cookie. */
export async function startStaffSession(db: Kysely<DB>, userId: string, seconds: number): Promise<string> {
  await deleteExpiredStaffSessions(db);
  const row = await insertStaffSession(db, userId, new Date(Date.now() + seconds * 1000));
  return row.id;
}
