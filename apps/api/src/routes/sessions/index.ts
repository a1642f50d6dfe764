import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { IdParamsSchema, type Session, SessionCreateSchema, SessionPatchSchema, SessionSchema } from '@uwe/schema';
import type { LiveHub } from '../../sessions/live-hub.ts';
import * as service from '../../sessions/sessions.service.ts';

/** Class sessions: teachers at their own schools, admins everywhere. Nobody here sees answers. */
const routes: FastifyPluginAsyncTypebox<{ windowMinutes: number; live: LiveHub }> = async (app, opts) => {
  app.addHook('onRequest', app.requireStaff('teacher', 'admin'));
  // Open live streams end when the server closes, so a graceful shutdown does not wait on them.
  app.addHook('onClose', async () => opts.live.closeAll());

  app.post(
    '/',
    { schema: { tags: ['sessions'], body: SessionCreateSchema, response: { 201: SessionSchema } } },
    async (req, reply) =>
      reply.status(201).send(await service.openSession(app.db, req.staff!, req.body, opts.windowMinutes)),
  );

  app.get('/', { schema: { tags: ['sessions'], response: { 200: Type.Array(SessionSchema) } } }, (req) =>
    service.listSessions(app.db, req.staff!),
  );

  app.get('/:id', { schema: { tags: ['sessions'], params: IdParamsSchema, response: { 200: SessionSchema } } }, (req) =>
    service.getSession(app.db, req.staff!, req.params.id),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['sessions'],
        params: IdParamsSchema,
        body: SessionPatchSchema,
        response: { 200: SessionSchema },
      },
    },
    (req) => service.updateSession(app.db, req.staff!, req.params.id, req.body),
  );

  app.post(
    '/:id/close',
    { schema: { tags: ['sessions'], params: IdParamsSchema, response: { 200: SessionSchema } } },
    (req) => service.closeSession(app.db, req.staff!, req.params.id),
  );

  app.post(
    '/:id/lock',
    {
      schema: {
        tags: ['sessions'],
        description: '"Code sperren": the code gives no more seats; seats already taken keep working.',
        params: IdParamsSchema,
        response: { 200: SessionSchema },
      },
    },
    (req) => service.lockCode(app.db, req.staff!, req.params.id),
  );

  /**
   * Server-Sent Events: a `session` event with the session and its counts at once and whenever
   * they change; the stream ends after the event that reports the session closed, and when the
   * sign-in it was opened with ends.
   */
  app.get(
    '/:id/live',
    {
      schema: { tags: ['sessions'], params: IdParamsSchema, produces: ['text/event-stream'] },
    },
    async (req, reply) => {
      const staff = req.staff!;
      // The slot is taken and the hang-up handler attached before anything is awaited: a client
      // that goes away at once leaves nothing behind.
      const slot = opts.live.reserve({ staffId: staff.id, sessionId: staff.sessionId, version: staff.version });
      let gone = false;
      reply.raw.on('close', () => {
        gone = true;
        slot.release();
      });
      let first: Session;
      try {
        first = await service.getSession(app.db, staff, req.params.id);
      } catch (err) {
        slot.release();
        throw err;
      }
      reply.hijack();
      if (gone) return;
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Proxies (nginx) must not buffer the stream.
        'x-accel-buffering': 'no',
      });
      const send = (s: Session) => res.write(`event: session\ndata: ${JSON.stringify(s)}\n\n`);
      send(first);
      if (first.status === 'closed') {
        slot.release();
        res.end();
        return;
      }
      slot.attach(req.params.id, first, {
        send,
        heartbeat: () => res.write(': keep-alive\n\n'),
        end: () => res.end(),
      });
    },
  );
};

export default routes;
