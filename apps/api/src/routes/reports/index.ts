import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { DisclosureConfig } from '@uwe/disclosure';
import {
  type CellLevel,
  CodebookQuerySchema,
  ComparisonSchema,
  ExportQuerySchema,
  type Geography,
  GeographySchema,
  IdSchema,
  ReleaseBuildSchema,
  ReleasePreviewSchema,
  ReleaseQuerySchema,
  ReleaseSchema,
  ReportCatalogueSchema,
  ReportCellsSchema,
  type ReportLevel,
  ReportLevelSchema,
  ReportWaveSchema,
  SetCurrentReleaseSchema,
} from '@uwe/schema';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import {
  createExportServer,
  csvKind,
  EXPORT_LIMITS,
  type ExportLimits,
  exportCodebook,
  type StoredExport,
} from '../../reports/exports.ts';
import * as service from '../../reports/reports.service.ts';

/**
 * The stored level a report level and geography read: Sozialräume by residence are a level of their
 * own; the city is the same in both geographies, and a school has no residence geography.
 */
function cellLevel(level: ReportLevel, geography: Geography = 'school_location'): CellLevel {
  if (geography === 'school_location' || level === 'city') return level;
  if (level === 'sozialraum') return 'residence';
  throw new AppError(
    400,
    'NO_RESIDENCE_FOR_SCHOOLS',
    'Nach Wohnort gibt es nur Sozialraum-Tabellen: Schulen werden nach ihrem Standort berichtet.',
  );
}

const WaveParams = Type.Object({ waveId: IdSchema }, { additionalProperties: false });
const UnitId = Type.String({ minLength: 1, maxLength: 100 });

/**
 * Reports read stored, disclosure-checked releases only (DISCLOSURE.md); admins build releases,
 * monitoring staff and admins read them. There is no class level and no free filter.
 */
/**
 * Report answers are stored releases serialised once and compressed once per encoding (the service
 * caches them). The ETag names the release and the question, so a browser that has the answer
 * asks again with If-None-Match and gets 304; when an admin switches the current release the ETag
 * changes with it.
 */
async function sendJson(req: FastifyRequest, reply: FastifyReply, pending: Promise<service.CachedAnswer>) {
  const answer = await pending;
  const etag = `"${createHash('sha256').update(answer.key).digest('base64url').slice(0, 27)}"`;
  reply
    .header('etag', etag)
    .header('cache-control', 'private, no-cache')
    .header('vary', 'accept-encoding, cookie')
    .type('application/json; charset=utf-8');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  const accepts = req.headers['accept-encoding'] ?? '';
  const encoding = /\bbr\b/.test(accepts) ? 'br' : /\bgzip\b/.test(accepts) ? 'gzip' : undefined;
  if (!encoding || answer.text.length < 1024) return reply.send(answer.text as never);
  const bytes = await service.encodedAnswer(answer, encoding);
  return reply.header('content-encoding', encoding).send(bytes as never);
}

/**
 * A stored export file. The CSV is stored gzip-compressed: sent as it is (every browser and curl
 * with --compressed accepts gzip), unpacked on the way only for a client that does not.
 */
function sendExport(reply: FastifyReply, acceptEncoding: string | undefined, file: StoredExport) {
  reply
    .header('content-type', file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('vary', 'accept-encoding');
  if (file.encoding === 'gzip') {
    if (/\bgzip\b/.test(acceptEncoding ?? '')) {
      return reply.header('content-encoding', 'gzip').header('content-length', file.bytes).send(file.stream);
    }
    return reply.send(file.stream.pipe(createGunzip()));
  }
  return reply.header('content-length', file.bytes).send(file.stream);
}

const routes: FastifyPluginAsyncTypebox<{
  disclosure: DisclosureConfig;
  graceHours: number;
  exportLimits?: Partial<ExportLimits>;
}> = async (app, opts) => {
  const admin = app.requireStaff('admin');
  const readers = app.requireStaff('admin', 'monitor');
  const openExport = createExportServer(app.db, { ...EXPORT_LIMITS, ...opts.exportLimits });
  const settings = { config: opts.disclosure, graceHours: opts.graceHours };

  app.get(
    '/waves',
    { onRequest: readers, schema: { tags: ['reports'], response: { 200: Type.Array(ReportWaveSchema) } } },
    () => service.listReportWaves(app.db),
  );

  app.post(
    '/waves/:waveId/releases',
    {
      onRequest: admin,
      schema: {
        tags: ['reports'],
        description:
          'Starts building the release; poll GET …/releases/:number for progress. Once ready it becomes the release monitoring staff read, unless ?makeCurrent=false.',
        params: WaveParams,
        querystring: ReleaseBuildSchema,
        response: { 202: ReleaseSchema },
      },
    },
    async (req, reply) =>
      reply.status(202).send(
        await service.startRelease(app.db, req.staff!.id, req.params.waveId, {
          ...settings,
          makeCurrent: req.query.makeCurrent ?? true,
        }),
      ),
  );

  app.post(
    '/waves/:waveId/releases/preview',
    {
      onRequest: admin,
      schema: {
        tags: ['reports'],
        description:
          'What a new release would publish, hide or change against the current one, per level, without building it.',
        params: WaveParams,
        response: { 200: ReleasePreviewSchema },
      },
    },
    (req) => service.previewRelease(app.db, req.params.waveId, settings),
  );

  app.put(
    '/waves/:waveId/current',
    {
      onRequest: admin,
      schema: {
        tags: ['reports'],
        description: 'Which ready release monitoring staff read.',
        params: WaveParams,
        body: SetCurrentReleaseSchema,
        response: { 200: ReleaseSchema },
      },
    },
    (req) => service.setCurrentRelease(app.db, req.staff!.id, req.params.waveId, req.body.release),
  );

  app.get(
    '/waves/:waveId/releases',
    {
      onRequest: readers,
      schema: { tags: ['reports'], params: WaveParams, response: { 200: Type.Array(ReleaseSchema) } },
    },
    (req) => service.listReleases(app.db, req.params.waveId),
  );

  app.get(
    '/waves/:waveId/releases/:number',
    {
      onRequest: readers,
      schema: {
        tags: ['reports'],
        params: Type.Object(
          { waveId: IdSchema, number: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
          { additionalProperties: false },
        ),
        response: { 200: ReleaseSchema },
      },
    },
    (req) => service.getRelease(app.db, req.params.waveId, req.params.number),
  );

  app.get(
    '/waves/:waveId/catalogue',
    {
      onRequest: readers,
      schema: {
        tags: ['reports'],
        params: WaveParams,
        querystring: ReleaseQuerySchema,
        response: { 200: ReportCatalogueSchema },
      },
    },
    (req, reply) => sendJson(req, reply, service.json.catalogue(app.db, req.params.waveId, req.query.release)),
  );

  app.get(
    '/waves/:waveId/overview',
    {
      onRequest: readers,
      schema: {
        tags: ['reports'],
        description: 'Indices, assets and scales of every unit of one level (whole groups): the overview and the map.',
        params: WaveParams,
        querystring: Type.Object(
          {
            level: ReportLevelSchema,
            geography: Type.Optional(GeographySchema),
            release: ReleaseQuerySchema.properties.release,
          },
          { additionalProperties: false },
        ),
        response: { 200: ReportCellsSchema },
      },
    },
    (req, reply) =>
      sendJson(
        req,
        reply,
        service.json.overview(
          app.db,
          req.params.waveId,
          cellLevel(req.query.level, req.query.geography),
          req.query.release,
        ),
      ),
  );

  app.get(
    '/waves/:waveId/units/:level/:unitId',
    {
      onRequest: readers,
      schema: {
        tags: ['reports'],
        description: 'Every published number of one city, Sozialraum or school (the school report).',
        params: Type.Object(
          { waveId: IdSchema, level: ReportLevelSchema, unitId: UnitId },
          { additionalProperties: false },
        ),
        querystring: Type.Object(
          { geography: Type.Optional(GeographySchema), release: ReleaseQuerySchema.properties.release },
          { additionalProperties: false },
        ),
        response: { 200: ReportCellsSchema },
      },
    },
    (req, reply) =>
      sendJson(
        req,
        reply,
        service.json.unit(
          app.db,
          req.params.waveId,
          cellLevel(req.params.level, req.query.geography),
          req.params.unitId,
          req.query.release,
        ),
      ),
  );

  app.get(
    '/waves/:waveId/items/:itemId',
    {
      onRequest: readers,
      schema: {
        tags: ['reports'],
        description: 'One item (or scale, index, asset) for every unit of a level, with breakdowns.',
        params: Type.Object(
          { waveId: IdSchema, itemId: Type.String({ minLength: 1, maxLength: 120 }) },
          { additionalProperties: false },
        ),
        querystring: Type.Object(
          {
            level: ReportLevelSchema,
            geography: Type.Optional(GeographySchema),
            release: ReleaseQuerySchema.properties.release,
          },
          { additionalProperties: false },
        ),
        response: { 200: ReportCellsSchema },
      },
    },
    (req, reply) =>
      sendJson(
        req,
        reply,
        service.json.item(
          app.db,
          req.params.waveId,
          req.params.itemId,
          cellLevel(req.query.level, req.query.geography),
          req.query.release,
        ),
      ),
  );

  app.get(
    '/waves/:waveId/comparison',
    {
      onRequest: readers,
      schema: {
        tags: ['reports'],
        description: 'Indices and scales of one unit compared with earlier waves.',
        params: WaveParams,
        querystring: Type.Object({ level: ReportLevelSchema, unitId: UnitId }, { additionalProperties: false }),
        response: { 200: ComparisonSchema },
      },
    },
    (req) => service.comparison(app.db, req.params.waveId, req.query.level, req.query.unitId),
  );

  app.get(
    '/waves/:waveId/export.csv',
    {
      // Stored gzip-compressed by the worker: sent as stored, never compressed again.
      compress: false,
      onRequest: readers,
      schema: {
        tags: ['reports'],
        description:
          'Everything the release publishes, one row per number (long format). ?dialect=excel-de: the same rows for German Excel.',
        params: WaveParams,
        querystring: ExportQuerySchema,
        response: { 200: Type.String({ description: 'text/csv' }) },
      },
    },
    async (req, reply) => {
      const file = await openExport(
        req.params.waveId,
        req.query.release,
        csvKind(req.query.dialect),
        abortedWith(reply.raw),
      );
      return sendExport(reply, req.headers['accept-encoding'], file);
    },
  );

  app.get(
    '/waves/:waveId/codebook.csv',
    {
      onRequest: readers,
      schema: {
        tags: ['reports'],
        description:
          'What the export means: one row per item and category (item id, German question text, dimension, scale, answer code and label, sensitive, grades, filter item).',
        params: WaveParams,
        querystring: CodebookQuerySchema,
        response: { 200: Type.String({ description: 'text/csv' }) },
      },
    },
    async (req, reply) => {
      const { text, fileName } = await exportCodebook(app.db, req.params.waveId, req.query.dialect);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(text);
    },
  );

  app.get(
    '/waves/:waveId/export.xlsx',
    {
      // An XLSX file is a zip archive already: compressing it again only costs CPU.
      compress: false,
      onRequest: readers,
      schema: {
        tags: ['reports'],
        description:
          'The same numbers as export.csv: one sheet per level, a codebook sheet (Codebuch) and a methods sheet.',
        params: WaveParams,
        querystring: ReleaseQuerySchema,
        response: { 200: Type.String({ description: 'XLSX workbook' }) },
      },
    },
    async (req, reply) => {
      const file = await openExport(req.params.waveId, req.query.release, 'xlsx', abortedWith(reply.raw));
      return sendExport(reply, req.headers['accept-encoding'], file);
    },
  );
};

/** Aborted when the client hangs up: a request waiting for a file stops waiting. */
function abortedWith(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  // The response closes before it was sent: the client went away.
  res.once('close', () => controller.abort());
  return controller.signal;
}

export default routes;
