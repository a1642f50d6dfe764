import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AtomCounts, buildPublication, GENDERS, type ItemData, makeHierarchy } from './disclosure.fixtures.ts';
import {
  ALL_GROUP,
  applyDisclosureControl,
  DEFAULT_DISCLOSURE_CONFIG as CONFIG,
  type GroupRef,
  type Hierarchy,
  type ItemInfo,
  type Publication,
  type PublishedCell,
  rankCheck,
} from './disclosure.ts';

const POOL: ItemData['info'][] = [
  { id: 'agree', sensitive: false, categories: ['1', '2', '3', '4', '5'], scale: { min: 1, max: 5 } },
  { id: 'sad', sensitive: true, categories: ['1', '2', '3', '4', '5'], scale: { min: 1, max: 5 } },
  { id: 'yn', sensitive: false, categories: ['0', '1'], scale: { min: 1, max: 2 } },
];

/** 2–4 Sozialräume with 1–5 schools each, each school with grade 7, 9 or both. */
const hierarchyArb: fc.Arbitrary<Hierarchy> = fc
  .array(fc.array(fc.subarray(['7', '9'], { minLength: 1 }), { minLength: 1, maxLength: 5 }), {
    minLength: 2,
    maxLength: 4,
  })
  .map((srs) =>
    makeHierarchy(
      Object.fromEntries(
        srs.map((schools, i) => [`r${i}`, Object.fromEntries(schools.map((g, j) => [`s${i}-${j}`, g]))]),
      ),
    ),
  );

/** Counts per category: often empty or tiny (the remainder gender almost always), sometimes larger. */
const countArb = (gender: string) =>
  gender === 'x'
    ? fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 1 })
    : fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 7 }));

function atomsArb(h: Hierarchy, info: ItemInfo): fc.Arbitrary<AtomCounts[]> {
  const slots = h.schools.flatMap((s) =>
    s.grades.flatMap((grade) => GENDERS.map((gender) => ({ school: s.id, grade, gender }))),
  );
  const c = info.categories!.length;
  return fc.tuple(
    ...slots.map((slot) =>
      fc.array(countArb(slot.gender), { minLength: c, maxLength: c }).map((counts) => ({ ...slot, counts })),
    ),
  );
}

const publicationArb: fc.Arbitrary<Publication> = hierarchyArb.chain((h) =>
  fc.subarray(POOL, { minLength: 1, maxLength: 2 }).chain((infos) =>
    fc.tuple(...infos.map((info) => fc.tuple(atomsArb(h, info), fc.boolean()))).map((data) =>
      buildPublication(
        h,
        data.map(([atoms, means], i) => ({ info: infos[i]!, atoms, means })),
      ),
    ),
  ),
);

const key = (item: string, g: GroupRef) => `${item}|${g.level}|${g.unitId}|${g.breakdown}|${g.group}`;

/** Rule 5 families, written out independently of the engine. */
function families(h: Hierarchy): { total: GroupRef; parts: GroupRef[] }[] {
  const reported = h.sozialraeume.filter((sr) => sr.schoolsWithData >= CONFIG.minSchoolsPerSozialraum);
  const loose = h.schools.filter((s) => !reported.some((sr) => sr.id === s.sozialraumId));
  const out: { total: GroupRef; parts: GroupRef[] }[] = [];
  const groups: [GroupRef['breakdown'], string[]][] = [
    ['none', [ALL_GROUP]],
    ['grade', ['7', '9']],
    ['gender', [...GENDERS]],
  ];
  for (const [breakdown, gs] of groups) {
    for (const group of gs) {
      out.push({
        total: { level: 'city', unitId: h.city.id, breakdown, group },
        parts: [
          ...reported.map((sr) => ({ level: 'sozialraum' as const, unitId: sr.id, breakdown, group })),
          ...loose.map((s) => ({ level: 'school' as const, unitId: s.id, breakdown, group })),
        ],
      });
      for (const sr of reported) {
        out.push({
          total: { level: 'sozialraum', unitId: sr.id, breakdown, group },
          parts: h.schools
            .filter((s) => s.sozialraumId === sr.id)
            .map((s) => ({ level: 'school' as const, unitId: s.id, breakdown, group })),
        });
      }
    }
  }
  const units = [
    { level: 'city' as const, unitId: h.city.id },
    ...reported.map((sr) => ({ level: 'sozialraum' as const, unitId: sr.id })),
    ...h.schools.map((s) => ({ level: 'school' as const, unitId: s.id })),
  ];
  for (const u of units) {
    for (const [breakdown, gs] of groups.slice(1)) {
      out.push({
        total: { ...u, breakdown: 'none', group: ALL_GROUP },
        parts: gs.map((group) => ({ ...u, breakdown, group })),
      });
    }
  }
  return out;
}

function checkInvariants(p: Publication, out: PublishedCell[]): void {
  const exactN = new Map(p.distributions.map((d) => [key(d.item, d), d.counts.reduce((a, b) => a + b, 0)]));
  const shownN = new Map(
    out.filter((c) => c.statistic === 'n').map((c) => [key(c.item, { ...c, unitId: c.unit_id }), c.value]),
  );
  const info = new Map(p.items.map((i) => [i.id, i]));
  for (const c of out) {
    const item = info.get(c.item)!;
    const threshold = item.sensitive ? CONFIG.nMinSensitive : CONFIG.nMin;
    const n = exactN.get(key(c.item, { ...c, unitId: c.unit_id }))!;
    if (c.value === null) continue;
    if (c.statistic === 'n') {
      expect(n).toBeGreaterThanOrEqual(threshold);
      expect(c.value % CONFIG.roundNTo).toBe(0);
    }
    if (c.statistic === 'pct' && c.level !== 'city') expect(c.value > 0 && c.value < 100).toBe(true);
  }
  // Rule 3: every shown category block holds at least k children.
  const counts = new Map(p.distributions.map((d) => [key(d.item, d), d.counts]));
  for (const c of out) {
    if (c.statistic !== 'pct' || c.flag === 'suppressed' || c.flag === 'almost_all') continue;
    const item = info.get(c.item)!;
    const k = item.sensitive ? CONFIG.kSensitive : CONFIG.k;
    const dist = counts.get(key(c.item, { ...c, unitId: c.unit_id }))!;
    const held = c.category.split('+').reduce((a, code) => a + dist[item.categories!.indexOf(code)]!, 0);
    expect(held).toBeGreaterThanOrEqual(k);
  }
  // Rule 5 on exact counts: per published total, no part or ≥ 2 parts holding ≥ threshold children.
  for (const item of p.items) {
    const threshold = item.sensitive ? CONFIG.nMinSensitive : CONFIG.nMin;
    for (const fam of families(p.hierarchy)) {
      if (!shownN.get(key(item.id, fam.total))) continue;
      const parts = fam.parts.filter((g) => shownN.has(key(item.id, g)));
      const hidden = parts.filter((g) => shownN.get(key(item.id, g)) === null);
      if (hidden.length === 0) continue;
      const where = `${item.id}: ${key(item.id, fam.total)} → ${hidden.map((g) => key(item.id, g)).join(', ')}`;
      expect(hidden.length, where).toBeGreaterThanOrEqual(2);
      expect(
        hidden.reduce((a, g) => a + exactN.get(key(item.id, g))!, 0),
        where,
      ).toBeGreaterThanOrEqual(threshold);
    }
  }
}

describe('disclosure control on random cities', () => {
  it('no hidden number can be recomputed as a linear combination of published numbers', () => {
    fc.assert(
      fc.property(publicationArb, (p) => {
        const out = applyDisclosureControl(p);
        expect(rankCheck(out, p.hierarchy, p.items)).toEqual([]);
        checkInvariants(p, out);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic: the same input in any order gives identical output', () => {
    fc.assert(
      fc.property(publicationArb, fc.integer(), (p, seed) => {
        const shuffle = <T>(xs: readonly T[]) =>
          xs
            .map((x, i) => ({ x, r: Math.imul(i + 1, seed | 1) ^ (seed >>> 3) }))
            .sort((a, b) => a.r - b.r)
            .map((e) => e.x);
        const a = applyDisclosureControl(p);
        const b = applyDisclosureControl({
          ...p,
          distributions: shuffle(p.distributions),
          means: shuffle(p.means),
          items: [...p.items].reverse(),
        });
        expect(b).toEqual(a);
        expect(applyDisclosureControl(p)).toEqual(a);
      }),
      { numRuns: 50 },
    );
  });
});
