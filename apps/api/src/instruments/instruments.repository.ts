import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/types.ts';

type Db = Kysely<DB> | Transaction<DB>;

export const findStoredInstrument = (db: Db, id: string) =>
  db.selectFrom('instrument_version').selectAll().where('id', '=', id).executeTakeFirst();

export const listStoredInstruments = (db: Db) =>
  db.selectFrom('instrument_version').selectAll().orderBy('created_at').execute();

export const insertInstrument = (db: Db, v: { id: string; title: string; definition: string; uploaded_by: string }) =>
  db.insertInto('instrument_version').values(v).returning(['id']).executeTakeFirstOrThrow();
