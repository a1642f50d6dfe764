/**
 * The worker process: runs release builds and writes export files from the job queue in
 * PostgreSQL. `pnpm start` starts it as a child of the API process (server.ts); on a server it runs
 * as a service of its own (docker-compose.yml), as many as wanted, against the same DATABASE_URL.
 * It needs the database ready (migrated by an API process) and listens on no port.
 */

import { readConfigOrExit } from './cli/read-config.ts';
import { ensureSecret } from './config.ts';
import { connect } from './db/pool.ts';
import { prepareDatabase } from './db/roles.ts';
import { startWorker } from './jobs/worker.ts';

const log = {
  info: (obj: object, msg: string) => console.log(JSON.stringify({ level: 'info', msg, ...obj })),
  warn: (obj: object, msg: string) => console.warn(JSON.stringify({ level: 'warn', msg, ...obj })),
};

async function main() {
  const config = readConfigOrExit();
  if (!config.databaseUrl) {
    console.error('Configuration error: DATABASE_URL: the worker needs the database of the API processes');
    process.exit(1);
  }
  // Like an API process: migrations (nothing to do when current) with the given connection, then
  // the work with the restricted role.
  const { appUrl } = await prepareDatabase(config.databaseUrl, ensureSecret(config));
  const db = connect(appUrl, 4);
  const worker = await startWorker(db, { log });
  log.info({ pid: process.pid }, 'worker started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker stopping');
    try {
      await worker.stop();
      await db.destroy();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  // The parent API process went away (killed): a child worker does not outlive it.
  process.on('disconnect', () => void stop('disconnect'));
}

void main();
