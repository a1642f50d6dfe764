import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COLUMNS } from '../src/db/columns.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { createTestApp, type TestContext } from './helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestApp();
});
afterAll(() => ctx.app.close());

describe('migrations', () => {
  it('leave exactly the tables and columns the Kysely types declare', async () => {
    const rows = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, column_name`.execute(ctx.app.db);
    const actual: Record<string, string[]> = {};
    for (const r of rows.rows) {
      actual[r.table_name] = [...(actual[r.table_name] ?? []), r.column_name];
    }
    const expected = Object.fromEntries(Object.entries(COLUMNS).map(([t, cols]) => [t, Object.keys(cols).sort()]));
    expect(actual).toEqual(expected);
  });

  it('are applied once, even when several processes migrate at the same moment', async () => {
    // The app already migrated; three more concurrent runs must wait on the lock and apply nothing.
    const results = await Promise.all([
      migrateToLatest(ctx.app.db),
      migrateToLatest(ctx.app.db),
      migrateToLatest(ctx.app.db),
    ]);
    expect(results).toEqual([[], [], []]);
    const applied = await sql<{ name: string }>`select name from kysely_migration`.execute(ctx.app.db);
    expect(applied.rows.map((r) => r.name)).toContain('001_foundation');
  });

  it('keep invariants in the database, not only in code', async () => {
    const db = ctx.app.db;
    const sr = await db
      .insertInto('sozialraum')
      .values({ name: 'Test-Raum' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const school = await db
      .insertInto('school')
      .values({ name: 'Testschule', sozialraum_id: sr.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    const wave = await db
      .insertInto('wave')
      .values({ name: 'W', instrument_id: 'uwe-2026', grades: [4], starts_on: '2026-01-01', ends_on: '2026-02-01' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const session = {
      wave_id: wave.id,
      school_id: school.id,
      grade: 4,
      class_label: '4a',
      expected_pupils: 20,
      code: 'K7M4QX',
      closes_at: new Date(Date.now() + 3600_000),
    };
    await db.insertInto('survey_session').values(session).execute();
    // The same code twice, a look-alike letter, a grade that is not surveyed, more seats than the cap.
    await expect(db.insertInto('survey_session').values(session).execute()).rejects.toThrow(/unique/);
    await expect(
      db
        .insertInto('survey_session')
        .values({ ...session, code: 'K7M4Q0' })
        .execute(),
    ).rejects.toThrow(/check/);
    await expect(
      db
        .insertInto('survey_session')
        .values({ ...session, code: 'AAAAAA', grade: 5 })
        .execute(),
    ).rejects.toThrow(/check/);
    const row = await db
      .selectFrom('survey_session')
      .select(['id', 'seat_cap'])
      .where('code', '=', 'K7M4QX')
      .executeTakeFirstOrThrow();
    expect(row.seat_cap).toBe(22);
    await expect(
      db.updateTable('survey_session').set({ seats_taken: 23 }).where('id', '=', row.id).execute(),
    ).rejects.toThrow(/check/);
    // A wave with a grade outside 4, 7, 9; a finished response without a date.
    await expect(
      db
        .insertInto('wave')
        .values({ name: 'X', instrument_id: 'i', grades: [5], starts_on: '2026-01-01', ends_on: '2026-01-02' })
        .execute(),
    ).rejects.toThrow(/check/);
    await expect(
      db
        .insertInto('response')
        .values({
          seat_id: '00000000-0000-4000-8000-000000000001',
          session_id: row.id,
          wave_id: wave.id,
          school_id: school.id,
          grade: 4,
          language: 'de',
          answers: '{}',
          status: 'finished',
          revision: 1,
          started_on: '2026-01-05',
        })
        .execute(),
    ).rejects.toThrow(/check/);
  });
});
