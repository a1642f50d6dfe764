import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { installQueues } from '../jobs/queue.ts';
import { migrationsDir } from '../paths.ts';

/**
 * Serves the numbered plain-SQL files of `migrations/` to Kysely's Migrator, which records them,
 * runs each in a transaction and holds a PostgreSQL advisory lock while it works, so several API
 * processes may start at once.
 */
class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(this.dir)).filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(path.join(this.dir, file), 'utf8');
      // No parameters: pg sends it with the simple query protocol, so one file may hold many statements.
      migrations[file.replace(/\.sql$/, '')] = { up: async (db) => void (await sql.raw(text).execute(db)) };
    }
    return migrations;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any database type
export async function migrateToLatest(db: Kysely<any>, dir: string = migrationsDir): Promise<string[]> {
  const migrator = new Migrator({ db, provider: new SqlFileMigrationProvider(dir) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${(error as Error).message ?? error}`, {
      cause: error,
    });
  }
  // The job queue's own schema (pg-boss installs and upgrades it; nothing to do when it is current).
  await installQueues(db);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
