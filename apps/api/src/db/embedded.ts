import type { EmbeddedServer } from '#embedded-postgres';

export type { EmbeddedServer };

/**
 * Starts the embedded PostgreSQL (for `pnpm start`, `pnpm dev`, the dev CLIs and the tests). Loaded
 * only when it is needed: `embedded-postgres` is a development dependency, absent from the
 * production image, which always has DATABASE_URL. The server runs in a child process, because
 * importing `embedded-postgres` installs an exit hook that calls process.exit(0), which would
 * swallow the exit code of whatever loaded it.
 */
export async function startEmbeddedPostgres(dataDir: string, opts?: { ephemeral?: boolean }): Promise<EmbeddedServer> {
  let embedded: typeof import('#embedded-postgres');
  try {
    embedded = await import('#embedded-postgres');
  } catch (err) {
    throw new Error(
      'DATABASE_URL is not set and the embedded PostgreSQL is not installed (a development dependency; ' +
        `a production installation needs DATABASE_URL): ${(err as Error).message}`,
    );
  }
  return embedded.startEmbeddedPostgres(dataDir, opts);
}
