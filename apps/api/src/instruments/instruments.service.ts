import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';

/** Until the instrument registry lands, the built-in version is the only one. */
const BUILTIN = new Set(['uwe-2026']);

export async function findInstrument(_db: Kysely<DB>, id: string): Promise<{ id: string } | undefined> {
  return BUILTIN.has(id) ? { id } : undefined;
}
