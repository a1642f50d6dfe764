import { type CatalogueItem, type ChoiceCode, formForGrade, type Grade, scoreResponse, uwe2026 } from '@uwe/schema';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/db/migrate.ts';
import { connect } from '../src/db/pool.ts';
import type { DB, SchoolType } from '../src/db/types.ts';
import { validateAnswers } from '../src/instruments/instruments.service.ts';
import {
  createRandom,
  type SyntheticAnswers,
  seedSyntheticResponses,
  syntheticAnswers,
} from '../src/seed/synthetic-responses.ts';
import { createTestDatabase } from './helpers.ts';

const items = uwe2026.catalogue.items;
const itemById = new Map(items.map((i) => [i.id, i]));

function generate(grade: Grade, n: number, seed: number, shift = 0): SyntheticAnswers[] {
  const rand = createRandom(seed);
  return Array.from({ length: n }, () => syntheticAnswers(uwe2026, grade, rand, { shift }));
}

function filterQualifies(item: CatalogueItem, answers: SyntheticAnswers): boolean {
  const filter = item.followUpOf!;
  const given = answers[filter.itemId];
  if (given === undefined) return false;
  return Array.isArray(given)
    ? given.some((c) => filter.codes.includes(c))
    : filter.codes.includes(given as ChoiceCode);
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const mean = (v: readonly number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let cov = 0;
  let vx = 0;
  let vy = 0;
  xs.forEach((x, i) => {
    const y = ys[i]!;
    cov += (x - mx) * (y - my);
    vx += (x - mx) ** 2;
    vy += (y - my) ** 2;
  });
  return cov / Math.sqrt(vx * vy);
}

/** Pairs of two scale scores where both could be scored. */
function scorePairs(all: readonly SyntheticAnswers[], grade: Grade, a: string, b: string): [number[], number[]] {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const answers of all) {
    const s = scoreResponse(uwe2026, grade, answers).scales;
    const x = s[a]?.score ?? null;
    const y = s[b]?.score ?? null;
    if (x !== null && y !== null) {
      xs.push(x);
      ys.push(y);
    }
  }
  return [xs, ys];
}

describe('syntheticAnswers', () => {
  const byGrade = { 4: generate(4, 500, 11), 7: generate(7, 500, 12) } as const;

  it.each([4, 7] as const)('grade %i: 500 answers all pass validation and ask only items of the grade', (grade) => {
    for (const answers of byGrade[grade]) {
      expect(validateAnswers(uwe2026, grade, answers)).toEqual([]);
      for (const id of Object.keys(answers)) expect(itemById.get(id)?.grades).toContain(grade);
    }
    const answered = new Set(byGrade[grade].flatMap((a) => Object.keys(a)));
    if (grade === 4) expect(answered.has('opt_4') || answered.has('fut_degree')).toBe(false);
    else expect(answered.has('fut_degree')).toBe(true);
  });

  it.each([4, 7] as const)('grade %i: about 3–8 %% of items are skipped, and some children skip nothing', (grade) => {
    const asked = items.filter((i) => i.grades.includes(grade) && !i.followUpOf && i.answerScale !== 'text');
    let skipped = 0;
    let complete = 0;
    for (const answers of byGrade[grade]) {
      const missing = asked.filter((i) => !Object.hasOwn(answers, i.id)).length;
      skipped += missing;
      if (missing === 0) complete += 1;
    }
    const share = skipped / (asked.length * byGrade[grade].length);
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.08);
    expect(complete).toBeGreaterThan(0);
  });

  it('answers follow-ups only when the filter answer shows them, and does answer them then', () => {
    for (const grade of [4, 7] as const) {
      const followUps = items.filter((i) => i.followUpOf && i.grades.includes(grade));
      for (const item of followUps) {
        let shown = 0;
        let answered = 0;
        for (const answers of byGrade[grade]) {
          const qualifies = filterQualifies(item, answers);
          if (Object.hasOwn(answers, item.id)) {
            expect(qualifies, `${item.id} answered without its filter`).toBe(true);
            answered += 1;
          }
          if (qualifies) shown += 1;
        }
        expect(shown, item.id).toBeGreaterThan(0);
        // Skips aside, a shown follow-up is answered.
        expect(answered / shown, item.id).toBeGreaterThan(0.85);
      }
    }
  });

  it('keeps "Nichts davon" alone, gives sensible codes and keeps rare answers rare but present', () => {
    const all = [...byGrade[4], ...byGrade[7]];
    for (const a of all) {
      const activities = a.activities;
      if (Array.isArray(activities) && activities.includes('none')) expect(activities).toEqual(['none']);
      if (Array.isArray(activities)) expect(activities.length).toBeGreaterThan(0);
    }
    const genders = all.map((a) => a.gender).filter((g) => g !== undefined);
    const rare = genders.filter((g) => g === 'd' || g === 'x').length / genders.length;
    expect(rare).toBeGreaterThan(0.005);
    expect(rare).toBeLessThan(0.07);
    expect(genders.filter((g) => g === 'f').length / genders.length).toBeGreaterThan(0.4);
    const texts = all.map((a) => a.free_text).filter((t): t is string => typeof t === 'string');
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length / all.length).toBeLessThan(0.07);
    // Bullying is skewed towards "gar nicht".
    const verbal = all.map((a) => a.bully_verbal).filter((v) => typeof v === 'number');
    expect(verbal.filter((v) => v === 1).length / verbal.length).toBeGreaterThan(0.45);
    const days = all.map((a) => a.breakfast).filter((v): v is number => typeof v === 'number');
    expect(Math.min(...days)).toBe(0);
    expect(Math.max(...days)).toBe(7);
  });

  it('scale scores correlate: optimism with happiness, and a reverse-coded item against its scale', () => {
    const [opt, hap] = scorePairs(byGrade[7], 7, 'optimism', 'happiness');
    expect(opt.length).toBeGreaterThan(400);
    expect(pearson(opt, hap)).toBeGreaterThan(0.3);
    const [opt4, hap4] = scorePairs(byGrade[4], 4, 'optimism', 'happiness');
    expect(pearson(opt4, hap4)).toBeGreaterThan(0.3);
    // se_5 is worded the other way: its raw code falls as self-esteem (se_1) rises.
    const pairs = byGrade[7].filter((a) => typeof a.se_1 === 'number' && typeof a.se_5 === 'number');
    expect(
      pearson(
        pairs.map((a) => a.se_1 as number),
        pairs.map((a) => a.se_5 as number),
      ),
    ).toBeLessThan(-0.2);
  });

  it('a better-off profile gives visibly better wellbeing', () => {
    const mean = (all: SyntheticAnswers[]) => {
      const scores = all
        .map((a) => scoreResponse(uwe2026, 7, a).scales.happiness?.score ?? null)
        .filter((s): s is number => s !== null);
      return scores.reduce((x, y) => x + y, 0) / scores.length;
    };
    expect(mean(generate(7, 300, 5, 0.6)) - mean(generate(7, 300, 5, -0.6))).toBeGreaterThan(0.3);
  });

  it('the same seed gives the same answers, another seed other answers', () => {
    expect(generate(7, 50, 99)).toEqual(generate(7, 50, 99));
    expect(generate(4, 50, 99)).toEqual(generate(4, 50, 99));
    expect(generate(7, 50, 99)).not.toEqual(generate(7, 50, 100));
  });
});

describe('seedSyntheticResponses', () => {
  let db: Kysely<DB>;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const areaIds: string[] = [];
  const schoolArea = new Map<string, string>();
  const schoolType = new Map<string, SchoolType>();
  let inactiveSchool = '';

  async function createWave(name: string, grades: number[]) {
    const row = await db
      .insertInto('wave')
      .values({ name, instrument_id: 'uwe-2026', grades, starts_on: day(-60), ends_on: day(-10), status: 'closed' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  beforeAll(async () => {
    const url = await createTestDatabase();
    db = connect(url, 2);
    await migrateToLatest(db);
    for (let i = 1; i <= 4; i++) {
      const area = await db
        .insertInto('sozialraum')
        .values({ name: `Bezirk ${i}`, code: `SR${i}`, district: null, geometry: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      areaIds.push(area.id);
    }
    const schools: { name: string; type: SchoolType; area: number; active?: boolean }[] = [
      ...Array.from({ length: 8 }, (_, i) => ({
        name: `Grundschule ${i + 1}`,
        type: 'grundschule' as const,
        area: i % 4,
      })),
      { name: 'Gesamtschule A', type: 'gesamtschule', area: 0 },
      { name: 'Gymnasium B', type: 'gymnasium', area: 1 },
      { name: 'Realschule C', type: 'realschule', area: 2 },
      { name: 'Sekundarschule D', type: 'sekundarschule', area: 3 },
      { name: 'Geschlossene Schule', type: 'gymnasium', area: 0, active: false },
    ];
    for (const s of schools) {
      const row = await db
        .insertInto('school')
        .values({ name: s.name, type: s.type, sozialraum_id: areaIds[s.area]!, active: s.active ?? true })
        .returning('id')
        .executeTakeFirstOrThrow();
      schoolArea.set(row.id, areaIds[s.area]!);
      schoolType.set(row.id, s.type);
      if (s.active === false) inactiveSchool = row.id;
    }
  });
  afterAll(() => db?.destroy());

  it('inserts exactly N finished responses in closed sessions, spread over schools and Sozialräume', async () => {
    const waveId = await createWave('Synthetisch 4+7', [4, 7]);
    const progress: number[] = [];
    const result = await seedSyntheticResponses(db, {
      waveId,
      responses: 2400,
      seed: 42,
      onProgress: (done, total) => {
        expect(total).toBe(2400);
        progress.push(done);
      },
    });
    expect(result.inserted).toBe(2400);
    expect(progress.at(-1)).toBe(2400);
    expect(progress.length).toBeGreaterThan(1);

    const rows = await db.selectFrom('response').selectAll().where('wave_id', '=', waveId).execute();
    expect(rows).toHaveLength(2400);
    const grades = new Set(rows.map((r) => r.grade));
    expect([...grades].sort()).toEqual([4, 7]);
    for (const r of rows) {
      expect(r.status).toBe('finished');
      expect(r.revision).toBe(1);
      expect(r.finished_on).toBe(r.started_on);
      expect(r.started_on >= day(-60) && r.started_on <= day(-10)).toBe(true);
      expect(r.page).toBe(uwe2026.forms[formForGrade(r.grade as Grade)].pages.length - 1);
      expect(uwe2026.languages.map((l) => l.code)).toContain(r.language);
      expect(r.school_id).not.toBe(inactiveSchool);
      // Grade 4 only at primary schools, grade 7 only at secondary schools.
      expect(schoolType.get(r.school_id) === 'grundschule').toBe(r.grade === 4);
      expect(validateAnswers(uwe2026, r.grade, r.answers)).toEqual([]);
    }
    expect(rows.filter((r) => r.language === 'de').length / rows.length).toBeGreaterThan(0.8);
    const perGrade = (g: number) => rows.filter((r) => r.grade === g).length;
    expect(perGrade(4)).toBe(1200);

    const perSchool = new Map<string, number>();
    for (const r of rows) perSchool.set(r.school_id, (perSchool.get(r.school_id) ?? 0) + 1);
    expect(perSchool.size).toBe(12);
    expect(new Set(rows.map((r) => schoolArea.get(r.school_id))).size).toBe(4);
    const primaryCounts = [...perSchool].filter(([id]) => schoolType.get(id) === 'grundschule').map(([, n]) => n);
    expect(Math.max(...primaryCounts)).toBeGreaterThan(Math.min(...primaryCounts) * 1.3);

    const sessions = await db.selectFrom('survey_session').selectAll().where('wave_id', '=', waveId).execute();
    expect(sessions).toHaveLength(result.sessions);
    expect(new Set(sessions.map((s) => s.code)).size).toBe(sessions.length);
    for (const s of sessions) {
      expect(s.code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
      expect(s.class_label).toMatch(/^Synthetisch \d+$/);
      expect(s.closed_at).not.toBeNull();
      expect(s.closed_at!.getTime()).toBeLessThan(Date.now());
      expect(s.closes_at.getTime()).toBeLessThanOrEqual(Date.now());
      expect(s.expected_pupils).toBeLessThanOrEqual(40);
      expect(s.seats_taken).toBe(rows.filter((r) => r.session_id === s.id).length);
    }

    // Mean happiness differs clearly between the best and the worst Sozialraum.
    const byArea = new Map<string, number[]>();
    for (const r of rows) {
      const score = scoreResponse(uwe2026, r.grade as Grade, r.answers).scales.happiness?.score ?? null;
      if (score === null) continue;
      const area = schoolArea.get(r.school_id)!;
      byArea.set(area, [...(byArea.get(area) ?? []), score]);
    }
    const means = [...byArea.values()].map((s) => s.reduce((a, b) => a + b, 0) / s.length);
    expect(Math.max(...means) - Math.min(...means)).toBeGreaterThan(0.25);
  });

  it('gives the same answers for the same seed', async () => {
    const collect = async (waveId: string) => {
      const rows = await db
        .selectFrom('response')
        .select(['school_id', 'grade', 'answers', 'started_on'])
        .where('wave_id', '=', waveId)
        .execute();
      return rows.map((r) => JSON.stringify([r.school_id, r.grade, r.started_on, r.answers])).sort();
    };
    const a = await createWave('Gleicher Seed A', [7, 9]);
    const b = await createWave('Gleicher Seed B', [7, 9]);
    await seedSyntheticResponses(db, { waveId: a, responses: 300, seed: 7 });
    await seedSyntheticResponses(db, { waveId: b, responses: 300, seed: 7 });
    const rowsA = await collect(a);
    expect(rowsA).toHaveLength(300);
    expect(rowsA).toEqual(await collect(b));
  });

  it('refuses a missing wave and a wave no active school fits', async () => {
    await expect(
      seedSyntheticResponses(db, { waveId: '00000000-0000-4000-8000-000000000000', responses: 10 }),
    ).rejects.toThrow(/no wave/);
    await db.updateTable('school').set({ active: false }).where('type', '=', 'grundschule').execute();
    try {
      const waveId = await createWave('Nur Klasse 4', [4]);
      await expect(seedSyntheticResponses(db, { waveId, responses: 10 })).rejects.toThrow(/No active school/);
      const count = await db.selectFrom('survey_session').select('id').where('wave_id', '=', waveId).execute();
      expect(count).toHaveLength(0);
    } finally {
      await db.updateTable('school').set({ active: true }).where('type', '=', 'grundschule').execute();
    }
  });
});
