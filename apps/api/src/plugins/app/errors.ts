import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, type ErrorCode } from '../../lib/errors.ts';

/** Every status the error handler answers with, and its reason phrase (the `error` field). */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** PostgreSQL and socket errors that mean "the database is not there right now". */
const DB_DOWN = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08006',
  '08001',
  '08003',
  '08004',
  // statement_timeout: the database is overloaded or stuck; the client may try again.
  '57014',
]);

function isDatabaseDown(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && DB_DOWN.has(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(
    e?.message ?? '',
  );
}

interface Mapped {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

function map(err: FastifyError | AppError | Error): Mapped | null {
  if (err instanceof AppError) {
    return { statusCode: err.statusCode, code: err.code, message: err.message, details: err.details };
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    const fields = fe.validation.map((v) => {
      const where = `${fe.validationContext ?? 'body'}${v.instancePath || ''}`;
      const missing = (v.params as { missingProperty?: string })?.missingProperty;
      return missing ? `${where}/${missing}` : where;
    });
    return {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: `Die Anfrage ist unvollständig oder fehlerhaft (${[...new Set(fields)].join(', ')}): ${fe.message}`,
      details: { fields: [...new Set(fields)] },
    };
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: 'Die gesendeten Daten sind zu groß.' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Bitte senden Sie JSON (Content-Type: application/json).',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { statusCode: 400, code: 'BAD_REQUEST', message: 'Die gesendeten Daten sind kein gültiges JSON.' };
  }
  if (fe.statusCode === 429) {
    return {
      statusCode: 429,
      code: 'TOO_MANY_REQUESTS',
      message: 'Zu viele Versuche. Bitte warten Sie kurz und versuchen Sie es dann erneut.',
    };
  }
  if (fe instanceof SyntaxError && (fe as { statusCode?: number }).statusCode === 400) {
    return { statusCode: 400, code: 'BAD_REQUEST', message: 'Die gesendeten Daten sind kein gültiges JSON.' };
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { statusCode: fe.statusCode, code: 'BAD_REQUEST', message: fe.message };
  }
  // PostgreSQL data exceptions (class 22, such as a NUL character in a text) and check violations
  // (23514, such as a name of blanks only): a value the request schema let through that the
  // database refuses. The client's input, not a server fault; nothing was written.
  const pgErr = err as { code?: string; severity?: unknown };
  if (
    typeof pgErr.severity === 'string' &&
    typeof pgErr.code === 'string' &&
    (pgErr.code.startsWith('22') || pgErr.code === '23514')
  ) {
    return {
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'Die Anfrage enthält Zeichen oder Werte, die nicht gespeichert werden können.',
    };
  }
  if (isDatabaseDown(err)) {
    return {
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'Der Server ist gerade nicht erreichbar. Bitte gleich noch einmal versuchen.',
    };
  }
  return null;
}

/**
 * Errors Fastify's router answers before any handler or hook runs (a malformed URL, a path
 * parameter over the length limit), in the same shape as every other error.
 */
export function frameworkErrors(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  const statusCode = err.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 414 : 400;
  return reply.status(statusCode).send({
    statusCode,
    code: 'BAD_REQUEST' satisfies ErrorCode,
    error: STATUS_TEXT[statusCode],
    message: 'Diese Adresse ist ungültig.',
  });
}

/** One error handler: every error leaves as {statusCode, code, error, message}; 5xx say nothing internal. */
export default fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((err: FastifyError, req, reply) => {
      const mapped = map(err);
      if (!mapped) {
        req.log.error({ err }, 'unhandled error');
        return reply.status(500).send({
          statusCode: 500,
          code: 'INTERNAL_ERROR',
          error: STATUS_TEXT[500],
          message: 'Ein interner Fehler ist aufgetreten. Bitte versuchen Sie es später erneut.',
        });
      }
      if (mapped.statusCode >= 500)
        req.log.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, mapped.code);
      const retry = mapped.details?.retryAfterSeconds;
      if (mapped.statusCode === 429 && typeof retry === 'number') reply.header('retry-after', String(retry));
      return reply.status(mapped.statusCode).send({
        statusCode: mapped.statusCode,
        code: mapped.code,
        error: STATUS_TEXT[mapped.statusCode] ?? 'Error',
        message: mapped.message,
        ...mapped.details,
      });
    });
  },
  { name: 'errors' },
);
