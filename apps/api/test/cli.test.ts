import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from './helpers.ts';

const run = promisify(execFile);
const apiDir = fileURLToPath(new URL('..', import.meta.url));

describe('pnpm db:migrate', () => {
  it('applies the migrations to DATABASE_URL once, then reports the database up to date', async () => {
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: await createTestDatabase() };
    const cli = ['--import', 'tsx', 'src/cli/migrate.ts'];
    const first = await run(process.execPath, cli, { cwd: apiDir, env });
    expect(first.stdout).toContain('Applied: 001_foundation, 002_instrument_versions');
    const second = await run(process.execPath, cli, { cwd: apiDir, env });
    expect(second.stdout).toContain('Database is up to date.');
  }, 30_000);

  it('exits 1 with a message when the database cannot be reached', async () => {
    const env = { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none' };
    await expect(
      run(process.execPath, ['--import', 'tsx', 'src/cli/migrate.ts'], { cwd: apiDir, env }),
    ).rejects.toMatchObject({
      code: 1,
    });
  }, 30_000);
});
