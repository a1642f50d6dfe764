import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema } from '@uwe/schema';
import { sql } from 'kysely';

/** A load balancer asks often and gives up after about a second: answer well within it. */
const HEALTH_BUDGET_MS = 800;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    { schema: { tags: ['health'], response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_req, reply) => {
      const ac = new AbortController();
      const ok = await Promise.race([
        sql`select 1`
          .execute(app.dbFast)
          .then(() => true)
          .catch(() => false),
        // A frozen PostgreSQL accepts the connection and never answers: do not wait for it.
        sleep(HEALTH_BUDGET_MS, false, { signal: ac.signal }).catch(() => false),
      ]);
      ac.abort();
      if (ok) return { status: 'ok' as const, db: 'ok' as const };
      return reply.status(503).send({ status: 'unavailable', db: 'unreachable' });
    },
  );
};

export default routes;
