import type { StaffUser } from '@uwe/schema';
import type { Kysely } from 'kysely';
import type { DB, StaffUserRow } from '../db/types.ts';
import { AppError } from '../lib/errors.ts';
import { verifyPassword } from '../lib/passwords.ts';
import { findUserByEmail, schoolIdsOfUser } from '../users/users.repository.ts';

export async function toStaffUser(db: Kysely<DB>, user: StaffUserRow): Promise<StaffUser> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    schoolIds: user.role === 'teacher' ? await schoolIdsOfUser(db, user.id) : [],
  };
}

/** A wrong e-mail and a wrong password get the same answer, in the same time. */
export async function login(db: Kysely<DB>, email: string, password: string): Promise<StaffUserRow> {
  const user = await findUserByEmail(db, email.trim());
  const ok = await verifyPassword(user?.password_hash, password);
  if (!user || !ok || !user.active) {
    throw new AppError(401, 'INVALID_CREDENTIALS', 'E-Mail-Adresse oder Passwort ist falsch.');
  }
  return user;
}
