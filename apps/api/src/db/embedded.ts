import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/embedded-postgres.mjs', import.meta.url));

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package in a child process and resolves with its
 * connection URL. The child stops the server when told to or when this process goes away.
 */
export function startEmbeddedPostgres(dataDir: string, opts: { ephemeral?: boolean } = {}): Promise<EmbeddedServer> {
  const child = fork(script, [dataDir, ...(opts.ephemeral ? ['--ephemeral'] : [])], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const line = buffer.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      child.stdout?.off('data', onData);
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
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
