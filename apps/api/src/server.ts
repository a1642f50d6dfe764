import { type ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp, logRedact, logSerializers } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { readConfigOrExit } from './cli/read-config.ts';
import { ensureSecret } from './config.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from './db/embedded.ts';
import { prepareDatabase } from './db/roles.ts';
import { DEMO_ACCOUNTS } from './seed/demo-city.ts';
import { findUserByEmail } from './users/users.repository.ts';

async function main() {
  const config = readConfigOrExit();
  let embedded: EmbeddedServer | undefined;
  let databaseUrl = config.databaseUrl;
  let firstStart = false;
  if (!databaseUrl) {
    firstStart = !existsSync(path.join(config.dataDir, 'pg', 'PG_VERSION'));
    console.log(`Starting embedded PostgreSQL in ${config.dataDir}${firstStart ? ' (first start)' : ''} …`);
    try {
      embedded = await startEmbeddedPostgres(config.dataDir);
    } catch (err) {
      console.error((err as Error).message);
      process.exit(1);
    }
    databaseUrl = embedded.url;
  }
  const secret = ensureSecret(config);

  // Migrations as the owner; requests as a role that can only read and write the tables.
  let prepared: Awaited<ReturnType<typeof prepareDatabase>>;
  try {
    prepared = await prepareDatabase(databaseUrl, secret);
  } catch (err) {
    console.error(`Database setup failed: ${(err as Error).message}`);
    await embedded?.stop();
    process.exit(1);
  }

  const app = await buildApp({
    config,
    databaseUrl: prepared.appUrl,
    secret,
    logger: {
      level: config.logLevel,
      serializers: logSerializers,
      redact: logRedact,
      ...(config.production ? {} : { transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } }),
    },
  });

  // UWE_WORKER=process (the default): the jobs run in a child process, restarted if it dies.
  const worker = config.worker === 'process' ? superviseWorker(databaseUrl, secret, app.log) : undefined;

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await Promise.all([app.close(), worker?.stop()]);
    } finally {
      await embedded?.stop();
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  try {
    if (prepared.applied.length > 0) app.log.info({ applied: prepared.applied }, 'database migrated');
    app.log.info({ role: prepared.role }, 'database role for requests');
    const demoExists = (await findUserByEmail(app.db, DEMO_ACCOUNTS.admin)) !== undefined;
    const demo = config.demo ?? ((embedded !== undefined && firstStart) || demoExists);
    const { lines } = await bootstrap(app.db, config, { demo });
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    console.log(
      [
        '',
        `UWE platform running at http://${shownHost}:${port}/`,
        `API docs:  http://${shownHost}:${port}/api/docs`,
        ...lines,
        '',
      ].join('\n'),
    );
  } catch (err) {
    app.log.error({ err }, 'start failed');
    await worker?.stop();
    await app.close().catch(() => {});
    await embedded?.stop();
    process.exit(1);
  }
}

const WORKER_FILE = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url),
);

/**
 * The worker as a child process (same Node options, so tsx in development and compiled code in
 * production both work). It gets the owner's connection like a worker service would and drops to
 * the restricted role itself. If it dies it is started again, waiting longer after each quick death.
 */
function superviseWorker(databaseUrl: string, secret: string, log: FastifyBaseLogger) {
  let child: ChildProcess | undefined;
  let stopping = false;
  let delay = 1_000;
  let timer: NodeJS.Timeout | undefined;
  const start = () => {
    const startedAt = Date.now();
    // The worker reads the same environment (its own config.ts), with the database and secret settled here.
    // biome-ignore lint/style/noProcessEnv: passes the environment on to the child process, reads nothing
    const env = { ...process.env, DATABASE_URL: databaseUrl, UWE_SECRET: secret };
    child = fork(WORKER_FILE, [], { env });
    child.on('exit', (code, signal) => {
      child = undefined;
      if (stopping) return;
      // A worker that ran for a while gets a quick restart; one that keeps dying, a slower one.
      delay = Date.now() - startedAt > 60_000 ? 1_000 : Math.min(delay * 2, 30_000);
      log.warn({ code, signal, restartInMs: delay }, 'worker stopped; restarting');
      timer = setTimeout(start, delay);
    });
  };
  start();
  return {
    async stop() {
      stopping = true;
      clearTimeout(timer);
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGTERM');
      const killer = setTimeout(() => running.kill('SIGKILL'), 25_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

void main();
