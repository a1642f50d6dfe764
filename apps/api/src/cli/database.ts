// What every command-line tool does first: read the configuration, use DATABASE_URL or start the
// embedded database, and apply the migrations.
import type { Kysely } from 'kysely';
import { ConfigError, loadConfig } from '../config.ts';
import { type EmbeddedServer, startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { connect } from '../db/pool.ts';
import type { DB } from '../db/types.ts';

export interface CliDatabase {
  db: Kysely<DB>;
  /** Migrations applied now (empty if the database was up to date). */
  applied: string[];
  close(): Promise<void>;
}

/** The database, migrated; null (after printing why) when the configuration is bad. */
export async function openCliDatabase(): Promise<CliDatabase | null> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      return null;
    }
    throw err;
  }
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir);
    url = embedded.url;
  }
  const db = connect(url, 1);
  const close = async () => {
    await db.destroy();
    await embedded?.stop();
  };
  try {
    return { db, applied: await migrateToLatest(db as unknown as Kysely<unknown>), close };
  } catch (err) {
    await close();
    throw err;
  }
}
