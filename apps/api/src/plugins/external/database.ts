import fastifyPostgres from '@fastify/postgres';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { kyselyOn, pg } from '../../db/pool.ts';
import type { DB } from '../../db/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
    /**
     * A small pool with tight timeouts for what a tablet waits on (join, save, withdraw) and for
     * the health check: with PostgreSQL frozen these fail within seconds with a retryable 503
     * instead of hanging until the tablet gives up.
     */
    dbFast: Kysely<DB>;
  }
}

export interface DatabaseTimeouts {
  /** Waiting for a connection (a new one or a free one of the pool). */
  connectMs: number;
  /** Server side: PostgreSQL cancels a statement running longer. */
  statementMs: number;
  /** Client side: a statement without an answer (a frozen server) fails after this. */
  queryMs: number;
}

/** Staff pages, reports and exports: generous, but nothing runs or waits forever. */
export const MAIN_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 60_000, queryMs: 65_000 };
/**
 * Pupil saves and the health check. Waiting for a free connection may take a moment when a whole
 * class finishes at once; a statement that gets no answer fails after 6 s with a retryable 503.
 */
export const FAST_TIMEOUTS: DatabaseTimeouts = { connectMs: 5_000, statementMs: 5_000, queryMs: 6_000 };

export interface DatabaseOptions {
  connectionString: string;
  /** Pool size per API process. */
  max?: number;
  timeouts?: { main?: Partial<DatabaseTimeouts>; fast?: Partial<DatabaseTimeouts> };
}

function poolOptions(t: DatabaseTimeouts) {
  return {
    connectionTimeoutMillis: t.connectMs,
    statement_timeout: t.statementMs,
    query_timeout: t.queryMs,
    // A transaction left open by a crashed request must not hold its locks for long.
    idle_in_transaction_session_timeout: Math.max(t.statementMs, 60_000),
    idleTimeoutMillis: 30_000,
  };
}

/**
 * One main pg pool, shared by @fastify/postgres (app.pg) and Kysely (app.db), and the small fast
 * pool (app.dbFast). Fastify ends the main pool on close and this plugin the fast one; Kysely's
 * destroy() is never called for app.db because it would end the same pool twice.
 */
export default fp(
  async (app: FastifyInstance, opts: DatabaseOptions) => {
    const main = { ...MAIN_TIMEOUTS, ...opts.timeouts?.main };
    const fast = { ...FAST_TIMEOUTS, ...opts.timeouts?.fast };
    await app.register(fastifyPostgres, {
      connectionString: opts.connectionString,
      max: opts.max ?? 20,
      ...poolOptions(main),
    });
    const fastPool = new pg.Pool({ connectionString: opts.connectionString, max: 10, ...poolOptions(fast) });
    // A client whose server went away emits 'error'; without a listener that kills the process.
    // The pool listens only while a client is idle, so a checked-out client (inside a transaction,
    // between two queries) needs its own listener. The pool drops the broken client on release.
    for (const pool of [app.pg.pool, fastPool]) {
      pool.on('error', (err) => app.log.warn({ err: err.message }, 'idle database connection lost'));
      pool.on('connect', (client) => {
        client.on('error', (err) => app.log.warn({ err: err.message }, 'database connection lost'));
      });
    }
    app.decorate('db', kyselyOn(app.pg.pool));
    app.decorate('dbFast', kyselyOn(fastPool));
    app.addHook('onClose', async () => {
      await app.dbFast.destroy();
    });
  },
  { name: 'database' },
);
