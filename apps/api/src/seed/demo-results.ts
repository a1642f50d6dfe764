// Results for the demo city: synthetic finished responses in the current demo wave and in an
// earlier one, each with a built release, so monitoring staff see a map, tables, school reports and
// a wave comparison on the first start. Runs once: a demo wave that already has a release is left alone.
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { startRelease } from '../reports/reports.service.ts';
import { findUserByEmail } from '../users/users.repository.ts';
import { DEMO_ACCOUNTS } from './demo-city.ts';
import { seedSyntheticResponses } from './synthetic-responses.ts';

export const DEMO_RESULT_WAVES = [
  { name: 'UWE 2024 (Demo)', responses: 2000, seed: 2024 },
  { name: 'UWE 2026 (Demo)', responses: 3000, seed: 2026 },
] as const;

export async function seedDemoResults(db: Kysely<DB>): Promise<string[]> {
  const admin = await findUserByEmail(db, DEMO_ACCOUNTS.admin);
  if (!admin) return [];
  const earlier = DEMO_RESULT_WAVES[0];
  if (!(await db.selectFrom('wave').select('id').where('name', '=', earlier.name).executeTakeFirst())) {
    await db
      .insertInto('wave')
      .values({
        name: earlier.name,
        instrument_id: 'uwe-2026',
        grades: [4, 7],
        starts_on: '2024-02-05',
        ends_on: '2024-03-22',
        status: 'closed',
      })
      .execute();
  }
  const lines: string[] = [];
  for (const spec of DEMO_RESULT_WAVES) {
    const wave = await db.selectFrom('wave').select('id').where('name', '=', spec.name).executeTakeFirst();
    if (!wave) continue;
    const released = await db
      .selectFrom('report_release')
      .select('id')
      .where('wave_id', '=', wave.id)
      .executeTakeFirst();
    if (released) continue;
    const finished = await db
      .selectFrom('response')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('wave_id', '=', wave.id)
      .where('status', '=', 'finished')
      .executeTakeFirstOrThrow();
    if (Number(finished.n) === 0) {
      await seedSyntheticResponses(db, { waveId: wave.id, responses: spec.responses, seed: spec.seed });
    }
    // Built by the worker in the background: the dashboard shows it within a minute of the start.
    await startRelease(db, admin.id, wave.id);
    lines.push(
      `${spec.name}: ${spec.responses} synthetic responses (marked in the audit log); its release is being built.`,
    );
  }
  return lines;
}
