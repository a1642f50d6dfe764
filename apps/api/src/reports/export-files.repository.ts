import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';

type Db = Kysely<DB>;

export function findFile(db: Db, releaseId: string, kind: string) {
  return db
    .selectFrom('release_file')
    .selectAll()
    .where('release_id', '=', releaseId)
    .where('kind', '=', kind)
    .executeTakeFirst();
}

/** Parts left by a writer that died before its file was complete. */
export function deleteParts(db: Db, releaseId: string, kind: string) {
  return db.deleteFrom('release_file_part').where('release_id', '=', releaseId).where('kind', '=', kind).execute();
}

export function insertPart(db: Db, releaseId: string, kind: string, part: number, data: Buffer) {
  return db.insertInto('release_file_part').values({ release_id: releaseId, kind, part, data }).execute();
}

/** The file exists from here on (its parts are all written). */
export function insertFile(
  db: Db,
  file: {
    release_id: string;
    kind: string;
    encoding: string;
    file_name: string;
    content_type: string;
    bytes: number;
    parts: number;
  },
) {
  return db
    .insertInto('release_file')
    .values(file)
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function readPart(db: Db, releaseId: string, kind: string, part: number): Promise<Buffer> {
  const row = await db
    .selectFrom('release_file_part')
    .select('data')
    .where('release_id', '=', releaseId)
    .where('kind', '=', kind)
    .where('part', '=', part)
    .executeTakeFirstOrThrow();
  return row.data;
}

export async function readyReleaseWithWave(db: Db, releaseId: string) {
  return db
    .selectFrom('report_release')
    .innerJoin('wave', 'wave.id', 'report_release.wave_id')
    .select([
      'report_release.id',
      'report_release.number',
      'report_release.status',
      'report_release.config',
      'wave.id as wave_id',
      'wave.name as wave_name',
      'wave.instrument_id',
    ])
    .where('report_release.id', '=', releaseId)
    .executeTakeFirst();
}
