import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface SegmentRow {
  street: string;
  house_from: number | null;
  house_to: number | null;
  parity: 'all' | 'odd' | 'even';
  sozialraum_id: string;
}

/** Every row of the street list with its Sozialraum's code, by street. */
export function listSegments(db: Db) {
  return db
    .selectFrom('street_segment as s')
    .innerJoin('sozialraum as r', 'r.id', 's.sozialraum_id')
    .select(['s.street', 's.house_from', 's.house_to', 's.parity', 'r.code', 'r.name as sozialraum'])
    .orderBy('s.street')
    .orderBy('s.house_from')
    .execute();
}

export const findStreetList = (db: Db) => db.selectFrom('street_list').selectAll().executeTakeFirst();

/** Replaces the whole list (a city's street list is one data set). */
export async function replaceStreetList(trx: Transaction<DB>, cityName: string, rows: readonly SegmentRow[]) {
  await trx.deleteFrom('street_segment').execute();
  for (let start = 0; start < rows.length; start += 2000) {
    await trx
      .insertInto('street_segment')
      .values(rows.slice(start, start + 2000).map((r) => ({ ...r })))
      .execute();
  }
  await trx
    .insertInto('street_list')
    .values({ id: 1, city_name: cityName })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ city_name: cityName, imported_on: new Date().toISOString().slice(0, 10) }),
    )
    .execute();
}

/** Active Sozialräume with a code: the answers a residence question may carry. */
export function residenceCodes(db: Db) {
  return db
    .selectFrom('sozialraum')
    .select(['code', 'name'])
    .where('active', '=', true)
    .where('code', 'is not', null)
    .orderBy('name')
    .execute();
}
