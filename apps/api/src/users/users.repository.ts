import type { Kysely, Transaction } from 'kysely';
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
