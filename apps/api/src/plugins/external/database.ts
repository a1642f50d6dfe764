import fastifyPostgres from '@fastify/postgres';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Kysely, PostgresDialect } from 'kysely';
import '../../db/pool.ts';
import type { DB } from '../../db/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<DB>;
  }
}

export interface DatabaseOptions {
  connectionString: string;
  /** Pool size per API process. */
  max?: number;
}

/**
 * One pg pool, shared by @fastify/postgres (app.pg) and Kysely (app.db). Fastify ends the pool on
 * close; Kysely's destroy() is never called because it would end the same pool twice.
 */
export default fp(
  async (app: FastifyInstance, opts: DatabaseOptions) => {
    await app.register(fastifyPostgres, {
      connectionString: opts.connectionString,
      max: opts.max ?? 20,
      // A tablet's save must fail fast and be retried by the client rather than hang.
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
    });
    // A client whose server went away emits 'error'; without a listener that kills the process.
    // The pool listens only while a client is idle, so a checked-out client (inside a transaction,
    // between two queries) needs its own listener. The pool drops the broken client on release.
    app.pg.pool.on('error', (err) => app.log.warn({ err: err.message }, 'idle database connection lost'));
    app.pg.pool.on('connect', (client) => {
      client.on('error', (err) => app.log.warn({ err: err.message }, 'database connection lost'));
    });
    app.decorate('db', new Kysely<DB>({ dialect: new PostgresDialect({ pool: app.pg.pool }) }));
  },
  { name: 'database' },
);
