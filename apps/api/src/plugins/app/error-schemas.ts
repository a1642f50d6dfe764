import { ErrorSchema } from '@uwe/schema';
import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { STATUS_TEXT } from './errors.ts';

/** Each error status once, described by its reason phrase in the OpenAPI description. */
const ERROR_RESPONSES = Object.entries(STATUS_TEXT).map(
  ([status, text]) => [status, { ...ErrorSchema, description: text }] as const,
);

/**
 * Declares the error body (`{statusCode, code, error, message}`, see errors.ts) for every error
 * status of a route, unless the route declares that status itself (the health check's 503). The
 * errors are serialized as before (the schema allows extra fields such as `fields`), and
 * /api/docs lists them for every operation.
 */
export function addErrorResponses(route: RouteOptions): void {
  const response: Record<string, unknown> = { ...(route.schema?.response as Record<string, unknown> | undefined) };
  for (const [status, body] of ERROR_RESPONSES) response[status] ??= body;
  route.schema = { ...route.schema, response };
}

/** Register first inside the scope whose routes it should cover; routes outside it are left alone. */
export default fp(
  async (app: FastifyInstance) => {
    app.addHook('onRoute', addErrorResponses);
  },
  { name: 'error-schemas' },
);
