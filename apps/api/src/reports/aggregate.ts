/**
 * Counting a wave's finished responses into the smallest cells a release can speak about
 * (school × grade × gender, the "atoms"), and turning those counts into the disclosure engine's
 * input for one reported item. Pure: no database, no clock.
 */
import type { Grade } from '@uwe/schema';
import {
  ALL_GROUP,
  type Breakdown,
  type CellKey,
  type Distribution,
  type GroupRef,
  type Hierarchy,
  type Level,
  type Mean,
  type Publication,
} from './disclosure.ts';
import { type createMeasurer, GENDER_GROUPS, genderGroup, type ReportItem, toItemInfo } from './report-items.ts';

export interface Unit {
  id: string;
  name: string;
}

export interface CityStructure {
  city: Unit;
  sozialraeume: readonly Unit[];
  schools: readonly (Unit & { sozialraumId: string })[];
}

interface Atom {
  school: string;
  grade: Grade;
  gender: string;
  /** Per item: counts per category, at `item * width + category`. */
  counts: Int32Array;
  /** Per item: n, sum, min, max of the mean's values, at `item * 4`. */
  means: Float64Array;
}

/** Stable text key of a group (used for the exact sizes an earlier release published). */
export function groupId(g: GroupRef): string {
  return `${g.level}|${g.unitId}|${g.breakdown}|${g.group}`;
}

export class WaveCounts {
  private readonly atoms = new Map<string, Atom>();
  private readonly width: number;
  private readonly measure: ReturnType<typeof createMeasurer>;
  responses = 0;

  constructor(
    readonly items: readonly ReportItem[],
    measure: ReturnType<typeof createMeasurer>,
  ) {
    this.width = Math.max(...items.map((i) => i.categories.length));
    this.measure = measure;
  }

  add(schoolId: string, grade: Grade, answers: Readonly<Record<string, unknown>>): void {
    const gender = genderGroup(answers);
    const key = `${schoolId}|${grade}|${gender}`;
    let atom = this.atoms.get(key);
    if (!atom) {
      const means = new Float64Array(this.items.length * 4);
      for (let i = 0; i < this.items.length; i++) {
        means[i * 4 + 2] = Number.POSITIVE_INFINITY;
        means[i * 4 + 3] = Number.NEGATIVE_INFINITY;
      }
      atom = { school: schoolId, grade, gender, counts: new Int32Array(this.items.length * this.width), means };
      this.atoms.set(key, atom);
    }
    const m = this.measure(grade, answers);
    for (let i = 0; i < this.items.length; i++) {
      const c = m.categories[i]!;
      if (c < 0) continue;
      atom.counts[i * this.width + c]!++;
      const v = m.values[i]!;
      if (!Number.isNaN(v)) {
        const o = i * 4;
        atom.means[o]!++;
        atom.means[o + 1]! += v;
        if (v < atom.means[o + 2]!) atom.means[o + 2] = v;
        if (v > atom.means[o + 3]!) atom.means[o + 3] = v;
      }
    }
    this.responses++;
  }

  /** Grades with at least one response, per school. */
  private schoolGrades(): Map<string, Set<Grade>> {
    const out = new Map<string, Set<Grade>>();
    for (const a of this.atoms.values()) {
      const set = out.get(a.school) ?? new Set<Grade>();
      set.add(a.grade);
      out.set(a.school, set);
    }
    return out;
  }

  /**
   * The engine's input for item number `index`: the hierarchy of the schools that asked it, and a
   * distribution (and mean) for every predefined group (DISCLOSURE.md rule 1).
   */
  publication(index: number, structure: CityStructure, forceSuppressed: readonly CellKey[] = []): Publication {
    const item = this.items[index]!;
    const asked = new Set<number>(item.grades);
    const schoolGrades = this.schoolGrades();
    const schools = structure.schools
      .map((s) => ({
        ...s,
        grades: [...(schoolGrades.get(s.id) ?? [])].filter((g) => asked.has(g)).sort((a, b) => a - b),
      }))
      .filter((s) => s.grades.length > 0);
    const withData = new Map<string, number>();
    for (const s of schools) withData.set(s.sozialraumId, (withData.get(s.sozialraumId) ?? 0) + 1);
    const sozialraeume = structure.sozialraeume.filter((sr) => withData.has(sr.id));
    const hierarchy: Hierarchy = {
      city: { id: structure.city.id, name: structure.city.name },
      sozialraeume: sozialraeume.map((sr) => ({ id: sr.id, name: sr.name, schoolsWithData: withData.get(sr.id)! })),
      schools: schools.map((s) => ({
        id: s.id,
        name: s.name,
        sozialraumId: s.sozialraumId,
        grades: s.grades.map(String),
      })),
      genders: [...GENDER_GROUPS],
    };

    // Units and the schools they cover.
    const units: { level: Level; id: string; schools: typeof schools }[] = [
      { level: 'city', id: structure.city.id, schools },
      ...sozialraeume.map((sr) => ({
        level: 'sozialraum' as const,
        id: sr.id,
        schools: schools.filter((s) => s.sozialraumId === sr.id),
      })),
      ...schools.map((s) => ({ level: 'school' as const, id: s.id, schools: [s] })),
    ];
    const bySchool = new Map<string, Atom[]>();
    for (const a of this.atoms.values()) {
      if (!asked.has(a.grade)) continue;
      const list = bySchool.get(a.school) ?? [];
      list.push(a);
      bySchool.set(a.school, list);
    }

    const distributions: Distribution[] = [];
    const means: Mean[] = [];
    const nCat = item.categories.length;
    const push = (level: Level, unitId: string, breakdown: Breakdown, group: string, atoms: Atom[]) => {
      const counts = new Array<number>(nCat).fill(0);
      let n = 0;
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const a of atoms) {
        for (let c = 0; c < nCat; c++) counts[c]! += a.counts[index * this.width + c]!;
        const o = index * 4;
        n += a.means[o]!;
        sum += a.means[o + 1]!;
        min = Math.min(min, a.means[o + 2]!);
        max = Math.max(max, a.means[o + 3]!);
      }
      const key = { level, unitId, breakdown, group, item: item.id };
      distributions.push({ ...key, counts });
      if (item.mean) {
        means.push({ ...key, n, sum, min: n > 0 ? min : 0, max: n > 0 ? max : 0 });
      }
    };

    for (const u of units) {
      const atoms = u.schools.flatMap((s) => bySchool.get(s.id) ?? []);
      push(u.level, u.id, 'none', ALL_GROUP, atoms);
      const grades = [...new Set(u.schools.flatMap((s) => s.grades))].sort((a, b) => a - b);
      // A grade breakdown of a unit with one grade would repeat its total.
      if (item.breakdowns.includes('grade') && grades.length > 1) {
        for (const g of grades) {
          push(
            u.level,
            u.id,
            'grade',
            String(g),
            atoms.filter((a) => a.grade === g),
          );
        }
      }
      if (item.breakdowns.includes('gender')) {
        for (const g of GENDER_GROUPS) {
          push(
            u.level,
            u.id,
            'gender',
            g,
            atoms.filter((a) => a.gender === g),
          );
        }
      }
    }
    return { hierarchy, items: [toItemInfo(item)], distributions, means, forceSuppressed };
  }
}

export function createWaveCounts(items: readonly ReportItem[], measure: ReturnType<typeof createMeasurer>) {
  return new WaveCounts(items, measure);
}
