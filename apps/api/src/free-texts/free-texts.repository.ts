import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

/** The non-empty answers to `itemIds` in a wave: the texts only, nothing that says where or when. */
export function freeTextAnswers(db: Db, waveId: string, itemIds: readonly string[]) {
  if (itemIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('response')
    .innerJoinLateral(
      (eb) =>
        eb
          .selectFrom(sql<{ key: string; value: unknown }>`jsonb_each(response.answers)`.as('a'))
          .select(['a.key', 'a.value'])
          .where('a.key', 'in', [...itemIds])
          .as('t'),
      (join) => join.onTrue(),
    )
    .where('response.wave_id', '=', waveId)
    .where('response.status', '<>', 'withdrawn')
    .where(sql<boolean>`jsonb_typeof(t.value) = 'string' and length(trim(t.value #>> '{}')) > 0`)
    .select(['response.seat_id', 't.key as item', sql<string>`t.value #>> '{}'`.as('text')])
    .execute();
}

/** Removes one free-text answer from a response (an admin deleting a text that names a person). */
export function removeAnswer(db: Db, seatId: string, item: string) {
  return db
    .updateTable('response')
    .set({ answers: sql`answers - ${item}::text` })
    .where('seat_id', '=', seatId)
    .executeTakeFirst();
}
