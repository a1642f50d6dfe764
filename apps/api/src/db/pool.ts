import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types.ts';

// `date` columns stay 'YYYY-MM-DD' strings: turning them into JS Dates at local midnight would
// shift them across time zones and add a time of day the data deliberately does not have.
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
// bigint ids (audit log) as strings, never lossy numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export { pg };

/** A Kysely instance on its own small pool, for command-line tools and benchmarks. */
export function connect(connectionString: string, max = 4): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max }) }) });
}
