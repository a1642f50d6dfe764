import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types.ts';

// `date` columns stay 'YYYY-MM-DD' strings: turning them into JS Dates at local midnight would
// shift them across time zones and add a time of day the data deliberately does not have.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint ids (audit log) as strings, never lossy numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export { pg };

const pools = new WeakMap<Kysely<DB>, pg.Pool>();

/** Kysely on `pool`, remembering the pool for what Kysely cannot do (COPY, in `poolOf`). */
export function kyselyOn(pool: pg.Pool): Kysely<DB> {
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/** The pg pool under a Kysely instance made by `kyselyOn` or `connect`. */
export function poolOf(db: Kysely<DB>): pg.Pool {
  const pool = pools.get(db);
  if (!pool) throw new Error('this Kysely instance was not made by kyselyOn()');
  return pool;
}

/** A Kysely instance on its own small pool, for command-line tools and benchmarks. */
export function connect(connectionString: string, max = 4): Kysely<DB> {
  return kyselyOn(new pg.Pool({ connectionString, max }));
}
