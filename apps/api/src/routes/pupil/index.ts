import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  JoinBodySchema,
  JoinResultSchema,
  PupilInstrumentSchema,
  PupilPlacesSchema,
  SaveResponseBodySchema,
  SaveResponseResultSchema,
} from '@uwe/schema';
import * as places from '../../places/places.service.ts';
import { guardedJoin, JOIN_LIMITS, type JoinLimits } from '../../pupil/join-guard.ts';
import * as service from '../../pupil/pupil.service.ts';

/** The pupil's side: a class code for an anonymous seat, then answers saved against that seat. */
const routes: FastifyPluginAsyncTypebox<{ graceHours: number; joinLimits?: Partial<JoinLimits> }> = async (
  app,
  opts,
) => {
  // Only wrong codes count: a whole class joins from one school address within a minute.
  const limits = { ...JOIN_LIMITS, ...opts.joinLimits };

  app.post(
    '/join',
    { schema: { tags: ['pupil'], body: JoinBodySchema, response: { 201: JoinResultSchema } } },
    async (req, reply) => {
      const seat = await guardedJoin(app.throttle, req.ip, limits, () =>
        service.join(app.dbFast, app.tokens, req.body.code, opts.graceHours),
      );
      return reply.status(201).send(seat);
    },
  );

  app.put(
    '/response',
    {
      onRequest: app.requireSeat,
      // A full response with free text is about 10 kB.
      bodyLimit: 64 * 1024,
      schema: {
        tags: ['pupil'],
        security: [{ seatToken: [] }],
        body: SaveResponseBodySchema,
        response: { 200: SaveResponseResultSchema },
      },
    },
    (req) => service.saveResponse(app.dbFast, req.seat!, req.body, opts.graceHours),
  );

  app.get(
    '/instrument/:id',
    {
      onRequest: app.requireSeat,
      schema: {
        tags: ['pupil'],
        security: [{ seatToken: [] }],
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }, { additionalProperties: false }),
        querystring: Type.Object(
          { form: Type.Optional(Type.String({ maxLength: 20 })), lang: Type.Optional(Type.String({ maxLength: 20 })) },
          { additionalProperties: false },
        ),
        // 304: the tablet's copy (If-None-Match) is current.
        response: { 200: PupilInstrumentSchema, 304: { type: 'null' } },
      },
    },
    async (req, reply) => {
      const { body, etag } = await service.seatInstrument(
        app.dbFast,
        req.seat!,
        req.params.id,
        req.query.form,
        req.query.lang,
      );
      // The largest thing a tablet loads (compressed, and with `lang` in one language only, about
      // 5-7 kB instead of 49 kB). With the form in the URL its content can never change;
      // without it the seat decides the form, so the browser must revalidate (cheaply, by ETag).
      reply.header('etag', etag);
      reply.header('cache-control', req.query.form ? 'private, max-age=31536000, immutable' : 'private, no-cache');
      reply.header('vary', 'authorization');
      if (req.headers['if-none-match'] === etag) return reply.status(304).send(null as never);
      return body;
    },
  );

  // The street list for "Wo wohnst du?": the tablet maps a street to a Sozialraum code itself, so
  // only the code is ever sent back. Kept on the tablet with the form for use without network.
  app.get(
    '/places',
    {
      onRequest: app.requireSeat,
      schema: { tags: ['pupil'], security: [{ seatToken: [] }], response: { 200: PupilPlacesSchema } },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'private, no-cache');
      return places.pupilPlaces(app.dbFast);
    },
  );

  app.delete(
    '/response',
    {
      onRequest: app.requireSeat,
      schema: { tags: ['pupil'], security: [{ seatToken: [] }], response: { 204: { type: 'null' } } },
    },
    async (req, reply) => {
      await service.withdraw(app.dbFast, req.seat!, opts.graceHours);
      return reply.status(204).send();
    },
  );
};

export default routes;
