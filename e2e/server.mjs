// Starts the platform for the browser tests: a fresh embedded PostgreSQL in a temporary folder,
// the demo city, and the API serving the built front end. Removes the folder when stopped.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = mkdtempSync(path.join(tmpdir(), 'uwe-e2e-'));
const child = spawn(path.join(root, 'apps/api/node_modules/.bin/tsx'), ['src/server.ts'], {
  cwd: path.join(root, 'apps/api'),
  stdio: 'inherit',
  env: {
    ...process.env,
    PORT: process.env.E2E_PORT ?? '3210',
    HOST: '127.0.0.1',
    UWE_DATA_DIR: dataDir,
    UWE_DEMO: '1',
    UWE_ADMIN_EMAIL: 'e2e-admin@example.org',
    UWE_ADMIN_PASSWORD: 'e2e-admin-password',
    LOG_LEVEL: 'warn',
  },
});
const stop = (signal) => child.kill(signal);
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
child.on('exit', (code) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(code ?? 0);
});
