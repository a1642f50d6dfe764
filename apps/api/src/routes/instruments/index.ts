import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { PupilInstrumentSchema } from '@uwe/schema';
import { listInstruments, staffForm, uploadInstrument } from '../../instruments/instruments.service.ts';

const InstrumentInfoSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  builtin: Type.Boolean(),
  forms: Type.Array(Type.String()),
  languages: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      dir: Type.String(),
      review: Type.String({ description: 'source, needs_review or reviewed' }),
    }),
  ),
});

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      onRequest: app.requireStaff(),
      schema: { tags: ['instruments'], response: { 200: Type.Array(InstrumentInfoSchema) } },
    },
    () => listInstruments(app.db),
  );

  app.get(
    '/:id/forms/:form',
    {
      onRequest: app.requireStaff(),
      schema: {
        tags: ['instruments'],
        description: 'One form in every language, for the print version and previews.',
        params: Type.Object({ id: Type.String({ maxLength: 100 }), form: Type.String({ maxLength: 20 }) }),
        response: { 200: PupilInstrumentSchema },
      },
    },
    (req) => staffForm(app.db, req.params.id, req.params.form),
  );

  app.post(
    '/',
    {
      onRequest: app.requireStaff('admin'),
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        tags: ['instruments'],
        description:
          'Upload a new instrument version (SurveyJS forms + item catalogue), checked like the built-in one.',
        body: Type.Object({}, { additionalProperties: true }),
        response: { 201: InstrumentInfoSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await uploadInstrument(app.db, req.staff!.id, req.body)),
  );
};

export default routes;
