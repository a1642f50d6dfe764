/**
 * Test helper: builds a complete publication (every unit × breakdown × group) from atomic counts,
 * the way the release builder will, so tests state only what the children answered.
 */
import {
  ALL_GROUP,
  type Breakdown,
  type Distribution,
  type GroupRef,
  type Hierarchy,
  type ItemInfo,
  type Level,
  type Mean,
  type Publication,
  type PublishedCell,
} from './disclosure.ts';

export interface AtomCounts {
  school: string;
  grade: string;
  gender: string;
  /** Answer counts in scale order; the answer value of category i is i + 1. */
  counts: number[];
}

export interface ItemData {
  info: ItemInfo;
  atoms: AtomCounts[];
  /** Also publish the mean of the answer values. */
  means?: boolean;
}

export const GENDERS = ['f', 'm', 'x'] as const;

/** Hierarchy from a compact spec: { sr1: { s1: ['7'], s2: ['7', '9'] } }. */
export function makeHierarchy(spec: Record<string, Record<string, string[]>>): Hierarchy {
  return {
    city: { id: 'c', name: 'City' },
    sozialraeume: Object.entries(spec).map(([id, schools]) => ({
      id,
      name: `SR ${id}`,
      schoolsWithData: Object.keys(schools).length,
    })),
    schools: Object.entries(spec).flatMap(([sr, schools]) =>
      Object.entries(schools).map(([id, grades]) => ({ id, name: `School ${id}`, sozialraumId: sr, grades })),
    ),
    genders: [...GENDERS],
  };
}

export function allGroups(h: Hierarchy): GroupRef[] {
  const units: { level: Level; unitId: string; grades: string[] }[] = [];
  const gradesOf = (schoolIds: string[]) =>
    [...new Set(h.schools.filter((s) => schoolIds.includes(s.id)).flatMap((s) => s.grades))].sort();
  units.push({ level: 'city', unitId: h.city.id, grades: gradesOf(h.schools.map((s) => s.id)) });
  for (const sr of h.sozialraeume) {
    const ids = h.schools.filter((s) => s.sozialraumId === sr.id).map((s) => s.id);
    if (ids.length > 0) units.push({ level: 'sozialraum', unitId: sr.id, grades: gradesOf(ids) });
  }
  for (const s of h.schools) units.push({ level: 'school', unitId: s.id, grades: [...s.grades] });
  return units.flatMap((u) => [
    { level: u.level, unitId: u.unitId, breakdown: 'none' as Breakdown, group: ALL_GROUP },
    ...u.grades.map((g) => ({ level: u.level, unitId: u.unitId, breakdown: 'grade' as Breakdown, group: g })),
    ...h.genders.map((g) => ({ level: u.level, unitId: u.unitId, breakdown: 'gender' as Breakdown, group: g })),
  ]);
}

export function atomInGroup(h: Hierarchy, a: AtomCounts, g: GroupRef): boolean {
  const school = h.schools.find((s) => s.id === a.school);
  if (!school) return false;
  const inUnit =
    g.level === 'city' ||
    (g.level === 'sozialraum' && school.sozialraumId === g.unitId) ||
    (g.level === 'school' && school.id === g.unitId);
  if (!inUnit) return false;
  if (g.breakdown === 'grade') return a.grade === g.group;
  if (g.breakdown === 'gender') return a.gender === g.group;
  return true;
}

export function buildPublication(h: Hierarchy, items: ItemData[]): Publication {
  const distributions: Distribution[] = [];
  const means: Mean[] = [];
  for (const item of items) {
    const nCat = item.info.categories?.length ?? 0;
    for (const g of allGroups(h)) {
      const atoms = item.atoms.filter((a) => atomInGroup(h, a, g));
      const counts = Array.from({ length: nCat }, (_, i) => atoms.reduce((s, a) => s + (a.counts[i] ?? 0), 0));
      distributions.push({ ...g, item: item.info.id, counts });
      if (item.means) {
        const n = counts.reduce((a, b) => a + b, 0);
        const used = counts.map((c, i) => (c > 0 ? i + 1 : null)).filter((v): v is number => v !== null);
        means.push({
          ...g,
          item: item.info.id,
          n,
          sum: counts.reduce((s, c, i) => s + c * (i + 1), 0),
          min: used.length ? Math.min(...used) : 0,
          max: used.length ? Math.max(...used) : 0,
        });
      }
    }
  }
  return { hierarchy: h, items: items.map((i) => i.info), distributions, means };
}

/** The cell of a group/statistic/category in an output. */
export function cell(
  out: readonly PublishedCell[],
  q: {
    level: Level;
    unit: string;
    breakdown?: Breakdown;
    group?: string;
    item?: string;
    statistic?: string;
    category?: string;
  },
): PublishedCell {
  const found = out.filter(
    (c) =>
      c.level === q.level &&
      c.unit_id === q.unit &&
      c.breakdown === (q.breakdown ?? 'none') &&
      c.group === (q.group ?? ALL_GROUP) &&
      (q.item === undefined || c.item === q.item) &&
      c.statistic === (q.statistic ?? 'n') &&
      c.category === (q.category ?? ''),
  );
  if (found.length !== 1) throw new Error(`expected one cell for ${JSON.stringify(q)}, found ${found.length}`);
  return found[0]!;
}
