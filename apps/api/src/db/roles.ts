import { createHmac } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { QUEUE_SCHEMA } from '../jobs/queue.ts';
import { migrateToLatest } from './migrate.ts';
import { connect } from './pool.ts';

/** The role the API's request handlers connect as. */
export const APP_ROLE = 'uwe_app';

export interface PreparedDatabase {
  /** Where the request handlers connect: as APP_ROLE when it could be set up, else as given. */
  appUrl: string;
  /** The role behind appUrl. */
  role: string;
  applied: string[];
}

/** Derived from the app's secret, so every API process finds the same password without storing it. */
export function appRolePassword(secret: string): string {
  return createHmac('sha256', secret).update('uwe database role uwe_app').digest('base64url');
}

/**
 * Least privilege: migrations run with the connection the operator gave (the owner of the
 * tables; a superuser for the embedded database and the postgres image), the request handlers
 * with a login role that may only read and write the app's tables: it owns nothing, cannot create
 * or drop a table, cannot touch the migration bookkeeping, and is no superuser. If the given
 * connection may not create roles, it already is such a restricted role and is used for both.
 */
export async function prepareDatabase(ownerUrl: string, secret: string): Promise<PreparedDatabase> {
  // biome-ignore lint/suspicious/noExplicitAny: migrations and grants work on any database type
  const owner = connect(ownerUrl, 1) as unknown as Kysely<any>;
  try {
    const applied = await migrateToLatest(owner);
    const { rows } = await sql<{ can: boolean; me: string }>`
      select (rolsuper or rolcreaterole) as can, current_user as me from pg_roles where rolname = current_user`.execute(
      owner,
    );
    if (!rows[0]?.can) return { appUrl: ownerUrl, role: rows[0]?.me ?? '', applied };
    const password = appRolePassword(secret);
    await retryConcurrent(() => ensureAppRole(owner, password));
    const url = new URL(ownerUrl);
    url.username = APP_ROLE;
    url.password = password;
    return { appUrl: url.toString(), role: APP_ROLE, applied };
  } finally {
    await owner.destroy();
  }
}

// biome-ignore lint/suspicious/noExplicitAny: works on any database type
async function ensureAppRole(db: Kysely<any>, password: string) {
  await sql
    .raw(`do $$ begin
      if not exists (select from pg_roles where rolname = '${APP_ROLE}') then
        create role ${APP_ROLE} login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls;
      end if;
    end $$`)
    .execute(db);
  await sql
    .raw(
      `alter role ${APP_ROLE} with login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls password ${literal(password)}`,
    )
    .execute(db);
  const { rows } = await sql<{ db: string; v: number }>`
    select current_database() as db, current_setting('server_version_num')::int as v`.execute(db);
  const database = rows[0]?.db ?? '';
  // Tables added by later migrations are granted at the next start (this runs after migrating).
  await sql.raw(`grant connect on database ${ident(database)} to ${APP_ROLE}`).execute(db);
  await sql.raw(`grant usage on schema public to ${APP_ROLE}`).execute(db);
  await sql.raw(`grant select, insert, update, delete on all tables in schema public to ${APP_ROLE}`).execute(db);
  await sql.raw(`grant usage, select on all sequences in schema public to ${APP_ROLE}`).execute(db);
  // The job queue: enqueue, fetch and complete jobs (its tables and queues are made by the owner).
  await sql.raw(`grant usage on schema ${QUEUE_SCHEMA} to ${APP_ROLE}`).execute(db);
  await sql
    .raw(`grant select, insert, update, delete on all tables in schema ${QUEUE_SCHEMA} to ${APP_ROLE}`)
    .execute(db);
  // The release build refreshes the planner's statistics (ANALYZE): PostgreSQL 17+ grants that alone.
  if ((rows[0]?.v ?? 0) >= 170000) {
    await sql.raw(`grant maintain on all tables in schema public to ${APP_ROLE}`).execute(db);
  }
  await sql
    .raw(`revoke all on table kysely_migration, kysely_migration_lock from ${APP_ROLE}`)
    .execute(db)
    .catch(() => {});
}

const literal = (s: string) => `'${s.replaceAll("'", "''")}'`;
const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/** Two API processes (or test files) setting up the role at once collide in the catalogue: retry. */
async function retryConcurrent(fn: () => Promise<void>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const code = (err as { code?: string }).code;
      const racing = code === '23505' || code === '42710' || code === 'XX000' || code === '40001';
      if (!racing || attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}
