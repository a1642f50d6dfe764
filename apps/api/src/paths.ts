import path from 'node:path';
import { fileURLToPath } from 'node:url';

// Folders the API reads at run time. This module sits one folder below the package root both as
// source (apps/api/src/paths.ts, run by tsx and vitest) and built: scripts/build.ts writes every
// output file flat into apps/api/dist/. So one relative URL serves both, and the Docker image keeps
// the repository's layout for what is read at run time (apps/api, migrations, apps/survey-ui/dist).

/** apps/api */
export const apiRoot = fileURLToPath(new URL('../', import.meta.url));
/** The repository root: default home of `.data/`. */
export const repoRoot = path.resolve(apiRoot, '../..');
/** The numbered plain-SQL migrations. */
export const migrationsDir = path.join(repoRoot, 'migrations');
/** The built front end (`pnpm --filter @uwe/survey-ui build`). */
export const defaultUiDir = path.join(repoRoot, 'apps/survey-ui/dist');
