import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorSchema, IdParamsSchema, SessionCreateSchema, SessionPatchSchema, SessionSchema } from '@uwe/schema';
import * as service from '../../sessions/sessions.service.ts';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  410: ErrorSchema,
  422: ErrorSchema,
};

/** Class sessions: teachers at their own schools, admins everywhere. Nobody here sees answers. */
const routes: FastifyPluginAsyncTypebox<{ windowMinutes: number; livePollMs?: number }> = async (app, opts) => {
  app.addHook('onRequest', app.requireStaff('teacher', 'admin'));
  // Open live streams end when the server closes, so a graceful shutdown does not wait on them.
  const streams = new Set<() => void>();
  app.addHook('onClose', async () => {
    for (const stop of streams) stop();
  });

  app.post(
    '/',
    { schema: { tags: ['sessions'], body: SessionCreateSchema, response: { 201: SessionSchema, ...errors } } },
    async (req, reply) =>
      reply.status(201).send(await service.openSession(app.db, req.staff!, req.body, opts.windowMinutes)),
  );

  app.get('/', { schema: { tags: ['sessions'], response: { 200: Type.Array(SessionSchema), ...errors } } }, (req) =>
    service.listSessions(app.db, req.staff!),
  );

  app.get(
    '/:id',
    { schema: { tags: ['sessions'], params: IdParamsSchema, response: { 200: SessionSchema, ...errors } } },
    (req) => service.getSession(app.db, req.staff!, req.params.id),
  );

  app.patch(
    '/:id',
    {
      schema: {
        tags: ['sessions'],
        params: IdParamsSchema,
        body: SessionPatchSchema,
        response: { 200: SessionSchema, ...errors },
      },
    },
    (req) => service.updateSession(app.db, req.staff!, req.params.id, req.body),
  );

  app.post(
    '/:id/close',
    { schema: { tags: ['sessions'], params: IdParamsSchema, response: { 200: SessionSchema, ...errors } } },
    (req) => service.closeSession(app.db, req.staff!, req.params.id),
  );

  /**
   * Server-Sent Events: a `session` event with the session and its counts at once and whenever
   * they change; the stream ends after the event that reports the session closed.
   */
  app.get(
    '/:id/live',
    {
      schema: { tags: ['sessions'], params: IdParamsSchema, produces: ['text/event-stream'], response: { ...errors } },
    },
    async (req, reply) => {
      let last = await service.getSession(app.db, req.staff!, req.params.id);
      const staff = req.staff!;
      const id = req.params.id;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        // Proxies (nginx) must not buffer the stream.
        'x-accel-buffering': 'no',
      });
      const send = (s: typeof last) => res.write(`event: session\ndata: ${JSON.stringify(s)}\n\n`);
      send(last);
      if (last.status === 'closed') {
        res.end();
        return;
      }

      let beats = 0;
      const timer = setInterval(async () => {
        try {
          const next = await service.getSession(app.db, staff, id);
          if (JSON.stringify(next) !== JSON.stringify(last)) {
            last = next;
            send(next);
          } else if (++beats % 10 === 0) {
            res.write(': keep-alive\n\n');
          }
          if (next.status === 'closed') stop();
        } catch {
          // The database is away for a moment: keep the stream, the next poll will tell.
        }
      }, opts.livePollMs ?? 2000);
      const stop = () => {
        clearInterval(timer);
        streams.delete(stop);
        res.end();
      };
      streams.add(stop);
      req.raw.on('close', () => {
        clearInterval(timer);
        streams.delete(stop);
      });
    },
  );
};

export default routes;
