import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, Role, SchoolType, WaveStatus, WaveTable } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const listSozialraeume = (db: Db) => db.selectFrom('sozialraum').selectAll().orderBy('name').execute();
export const findSozialraum = (db: Db, id: string) =>
  db.selectFrom('sozialraum').selectAll().where('id', '=', id).executeTakeFirst();

export function insertSozialraum(
  db: Db,
  v: { name: string; code: string | null; district: string | null; geometry: string | null },
) {
  return db.insertInto('sozialraum').values(v).returningAll().executeTakeFirstOrThrow();
}

export function updateSozialraum(
  db: Db,
  id: string,
  v: Partial<{ name: string; code: string | null; district: string | null; geometry: string | null; active: boolean }>,
) {
  // An empty PATCH body changes nothing; `update … set` with no columns is not SQL.
  if (Object.keys(v).length === 0) return findSozialraum(db, id);
  return db.updateTable('sozialraum').set(v).where('id', '=', id).returningAll().executeTakeFirst();
}

export const listSchools = (db: Db) => db.selectFrom('school').selectAll().orderBy('name').execute();
export const findSchool = (db: Db, id: string) =>
  db.selectFrom('school').selectAll().where('id', '=', id).executeTakeFirst();

export function insertSchools(db: Db, rows: { name: string; sozialraum_id: string; type?: SchoolType }[]) {
  return db.insertInto('school').values(rows).returningAll().execute();
}

export function updateSchool(
  db: Db,
  id: string,
  v: Partial<{ name: string; sozialraum_id: string; type: SchoolType; active: boolean }>,
) {
  if (Object.keys(v).length === 0) return db.selectFrom('school').selectAll().where('id', '=', id).executeTakeFirst();
  return db.updateTable('school').set(v).where('id', '=', id).returningAll().executeTakeFirst();
}

export const listWaves = (db: Db) => db.selectFrom('wave').selectAll().orderBy('starts_on', 'desc').execute();
export const findWave = (db: Db, id: string) =>
  db.selectFrom('wave').selectAll().where('id', '=', id).executeTakeFirst();

export function insertWave(db: Db, v: Insertable<WaveTable>) {
  return db.insertInto('wave').values(v).returningAll().executeTakeFirstOrThrow();
}

export function updateWave(
  db: Db,
  id: string,
  v: Partial<{ name: string; grades: number[]; starts_on: string; ends_on: string; status: WaveStatus }>,
) {
  if (Object.keys(v).length === 0) return db.selectFrom('wave').selectAll().where('id', '=', id).executeTakeFirst();
  return db.updateTable('wave').set(v).where('id', '=', id).returningAll().executeTakeFirst();
}

export function listUsersWithSchools(db: Db) {
  return db
    .selectFrom('staff_user as u')
    .select(['u.id', 'u.email', 'u.display_name', 'u.role', 'u.active'])
    .select(
      sql<
        string[]
      >`coalesce((select array_agg(s.school_id order by s.school_id) from staff_user_school s where s.user_id = u.id), '{}')`.as(
        'school_ids',
      ),
    )
    .orderBy('u.email')
    .execute();
}

export function updateUser(
  db: Db,
  id: string,
  v: Partial<{ display_name: string | null; role: Role; active: boolean; password_hash: string }>,
  bumpSession: boolean,
) {
  if (Object.keys(v).length === 0 && !bumpSession) {
    return db.selectFrom('staff_user').selectAll().where('id', '=', id).executeTakeFirst();
  }
  return db
    .updateTable('staff_user')
    .set({ ...v, ...(bumpSession ? { session_version: sql<number>`session_version + 1` } : {}) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function existingSchoolIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('school').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export function listAudit(
  db: Db,
  f: { action?: string; entity?: string; actorId?: string; limit: number; before?: string },
) {
  let q = db
    .selectFrom('audit_log as a')
    .leftJoin('staff_user as u', 'u.id', 'a.actor_id')
    .select([
      'a.id',
      'a.at',
      'a.actor_id',
      'u.email as actor_email',
      'a.action',
      'a.entity',
      'a.entity_id',
      'a.details',
      // The name of the thing changed, as it is called today (deleted things keep only their id).
      // A session is named by school and grade: the class label never enters the audit log.
      sql<string | null>`case a.entity
        when 'sozialraum' then (select x.name from sozialraum x where x.id::text = a.entity_id)
        when 'school' then (select x.name from school x where x.id::text = a.entity_id)
        when 'wave' then (select x.name from wave x where x.id::text = a.entity_id)
        when 'staff_user' then (select x.email from staff_user x where x.id::text = a.entity_id)
        when 'survey_session' then (select s.name || ', Jahrgang ' || x.grade from survey_session x
          join school s on s.id = x.school_id where x.id::text = a.entity_id)
        when 'instrument_version' then a.entity_id
      end`.as('entity_name'),
    ])
    .orderBy('a.id', 'desc')
    .limit(f.limit);
  if (f.action) q = q.where('a.action', '=', f.action);
  if (f.entity) q = q.where('a.entity', '=', f.entity);
  if (f.actorId) q = q.where('a.actor_id', '=', f.actorId);
  if (f.before) q = q.where('a.id', '<', f.before);
  return q.execute();
}
