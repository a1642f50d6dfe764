import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import type { Config } from './config.ts';
import { type RunningWorker, startWorker } from './jobs/worker.ts';
import authPlugin from './plugins/app/auth.ts';
import errorSchemasPlugin from './plugins/app/error-schemas.ts';
import errorsPlugin, { frameworkErrors } from './plugins/app/errors.ts';
import compressPlugin from './plugins/external/compress.ts';
import databasePlugin, { type DatabaseOptions } from './plugins/external/database.ts';
import securityPlugin from './plugins/external/security.ts';
import staticPlugin from './plugins/external/static.ts';
import swaggerPlugin from './plugins/external/swagger.ts';
import type { JoinLimits } from './pupil/join-guard.ts';
import type { ExportLimits } from './reports/exports.ts';
import adminRoutes from './routes/admin/index.ts';
import authRoutes from './routes/auth/index.ts';
import healthRoutes from './routes/health/index.ts';
import instrumentRoutes from './routes/instruments/index.ts';
import paperRoutes from './routes/paper/index.ts';
import pupilRoutes from './routes/pupil/index.ts';
import reportRoutes from './routes/reports/index.ts';
import sessionRoutes from './routes/sessions/index.ts';
import { LIVE_LIMITS, LiveHub, type LiveLimits } from './sessions/live-hub.ts';
import { listenForSessions, type SessionListener } from './sessions/live-listener.ts';
import { loadSession, shuffleClosedSessions } from './sessions/sessions.service.ts';
import { validSessions } from './users/users.repository.ts';

export interface AppOptions {
  config: Config;
  databaseUrl: string;
  secret: string;
  logger?: FastifyServerOptions['logger'];
  /** How often the live session stream looks for new counts (tests make it fast). */
  livePollMs?: number;
  /** Caps of the live streams (tests make them small). */
  liveLimits?: Partial<LiveLimits>;
  /** Wrong-code budgets of the pupil join (tests make them small). */
  joinLimits?: Partial<JoinLimits>;
  /** HTTP timeouts (tests make them short). */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Database timeouts (tests make them short). */
  databaseTimeouts?: DatabaseOptions['timeouts'];
  /** Export download limits (tests make them small). */
  exportLimits?: Partial<ExportLimits>;
}

export interface HttpTimeouts {
  /** The whole request, headers and body, must arrive within this: a trickling body is cut off. */
  requestMs: number;
  headersMs: number;
  /** How often Node checks the two above. */
  checkIntervalMs: number;
}

const SHUFFLE_EVERY_MS = 5 * 60_000;

export const HTTP_TIMEOUTS: HttpTimeouts = { requestMs: 60_000, headersMs: 15_000, checkIntervalMs: 2_000 };

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveHub;
  }
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

function trustProxyOption(setting: Config['trustProxy']) {
  if (setting === false) return false;
  // A hop count: trust that many proxies in front of us (the nearest first), no more.
  if (typeof setting === 'number') return (_address: string, hop: number) => hop < setting;
  return [...setting];
}

export async function buildApp(opts: AppOptions) {
  const timeouts = { ...HTTP_TIMEOUTS, ...opts.httpTimeouts };
  const app = Fastify({
    logger: opts.logger ?? false,
    // Pupil answers are about 10 kB; anything near 256 kB is not a survey.
    bodyLimit: 256 * 1024,
    // Slow-loris: headers and body must arrive in time. Responses (the live stream) are not limited.
    requestTimeout: timeouts.requestMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    // The client address is used only for failed-attempt budgets. It is read from X-Forwarded-For
    // only when it comes from a configured proxy (TRUST_PROXY); otherwise anybody could start
    // every guess with a fresh budget by making up the header.
    trustProxy: trustProxyOption(opts.config.trustProxy),
    // Router errors (bad URL encoding, over-long path parameters) in the API's error shape too.
    frameworkErrors,
    // Unknown fields are refused rather than silently dropped; query strings still coerce to numbers.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  await app.register(errorsPlugin);
  await app.register(securityPlugin, { production: opts.config.production });
  // Before any route: it hooks every route registered after it.
  await app.register(compressPlugin);
  await app.register(databasePlugin, { connectionString: opts.databaseUrl, timeouts: opts.databaseTimeouts });
  if (opts.config.apiDocs) await app.register(swaggerPlugin);
  await app.register(authPlugin, { secret: opts.secret, production: opts.config.production });
  const live = new LiveHub(
    { load: (id) => loadSession(app.db, id), validSignins: (signins) => validSessions(app.db, signins) },
    {
      ...LIVE_LIMITS,
      pollMs: opts.livePollMs ?? opts.config.livePollSeconds * 1000,
      ...opts.liveLimits,
    },
  );
  app.decorate('live', live);
  // Changes saved by any API process reach this one's live streams through LISTEN/NOTIFY.
  let listener: SessionListener | undefined;
  app.addHook('onReady', async () => {
    listener = listenForSessions(
      opts.databaseUrl,
      { changed: (id) => live.changed(id), reconnected: () => live.refreshAll() },
      app.log,
    );
  });
  app.addHook('onClose', async () => {
    await listener?.close();
  });

  await app.register(
    async (api) => {
      // Every API route declares the error body; the front end's routes and /api/docs do not.
      await api.register(errorSchemasPlugin);
      await api.register(healthRoutes);
      await api.register(authRoutes, { prefix: '/auth' });
      await api.register(adminRoutes, { prefix: '/admin' });
      await api.register(instrumentRoutes, { prefix: '/instruments' });
      await api.register(sessionRoutes, {
        prefix: '/sessions',
        windowMinutes: opts.config.sessionMinutes,
        live,
      });
      await api.register(paperRoutes, { prefix: '/sessions' });
      await api.register(pupilRoutes, {
        prefix: '/pupil',
        graceHours: opts.config.seatGraceHours,
        joinLimits: opts.joinLimits,
      });
      await api.register(reportRoutes, {
        prefix: '/reports',
        disclosure: opts.config.disclosure,
        graceHours: opts.config.seatGraceHours,
        exportLimits: opts.exportLimits,
      });
    },
    { prefix: '/api' },
  );

  // UWE_WORKER=inline: this process runs the jobs itself (tests; a single-process setup). Started
  // once the app is ready, i.e. after the caller migrated the database and installed the queue.
  if (opts.config.worker === 'inline') {
    let worker: RunningWorker | undefined;
    app.addHook('onReady', async () => {
      worker = await startWorker(app.db, { log: app.log, pollingIntervalSeconds: 0.5 });
    });
    app.addHook('preClose', async () => {
      await worker?.stop();
    });
  }

  await app.register(staticPlugin, { uiDir: opts.config.uiDir });

  // Closed sessions get their responses rewritten in random order (at closing, and again after
  // the grace period, when late uploads have arrived); every process may do it, rows are locked.
  const sweeper = setInterval(() => {
    shuffleClosedSessions(app.db, opts.config.seatGraceHours).catch((err) =>
      app.log.warn({ err: (err as Error).message }, 'shuffling closed sessions failed'),
    );
  }, SHUFFLE_EVERY_MS);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;
