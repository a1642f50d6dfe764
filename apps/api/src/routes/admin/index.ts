import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  AuditEntrySchema,
  FieldworkSchema,
  FreeTextsSchema,
  IdParamsSchema,
  IdSchema,
  SchoolCreateSchema,
  SchoolImportResultSchema,
  SchoolPatchSchema,
  SchoolSchema,
  SozialraumCreateSchema,
  SozialraumPatchSchema,
  SozialraumSchema,
  StreetImportResultSchema,
  StreetListSummarySchema,
  UserCreateSchema,
  UserPatchSchema,
  UserSchema,
  WaveCreateSchema,
  WavePatchSchema,
  WaveSchema,
} from '@uwe/schema';
import * as service from '../../admin/admin.service.ts';
import { SCHOOL_IMPORT_MAX_BYTES, SCHOOL_IMPORT_MAX_ROWS } from '../../admin/admin.service.ts';
import * as fieldwork from '../../fieldwork/fieldwork.service.ts';
import * as freeTexts from '../../free-texts/free-texts.service.ts';
import * as places from '../../places/places.service.ts';

/**
 * Master data. Admins write; monitoring staff read; teachers read the waves and their own
 * schools (to open a session) and nothing else.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireStaff('admin');
  const readers = app.requireStaff('admin', 'monitor');
  const readersAndTeachers = app.requireStaff('admin', 'monitor', 'teacher');

  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: SCHOOL_IMPORT_MAX_BYTES }, (_req, body, done) =>
    done(null, body),
  );

  // Sozialräume
  app.get(
    '/sozialraeume',
    { onRequest: readers, schema: { tags: ['admin'], response: { 200: Type.Array(SozialraumSchema) } } },
    () => service.listSozialraeume(app.db),
  );
  app.post(
    '/sozialraeume',
    {
      onRequest: admin,
      schema: { tags: ['admin'], body: SozialraumCreateSchema, response: { 201: SozialraumSchema } },
    },
    async (req, reply) => reply.status(201).send(await service.createSozialraum(app.db, req.staff!.id, req.body)),
  );
  app.patch(
    '/sozialraeume/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        params: IdParamsSchema,
        body: SozialraumPatchSchema,
        response: { 200: SozialraumSchema },
      },
    },
    (req) => service.patchSozialraum(app.db, req.staff!.id, req.params.id, req.body),
  );

  // Schools
  app.get(
    '/schools',
    {
      onRequest: readersAndTeachers,
      schema: { tags: ['admin'], response: { 200: Type.Array(SchoolSchema) } },
    },
    async (req) => {
      const schools = await service.listSchools(app.db);
      const staff = req.staff!;
      return staff.role === 'teacher' ? schools.filter((s) => staff.schoolIds.includes(s.id)) : schools;
    },
  );
  app.post(
    '/schools',
    {
      onRequest: admin,
      schema: { tags: ['admin'], body: SchoolCreateSchema, response: { 201: SchoolSchema } },
    },
    async (req, reply) => reply.status(201).send(await service.createSchool(app.db, req.staff!.id, req.body)),
  );
  app.patch(
    '/schools/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        params: IdParamsSchema,
        body: SchoolPatchSchema,
        response: { 200: SchoolSchema },
      },
    },
    (req) => service.patchSchool(app.db, req.staff!.id, req.params.id, req.body),
  );
  app.post(
    '/schools/import',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        description: `CSV with the columns name;sozialraum;typ. All or nothing. ?dryRun=true previews. At most ${SCHOOL_IMPORT_MAX_ROWS} schools and 2 MB; more is refused with 413.`,
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        consumes: ['text/csv'],
        body: Type.String({ maxLength: SCHOOL_IMPORT_MAX_BYTES }),
        response: { 200: SchoolImportResultSchema, 201: SchoolImportResultSchema },
      },
    },
    async (req, reply) => {
      const result = await service.importSchools(app.db, req.staff!.id, req.body, req.query.dryRun === true);
      return reply.status(result.dryRun ? 200 : 201).send(result);
    },
  );

  // The street list (where children live; issue 19)
  app.get(
    '/streets',
    { onRequest: admin, schema: { tags: ['admin'], response: { 200: StreetListSummarySchema } } },
    () => places.streetListSummary(app.db),
  );
  app.post(
    '/streets/import',
    {
      onRequest: admin,
      bodyLimit: places.STREET_IMPORT_MAX_BYTES + 1024,
      schema: {
        tags: ['admin'],
        description: `CSV with the columns strasse;hausnummern;sozialraum, replacing the whole street list. All or nothing. ?dryRun=true previews. At most ${places.STREET_IMPORT_MAX_ROWS} rows.`,
        querystring: Type.Object(
          { dryRun: Type.Optional(Type.Boolean()), city: Type.String({ maxLength: 100 }) },
          { additionalProperties: false },
        ),
        consumes: ['text/csv'],
        body: Type.String({ maxLength: places.STREET_IMPORT_MAX_BYTES }),
        response: { 200: StreetImportResultSchema, 201: StreetImportResultSchema },
      },
    },
    async (req, reply) => {
      const result = await places.importStreets(
        app.db,
        req.staff!.id,
        req.body,
        req.query.city,
        req.query.dryRun === true,
      );
      return reply.status(result.dryRun ? 200 : 201).send(result);
    },
  );

  // Waves
  app.get(
    '/waves',
    {
      onRequest: readersAndTeachers,
      schema: { tags: ['admin'], response: { 200: Type.Array(WaveSchema) } },
    },
    () => service.listWaves(app.db),
  );
  app.post(
    '/waves',
    { onRequest: admin, schema: { tags: ['admin'], body: WaveCreateSchema, response: { 201: WaveSchema } } },
    async (req, reply) => reply.status(201).send(await service.createWave(app.db, req.staff!.id, req.body)),
  );
  app.patch(
    '/waves/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        params: IdParamsSchema,
        body: WavePatchSchema,
        response: { 200: WaveSchema },
      },
    },
    (req) => service.patchWave(app.db, req.staff!.id, req.params.id, req.body),
  );

  // Fieldwork: operational counts for admins only (not disclosure-checked, so never for monitoring).
  const WaveParams = Type.Object({ waveId: IdSchema }, { additionalProperties: false });
  app.get(
    '/waves/:waveId/fieldwork',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        description:
          'Per school and grade: sessions, class sizes, seats taken, finished, partial, withdrawn; schools of the wave’s grades without a session flagged.',
        params: WaveParams,
        response: { 200: FieldworkSchema },
      },
    },
    (req) => fieldwork.fieldwork(app.db, req.params.waveId),
  );
  app.get(
    '/waves/:waveId/fieldwork.csv',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        description: 'The fieldwork table as CSV for German Excel.',
        params: WaveParams,
        response: { 200: Type.String({ description: 'text/csv' }) },
      },
    },
    async (req, reply) => {
      const { text, fileName } = await fieldwork.fieldworkCsv(app.db, req.params.waveId);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(text);
    },
  );

  app.get(
    '/waves/:waveId/free-texts',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        description:
          'Free-text answers of the wave, city-wide, shuffled, without school, class or date (never in a report or export).',
        params: WaveParams,
        response: { 200: FreeTextsSchema },
      },
    },
    (req) => freeTexts.freeTexts(app.db, req.params.waveId),
  );

  app.delete(
    '/waves/:waveId/free-texts/:textId',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        description:
          'Deletes one free-text answer (for example one that names a person); the rest of the response stays. The audit log records the deletion, never the text.',
        params: Type.Object(
          { waveId: IdSchema, textId: Type.String({ pattern: '^[A-Za-z0-9_-]{22}$' }) },
          { additionalProperties: false },
        ),
        response: { 204: { type: 'null' } },
      },
    },
    async (req, reply) => {
      await freeTexts.deleteFreeText(app.db, req.staff!.id, req.params.waveId, req.params.textId);
      return reply.status(204).send();
    },
  );

  // Staff accounts
  // Accounts are an admin's business only: monitoring staff need no list of who works where.
  app.get('/users', { onRequest: admin, schema: { tags: ['admin'], response: { 200: Type.Array(UserSchema) } } }, () =>
    service.listUsers(app.db),
  );
  app.post(
    '/users',
    { onRequest: admin, schema: { tags: ['admin'], body: UserCreateSchema, response: { 201: UserSchema } } },
    async (req, reply) => reply.status(201).send(await service.createUser(app.db, req.staff!.id, req.body)),
  );
  app.patch(
    '/users/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        params: IdParamsSchema,
        body: UserPatchSchema,
        response: { 200: UserSchema },
      },
    },
    (req) => service.patchUser(app.db, req.staff!.id, req.params.id, req.body),
  );

  app.delete(
    '/users/:id/sessions',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        description: 'Ends every sign-in of the account at once (a lost laptop, a leaked cookie).',
        params: IdParamsSchema,
        response: { 204: { type: 'null' } },
      },
    },
    async (req, reply) => {
      await service.endUserSessions(app.db, req.staff!.id, req.params.id);
      return reply.status(204).send();
    },
  );

  // Audit log
  app.get(
    '/audit',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        querystring: Type.Object(
          {
            action: Type.Optional(Type.String({ maxLength: 50 })),
            entity: Type.Optional(Type.String({ maxLength: 50 })),
            actorId: Type.Optional(Type.String({ format: 'uuid' })),
            before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(AuditEntrySchema) },
      },
    },
    (req) => service.listAudit(app.db, req.query),
  );
};

export default routes;
