// Reading responses and storing cells the fast way (jsonb taken apart in PostgreSQL, cells by COPY)
// must give exactly what the plain way gives: the same answers, the same cell text.
import type { PublishedCell } from '@uwe/disclosure';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import { connect } from '../src/db/pool.ts';
import type { DB } from '../src/db/types.ts';
import * as repo from '../src/reports/reports.repository.ts';
import { createTestDatabase } from './helpers.ts';

let db: Kysely<DB>;

beforeAll(async () => {
  db = connect(await createTestDatabase(), 2);
  await migrateToLatest(db);
});

afterAll(async () => {
  await db?.destroy();
});

describe('answers read for a release', () => {
  const ids = ['hap_1', 'gender', 'act_multi', 'neg', 'frac', 'nothing', 'flag', 'obj', 'odd'];
  const cases: Record<string, unknown>[] = [
    { hap_1: 4, gender: 'f', act_multi: [1, 3], neg: -2, frac: 2.5 },
    { gender: 'm\u001f"quoted"\\ \t\n Grüße 👋', act_multi: [], flag: true, obj: { a: [1, 'x'] }, odd: null },
    { hap_1: '4', neg: 1e21, frac: 0.1, other: 'not read' },
    {},
  ];

  it('gives the same values as parsing the whole answers object, for the items asked for', async () => {
    const text = repo.answersText(ids);
    for (const answers of cases) {
      const { rows } = await sql<{ answers_text: string }>`
        select ${text.select} from (values (${JSON.stringify(answers)}::jsonb)) as r(answers)
        cross join lateral ${text.lateral}
      `.execute(db);
      // A JSON null comes back as not answered, which every scoring and counting rule treats alike.
      const expected = Object.fromEntries(Object.entries(answers).filter(([k, v]) => ids.includes(k) && v !== null));
      expect(repo.parseAnswersText(rows[0]!.answers_text, ids)).toEqual(expected);
    }
  });
});

describe('cells stored by COPY', () => {
  it('come back exactly as built, special characters and missing values included', async () => {
    const wave = await db
      .insertInto('wave')
      .values({
        name: 'Copy',
        instrument_id: 'uwe-2026',
        grades: [4],
        starts_on: '2026-01-01',
        ends_on: '2026-12-31',
        status: 'closed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const release = await repo.insertRelease(db, wave.id, null as never);
    const names = ['Schule am \\Hang', 'Tab\there', 'Zeile\nzwei', 'Grüne Aue – Süd', 'Ende\r', '\\N'];
    const cells: PublishedCell[] = names.map((name, i) => ({
      level: 'school',
      unit_id: `u${i}`,
      unit_name: name,
      breakdown: 'none',
      group: 'all',
      item: 'hap_1',
      statistic: i % 2 ? 'pct' : 'n',
      category: i % 2 ? '4' : '',
      value: i === 2 ? null : i === 3 ? Number.NaN : i + 0.125,
      flag: i === 2 ? 'suppressed' : '',
    }));
    await repo.completeRelease(db, release.id, cells, {
      responses: 10,
      config: {},
      makeCurrent: true,
      waveId: wave.id,
    });
    const back = await repo.findCells(db, release.id);
    expect(back.map((c) => c.unit_name)).toEqual(names);
    expect(back.map((c) => c.value)).toEqual([0.125, 1.125, null, null, 4.125, 5.125]);
    expect(back.map((c) => c.category)).toEqual(['', '4', '', '4', '', '4']);
    expect(back[2]!.flag).toBe('suppressed');
  });
});
