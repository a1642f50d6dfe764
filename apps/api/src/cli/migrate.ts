// `pnpm db:migrate`: applies the migrations and exits, against DATABASE_URL or the embedded database.
import { openCliDatabase } from './database.ts';

async function main(): Promise<number> {
  try {
    const opened = await openCliDatabase();
    if (!opened) return 1;
    await opened.close();
    console.log(opened.applied.length > 0 ? `Applied: ${opened.applied.join(', ')}` : 'Database is up to date.');
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  }
}

main().then((code) => process.exit(code));
