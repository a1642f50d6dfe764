/**
 * The test's own attacker (DISCLOSURE.md version 2). A monitoring login reads a release built only
 * through the HTTP API, and tries every class of leak an earlier attack run found against version 1:
 * unions of hidden groups (also with groups whose n = 0 is public), follow-ups with a narrower grade
 * coverage than their filter, a multiple-choice filter's complement shown by a follow-up's n, two
 * releases of one wave, group sizes as the difference of two items' n, and exact n pinned by the
 * published n and percentages. For each, the attacker's best linear estimate of the hidden count,
 * and the set of values consistent with what was published: the truth is never the only one.
 */
import { DEFAULT_DISCLOSURE_CONFIG } from '@uwe/disclosure';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from './helpers.ts';
import {
  answersFor,
  type ChildSpec,
  type CsvRow,
  parseCsv,
  reportCity,
  seeded,
  withActivity,
  withDiscrimination,
  withNoActivity,
  withoutDiscrimination,
} from './report-scenarios.ts';

const D = DEFAULT_DISCLOSURE_CONFIG.maxDeviation;
type City = Awaited<ReturnType<typeof reportCity>>;

function kids(
  n: number,
  grade: 4 | 7 | 9,
  rand: () => number,
  change: (a: Record<string, unknown>, i: number) => void = () => {},
) {
  return Array.from({ length: n }, (_, i): ChildSpec => {
    const answers = answersFor(grade, rand, { gender: i % 2 === 0 ? 'f' : 'm' });
    change(answers, i);
    return { grade, answers };
  });
}

interface Attack {
  name: string;
  /** The attacker's estimate: a linear combination of published numbers. */
  estimate: number;
  truth: number;
  /** Largest error the combination can carry (its terms' noise bounds and rounding). */
  bound: number;
  /** What the attacker knows anyway: a hidden group holds fewer than N_MIN (or N_MIN_SENSITIVE). */
  max: number;
}

/** Integers the published numbers leave possible for the hidden count. */
function consistent(a: Attack): number[] {
  const out: number[] = [];
  for (
    let h = Math.max(0, Math.ceil(a.estimate - a.bound));
    h <= Math.min(a.max, Math.floor(a.estimate + a.bound));
    h++
  ) {
    out.push(h);
  }
  return out;
}

describe('an attacker with a monitoring login', () => {
  let ctx: TestContext;
  let city: City;
  let waveId: string;
  let rows: CsvRow[];
  const ids: Record<string, string> = {};
  const attacks: Attack[] = [];

  const value = (
    r: CsvRow[],
    unit: string,
    breakdown: string,
    group: string,
    item: string,
    statistic = 'n',
    category = '',
  ) => {
    const row = r.find(
      (x) =>
        x.unit_id === unit &&
        x.breakdown === breakdown &&
        x.group === group &&
        x.item === item &&
        x.statistic === statistic &&
        x.category === category,
    );
    expect(row, `${unit} ${breakdown}=${group} ${item} ${statistic} ${category}`).toBeDefined();
    return row!.value;
  };
  const shown = (...args: Parameters<typeof value>) => {
    const v = value(...args);
    expect(v, `expected ${args.slice(1).join(' ')} to be published`).not.toBeNull();
    return v!;
  };

  async function csv(release?: number) {
    const res = await city.inject(
      'GET',
      `/api/reports/waves/${waveId}/export.csv${release ? `?release=${release}` : ''}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    return parseCsv(res.body).rows;
  }

  beforeAll(async () => {
    ctx = await createTestApp();
    city = await reportCity(ctx.app);
    const rand = seeded(11);
    const { admin } = city;
    const srA = await admin.sozialraum({ name: 'Sozialraum A' });
    const srB = await admin.sozialraum({ name: 'Sozialraum B' });
    const srC = await admin.sozialraum({ name: 'Sozialraum C' });
    const school = async (sr: string, name: string) => (await admin.school(sr, { name, type: 'sonstige' })).id;
    Object.assign(ids, {
      srA: srA.id,
      srB: srB.id,
      a1: await school(srA.id, 'A1'),
      a2: await school(srA.id, 'A2'),
      tiny: await school(srA.id, 'A-Zwerg'),
      b1: await school(srB.id, 'B1 Rest'),
      b2: await school(srB.id, 'B2 Jahrgang'),
      b3: await school(srB.id, 'B3 Neun'),
      c1: await school(srC.id, 'C1 Vier und Sieben'),
      c2: await school(srC.id, 'C2 Nichts davon'),
      c3: await school(srC.id, 'C3'),
    });
    const wave = await admin.wave({
      name: 'Angriffswelle',
      grades: [4, 7, 9],
      startsOn: '2026-02-01',
      endsOn: '2026-03-31',
    });
    waveId = wave.id;
    await city.surveyClass(waveId, ids.a1!, kids(30, 7, rand));
    await city.surveyClass(waveId, ids.a2!, kids(28, 7, rand));
    await city.surveyClass(waveId, ids.tiny!, kids(4, 7, rand));
    await city.surveyClass(waveId, ids.b1!, [
      ...kids(24, 7, rand),
      ...kids(2, 7, rand, (a) => {
        a.gender = 'd';
      }),
    ]);
    await city.surveyClass(waveId, ids.b2!, kids(30, 7, rand));
    await city.surveyClass(waveId, ids.b2!, kids(3, 9, rand), 'Klasse 9a');
    await city.surveyClass(waveId, ids.b3!, kids(12, 9, rand), 'Klasse 9b');
    // Four fourth-graders who all experienced discrimination; in grade 7, 22 of 30 did.
    await city.surveyClass(
      waveId,
      ids.c1!,
      kids(4, 4, rand, (a) => withDiscrimination(a, 4)),
      'Klasse 4a',
    );
    await city.surveyClass(
      waveId,
      ids.c1!,
      kids(30, 7, rand, (a, i) => (i < 22 ? withDiscrimination(a, 7) : withoutDiscrimination(a))),
    );
    // Two children who do nothing after school, 28 who do sport.
    await city.surveyClass(
      waveId,
      ids.c2!,
      kids(30, 7, rand, (a, i) => (i < 2 ? withNoActivity(a) : withActivity(a))),
    );
    await city.surveyClass(waveId, ids.c3!, kids(20, 4, rand), 'Klasse 4b');
    await city.release(waveId);
    rows = await csv();
  }, 240_000);

  afterAll(async () => {
    await ctx?.app.close();
  });

  it('cannot read a hidden school or gender remainder from a union of published groups', () => {
    // Sozialraum A minus its two shown schools is the tiny school.
    attacks.push({
      name: 'Sozialraum − shown schools (hidden school of 4)',
      estimate:
        shown(rows, ids.srA!, 'none', 'all', 'hap_1') -
        shown(rows, ids.a1!, 'none', 'all', 'hap_1') -
        shown(rows, ids.a2!, 'none', 'all', 'hap_1'),
      truth: 4,
      bound: 3 * D,
      max: 9,
    });
    expect(value(rows, ids.tiny!, 'none', 'all', 'hap_1')).toBeNull();
    // A school minus girls minus boys is "divers / keine Angabe".
    attacks.push({
      name: 'school − girls − boys (hidden remainder of 2)',
      estimate:
        shown(rows, ids.b1!, 'none', 'all', 'hap_1') -
        shown(rows, ids.b1!, 'gender', 'f', 'hap_1') -
        shown(rows, ids.b1!, 'gender', 'm', 'hap_1'),
      truth: 2,
      bound: 3 * D,
      max: 9,
    });
    // Below the city, "divers / keine Angabe" is no column of its own at all.
    expect(rows.some((r) => r.unit_id === ids.b1 && r.group === 'other')).toBe(false);
  });

  it('cannot read a hidden grade through schools whose other grades are publicly empty', () => {
    // B3 has only grade 9 and B1 none, so Sozialraum B's grade 9 minus B3 is B2's hidden grade 9.
    attacks.push({
      name: 'Sozialraum grade 9 − one-grade school (hidden grade of 3)',
      estimate: shown(rows, ids.srB!, 'grade', '9', 'hap_1') - shown(rows, ids.b3!, 'none', 'all', 'hap_1'),
      truth: 3,
      bound: 2 * D,
      max: 9,
    });
    attacks.push({
      name: 'school − its other grade (hidden grade of 3)',
      estimate: shown(rows, ids.b2!, 'none', 'all', 'hap_1') - shown(rows, ids.b2!, 'grade', '7', 'hap_1'),
      truth: 3,
      bound: 2 * D,
      max: 9,
    });
    expect(value(rows, ids.b2!, 'grade', '9', 'hap_1')).toBeNull();
  });

  it('cannot read the fourth-graders who reported discrimination from a follow-up asked only from grade 7', () => {
    const n = shown(rows, ids.c1!, 'none', 'all', 'disc_experienced');
    const pctYes = shown(rows, ids.c1!, 'none', 'all', 'disc_experienced', 'pct', '1');
    const followUpN = shown(rows, ids.c1!, 'none', 'all', 'disc_reason.origin');
    attacks.push({
      name: 'filter count − follow-up n (sensitive, hidden group of 4)',
      estimate: (pctYes * n) / 100 - followUpN,
      // The yes count from a whole percentage of n is off by up to n/200 more, besides its noise.
      truth: 4,
      bound: 3 * D + n / 200 + 1,
      max: DEFAULT_DISCLOSURE_CONFIG.nMinSensitive - 1,
    });
    expect(value(rows, ids.c1!, 'grade', '4', 'disc_experienced')).toBeNull();
  });

  it("cannot read a multiple-choice filter's complement from its follow-up's n", () => {
    attacks.push({
      name: 'choice n − follow-up n (children who do nothing: 2)',
      estimate:
        shown(rows, ids.c2!, 'none', 'all', 'activities.sport') - shown(rows, ids.c2!, 'none', 'all', 'activity_days'),
      truth: 2,
      bound: 2 * D,
      max: 9,
    });
  });

  it('cannot read a group from two items whose grades differ', () => {
    attacks.push({
      name: 'n of an item of all grades − n of a grade 7/9 item (hidden grade 4 of 4)',
      estimate:
        shown(rows, ids.c1!, 'none', 'all', 'hap_1') - shown(rows, ids.c1!, 'none', 'all', 'screen_time_weekend'),
      truth: 4,
      bound: 2 * D,
      max: 9,
    });
  });

  it('cannot pin an exact n: published group sizes differ from the truth by at most D, many by something', () => {
    const truths: [string, string, string, number][] = [
      [ids.a1!, 'none', 'all', 30],
      [ids.a1!, 'gender', 'f', 15],
      [ids.a1!, 'gender', 'm', 15],
      [ids.a2!, 'none', 'all', 28],
      [ids.a2!, 'gender', 'f', 14],
      [ids.a2!, 'gender', 'm', 14],
      [ids.b1!, 'none', 'all', 26],
      [ids.b1!, 'gender', 'f', 12],
      [ids.b1!, 'gender', 'm', 12],
      [ids.b2!, 'none', 'all', 33],
      [ids.b2!, 'grade', '7', 30],
      [ids.b3!, 'none', 'all', 12],
      [ids.c1!, 'none', 'all', 34],
      [ids.c1!, 'grade', '7', 30],
      [ids.c2!, 'none', 'all', 30],
      [ids.c3!, 'none', 'all', 20],
      [ids.c3!, 'gender', 'f', 10],
      [ids.c3!, 'gender', 'm', 10],
      ['city', 'none', 'all', 217],
    ];
    // Every child answered these items; each item's n is a different published number only where
    // its set of children differs, so the whole catalogue adds nothing beyond these.
    const published = truths.map(([unit, breakdown, group]) => shown(rows, unit, breakdown, group, 'hap_1'));
    const diffs = published.map((v, i) => v - truths[i]![3]);
    for (const d of diffs) expect(Math.abs(d)).toBeLessThanOrEqual(D);
    // With these 19 groups, all exact would happen with probability below 10⁻⁴ if the noise works.
    expect(diffs.filter((d) => d !== 0).length).toBeGreaterThan(0);
    // Percentages come from perturbed counts over the perturbed n: the share of "1" times n is not
    // the exact count either (all 30 children of A1 answered; the shares add up to about 100).
    const pcts = rows.filter(
      (r) => r.unit_id === ids.a1 && r.breakdown === 'none' && r.item === 'hap_1' && r.statistic === 'pct',
    );
    expect(pcts.length).toBeGreaterThan(1);
  });

  it('cannot subtract two releases of the wave', async () => {
    const before = rows;
    // Seven more children at the tiny school: 11 now, shown in release 2.
    await city.surveyClass(waveId, ids.tiny!, kids(7, 7, seeded(99)), 'Klasse 7y');
    await city.release(waveId);
    const after = await csv(2);
    // The attacker knows 7 children were added: the tiny school's size in release 1 was 11 − 7 …
    attacks.push({
      name: 'release 2 school n − children added (hidden in release 1: 4)',
      estimate:
        shown(after, ids.tiny!, 'none', 'all', 'hap_1') -
        (shown(after, 'city', 'none', 'all', 'hap_1') - shown(before, 'city', 'none', 'all', 'hap_1')),
      truth: 4,
      bound: 3 * D,
      max: 9,
    });
    // … and cells whose children did not change are identical in both releases (rule 9).
    const key = (r: CsvRow) => `${r.unit_id}|${r.breakdown}|${r.group}|${r.item}|${r.statistic}|${r.category}`;
    const old = new Map(before.map((r) => [key(r), r]));
    for (const r of after.filter((x) => x.unit_id === ids.a1 || x.unit_id === ids.srB)) {
      expect(old.get(key(r))?.value, key(r)).toBe(r.value);
    }
  });

  it('finds every hidden count consistent with more than one value, and says how far its estimates are', () => {
    expect(attacks.length).toBe(8);
    const lines: string[] = [];
    for (const a of attacks) {
      const candidates = consistent(a);
      expect(candidates, a.name).toContain(a.truth);
      expect(candidates.length, `${a.name}: pinned to ${candidates}`).toBeGreaterThan(1);
      expect(Math.abs(a.estimate - a.truth), a.name).toBeLessThanOrEqual(a.bound);
      lines.push(
        `${a.name}: estimate ${a.estimate.toFixed(1)}, truth ${a.truth}, error ${(a.estimate - a.truth).toFixed(1)}, consistent ${candidates[0]}–${candidates.at(-1)}`,
      );
    }
    process.stdout.write(`\nAttacks on release 1 and 2:\n  ${lines.join('\n  ')}\n`);
  });
});
