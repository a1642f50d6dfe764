import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildApp, logRedact, logSerializers } from './app.ts';
import { bootstrap } from './bootstrap.ts';
import { type Config, ConfigError, ensureSecret, loadConfig } from './config.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from './db/embedded.ts';
import { prepareDatabase } from './db/roles.ts';
import { DEMO_ACCOUNTS } from './seed/demo-city.ts';
import { findUserByEmail } from './users/users.repository.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}

async function main() {
  const config = readConfig();
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

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    try {
      await app.close();
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
    await app.close().catch(() => {});
    await embedded?.stop();
    process.exit(1);
  }
}

void main();
