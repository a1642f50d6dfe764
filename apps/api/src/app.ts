import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import authPlugin from './plugins/app/auth.ts';
import errorsPlugin, { frameworkErrors } from './plugins/app/errors.ts';
import compressPlugin from './plugins/external/compress.ts';
import databasePlugin from './plugins/external/database.ts';
import securityPlugin from './plugins/external/security.ts';
import staticPlugin from './plugins/external/static.ts';
import swaggerPlugin from './plugins/external/swagger.ts';
import adminRoutes from './routes/admin/index.ts';
import authRoutes from './routes/auth/index.ts';
import healthRoutes from './routes/health/index.ts';
import instrumentRoutes from './routes/instruments/index.ts';
import pupilRoutes from './routes/pupil/index.ts';
import reportRoutes from './routes/reports/index.ts';
import sessionRoutes from './routes/sessions/index.ts';

export interface AppOptions {
  config: Config;
  databaseUrl: string;
  secret: string;
  logger?: FastifyServerOptions['logger'];
  /** How often the live session stream looks for new counts (tests make it fast). */
  livePollMs?: number;
}

/** Request logs name the route and status only: no body, no token, no cookie, no client address. */
export const logSerializers = {
  req: (req: { method: string; url: string; routeOptions?: { url?: string } }) => ({
    method: req.method,
    url: req.routeOptions?.url ?? req.url.split('?')[0],
  }),
  res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
};

/** Never logged even if a log line carries the request: headers (cookie, token), body, address. */
export const logRedact = ['req.headers', 'req.body', 'req.remoteAddress', 'req.remotePort'];

export async function buildApp(opts: AppOptions) {
  const app = Fastify({
    logger: opts.logger ?? false,
    // Pupil answers are about 10 kB; anything near 256 kB is not a survey.
    bodyLimit: 256 * 1024,
    // Behind a reverse proxy the client address is only used for failed-attempt limits.
    trustProxy: opts.config.production,
    // Router errors (bad URL encoding, over-long path parameters) in the API's error shape too.
    frameworkErrors,
    // Unknown fields are refused rather than silently dropped; query strings still coerce to numbers.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errorsPlugin);
  await app.register(securityPlugin, { production: opts.config.production });
  // Before any route: it hooks every route registered after it.
  await app.register(compressPlugin);
  await app.register(databasePlugin, { connectionString: opts.databaseUrl });
  await app.register(swaggerPlugin);
  await app.register(authPlugin, { secret: opts.secret, production: opts.config.production });

  await app.register(
    async (api) => {
      await api.register(healthRoutes);
      await api.register(authRoutes, { prefix: '/auth' });
      await api.register(adminRoutes, { prefix: '/admin' });
      await api.register(instrumentRoutes, { prefix: '/instruments' });
      await api.register(sessionRoutes, {
        prefix: '/sessions',
        windowMinutes: opts.config.sessionMinutes,
        livePollMs: opts.livePollMs,
      });
      await api.register(pupilRoutes, { prefix: '/pupil', graceHours: opts.config.seatGraceHours });
      await api.register(reportRoutes, {
        prefix: '/reports',
        disclosure: opts.config.disclosure,
        graceHours: opts.config.seatGraceHours,
      });
    },
    { prefix: '/api' },
  );

  await app.register(staticPlugin, { uiDir: opts.config.uiDir });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
