import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DoubleEntryCommitResultSchema,
  DoubleEntryListSchema,
  DoubleEntryParamsSchema,
  DoubleEntryResolveBodySchema,
  DoubleEntrySheetParamsSchema,
  DoubleEntrySheetSchema,
  ErrorSchema,
  IdParamsSchema,
  PaperSheetBodySchema,
  PaperSheetParamsSchema,
  PaperSheetResultSchema,
  PaperStatusSchema,
} from '@uwe/schema';
import * as service from '../../paper/paper.service.ts';

const errors = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  410: ErrorSchema,
  422: ErrorSchema,
};

const tags = ['paper'];

/**
 * Paper questionnaires of a class session, typed in by its school's teachers or an admin
 * (registered under /api/sessions). Nothing here reads answers back: double entry lists only the
 * items where two entries of the same sheet disagree.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('teacher', 'admin'));

  app.get(
    '/:id/paper',
    {
      schema: {
        tags,
        description: 'Sheets entered against the class size, and whether this user may enter sheets now.',
        params: IdParamsSchema,
        response: { 200: PaperStatusSchema, ...errors },
      },
    },
    (req) => service.paperStatus(app.db, req.staff!, req.params.id),
  );

  app.post(
    '/:id/paper',
    {
      schema: {
        tags,
        description:
          'One paper questionnaire, checked like a tablet response (routing included), stored as a finished response with mode paper.',
        params: IdParamsSchema,
        body: PaperSheetBodySchema,
        response: { 201: PaperSheetResultSchema, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(await service.enterSheet(app.db, req.staff!, req.params.id, req.body)),
  );

  app.delete(
    '/:id/paper/:sheetId',
    {
      schema: {
        tags,
        description: 'Undo: removes the sheet that the entry returning this id created.',
        params: PaperSheetParamsSchema,
        response: { 200: PaperStatusSchema, ...errors },
      },
    },
    (req) => service.undoSheet(app.db, req.staff!, req.params.id, req.params.sheetId),
  );

  app.get(
    '/:id/paper/double',
    {
      schema: {
        tags,
        description: 'Double entry: every sheet typed in so far, with the items where the two entries disagree.',
        params: IdParamsSchema,
        response: { 200: DoubleEntryListSchema, ...errors },
      },
    },
    (req) => service.listDoubleEntry(app.db, req.staff!, req.params.id),
  );

  app.put(
    '/:id/paper/double/:sheet/:pass',
    {
      schema: {
        tags,
        description: 'Double entry: the first (pass 1) or second (pass 2) entry of the sheet numbered `sheet`.',
        params: DoubleEntryParamsSchema,
        body: PaperSheetBodySchema,
        response: { 200: DoubleEntrySheetSchema, ...errors },
      },
    },
    (req) => service.putDoubleEntry(app.db, req.staff!, req.params.id, req.params.sheet, req.params.pass, req.body),
  );

  app.delete(
    '/:id/paper/double/:sheet/:pass',
    {
      schema: {
        tags,
        description: 'Double entry: removes one entry of a sheet that does not count yet.',
        params: DoubleEntryParamsSchema,
        response: { 200: DoubleEntryListSchema, ...errors },
      },
    },
    (req) => service.deleteDoubleEntry(app.db, req.staff!, req.params.id, req.params.sheet, req.params.pass),
  );

  app.post(
    '/:id/paper/double/:sheet/resolve',
    {
      schema: {
        tags,
        description:
          'Double entry: the value on the paper for every item the two entries disagree on; then the sheet counts.',
        params: DoubleEntrySheetParamsSchema,
        body: DoubleEntryResolveBodySchema,
        response: { 201: PaperSheetResultSchema, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.resolveSheet(app.db, req.staff!, req.params.id, req.params.sheet, req.body)),
  );

  app.post(
    '/:id/paper/double/commit',
    {
      schema: {
        tags,
        description: 'Double entry: every sheet whose two entries agree counts now.',
        params: IdParamsSchema,
        response: { 200: DoubleEntryCommitResultSchema, ...errors },
      },
    },
    (req) => service.commitMatching(app.db, req.staff!, req.params.id),
  );
};

export default routes;
