// Starts scripts/embedded-postgres.mjs in a child process and resolves with its connection URL.
// Plain JavaScript so the API (through src/db/embedded.ts), the browser-test server and the
// benchmarks share one implementation.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./embedded-postgres.mjs', import.meta.url));

export function startEmbeddedPostgres(dataDir, opts = {}) {
  const child = fork(script, [dataDir, ...(opts.ephemeral ? ['--ephemeral'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      child.stdout?.off('data', onData);
      const { url } = JSON.parse(line);
      resolve({
        url,
        process: child,
        async stop() {
          if (child.exitCode !== null) return;
          child.kill('SIGTERM');
          await exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited with code ${code} before it was ready`)));
  });
}
