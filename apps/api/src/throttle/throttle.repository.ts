import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export interface Count {
  hits: number;
  resetsAt: Date;
}

/**
 * Counts one attempt in a fixed window, in one statement: concurrent attempts each see their own
 * number, so no more than `max` of them can ever be under a limit of `max`.
 */
export async function hit(db: Db, key: string, windowSeconds: number): Promise<Count> {
  const { rows } = await sql<{ hits: number; resets_at: Date }>`
    insert into throttle (key, hits, resets_at)
    values (${key}, 1, now() + make_interval(secs => ${windowSeconds}))
    on conflict (key) do update set
      hits = case when throttle.resets_at <= now() then 1 else throttle.hits + 1 end,
      resets_at = case when throttle.resets_at <= now() then excluded.resets_at else throttle.resets_at end
    returning hits, resets_at`.execute(db);
  const row = rows[0];
  if (!row) throw new Error('throttle upsert returned nothing');
  return { hits: row.hits, resetsAt: row.resets_at };
}

/** The count of the current window (0 once it has passed). */
export async function peek(db: Db, key: string): Promise<Count> {
  const row = await db
    .selectFrom('throttle')
    .select(['hits', 'resets_at'])
    .where('key', '=', key)
    .where('resets_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row ? { hits: row.hits, resetsAt: row.resets_at } : { hits: 0, resetsAt: new Date() };
}

/** Gives one reserved attempt back (a login that turned out right). */
export async function release(db: Db, key: string): Promise<void> {
  await db
    .updateTable('throttle')
    .set({ hits: sql`hits - 1` })
    .where('key', '=', key)
    .where('hits', '>', 0)
    .where('resets_at', '>', sql<Date>`now()`)
    .execute();
}

export async function deleteExpired(db: Db): Promise<void> {
  await db.deleteFrom('throttle').where('resets_at', '<', sql<Date>`now() - interval '1 minute'`).execute();
}
