/**
 * Counting a wave's responses into the smallest cells a release can speak about (school × grade ×
 * gender, the "atoms"), with the cell key method's key sums beside every count, and turning those
 * counts into the disclosure package's input for one reported item. Pure: no database, no clock.
 */
import type { GroupInput, Level, ParticipationInput } from '@uwe/disclosure';
import { ALL_GROUP } from '@uwe/disclosure';
import type { Grade } from '@uwe/schema';
import { type createMeasurer, GENDER_GROUPS, genderGroup, type ReportItem } from './report-items.ts';

export interface Unit {
  id: string;
  name: string;
}

export interface CityStructure {
  city: Unit;
  sozialraeume: readonly Unit[];
  schools: readonly (Unit & { sozialraumId: string })[];
}

const KEY_MOD = 2 ** 32;

interface Atom {
  school: string;
  grade: Grade;
  gender: string;
  /** Per item and category, at `item * width + category`: exact counts and key sums (mod 2³²). */
  counts: Int32Array;
  keys: Uint32Array;
  /** Per item: n, sum, min, max of the mean's values, at `item * 4`, and the key sum of its records. */
  means: Float64Array;
  meanKeys: Uint32Array;
}

/** Children who took part and class sizes, per school and grade. */
interface Participation {
  tookPart: number;
  tookPartKey: number;
  /** Of those, from paper questionnaires. */
  paper: number;
  paperKey: number;
  enrolled: number;
  enrolledKey: number;
  /** A session of this school and grade has no class size. */
  enrolledUnknown: boolean;
}

export interface SessionSize {
  schoolId: string;
  grade: Grade;
  /** Sessions of one class (a session reopened after it expired) count the class once. */
  classLabel: string;
  enrolled: number | null;
  recordKey: number;
}

export class WaveCounts {
  private readonly atoms = new Map<string, Atom>();
  /**
   * The same counts by where the children live (issue 19): residence Sozialraum × grade × gender,
   * no school, so a release never holds a school × residence table (rule 1). `Atom.school` holds the
   * Sozialraum id here.
   */
  private readonly residenceAtoms = new Map<string, Atom>();
  private readonly residenceTookPart = new Map<string, { tookPart: number; tookPartKey: number }>();
  private readonly participation = new Map<string, Participation>();
  private readonly classes = new Map<string, SessionSize>();
  private readonly width: number;
  private readonly measure: ReturnType<typeof createMeasurer>;
  /** Responses counted (finished and partial), including those without any answer. */
  responses = 0;

  constructor(
    readonly items: readonly ReportItem[],
    measure: ReturnType<typeof createMeasurer>,
  ) {
    this.width = Math.max(...items.map((i) => i.categories.length));
    this.measure = measure;
  }

  private participationOf(schoolId: string, grade: Grade): Participation {
    const key = `${schoolId}|${grade}`;
    let p = this.participation.get(key);
    if (!p) {
      p = { tookPart: 0, tookPartKey: 0, paper: 0, paperKey: 0, enrolled: 0, enrolledKey: 0, enrolledUnknown: false };
      this.participation.set(key, p);
    }
    return p;
  }

  /**
   * One counted response; `recordKey` is its random record key (rule 2). Paper responses count like
   * any other and are counted once more for the paper share of participation.
   */
  add(
    schoolId: string,
    grade: Grade,
    answers: Readonly<Record<string, unknown>>,
    recordKey: number,
    paper = false,
    /** The Sozialraum the child said it lives in (its id), if any. */
    residenceId: string | null = null,
  ): void {
    const p = this.participationOf(schoolId, grade);
    p.tookPart++;
    p.tookPartKey = (p.tookPartKey + recordKey) % KEY_MOD;
    if (paper) {
      p.paper++;
      p.paperKey = (p.paperKey + recordKey) % KEY_MOD;
    }
    this.responses++;

    const gender = genderGroup(answers);
    const m = this.measure(grade, answers);
    this.count(this.atomOf(this.atoms, schoolId, grade, gender), m, recordKey);
    if (residenceId !== null) {
      const key = `${residenceId}|${grade}`;
      const r = this.residenceTookPart.get(key) ?? { tookPart: 0, tookPartKey: 0 };
      r.tookPart++;
      r.tookPartKey = (r.tookPartKey + recordKey) % KEY_MOD;
      this.residenceTookPart.set(key, r);
      this.count(this.atomOf(this.residenceAtoms, residenceId, grade, gender), m, recordKey);
    }
  }

  private atomOf(atoms: Map<string, Atom>, unit: string, grade: Grade, gender: string): Atom {
    const key = `${unit}|${grade}|${gender}`;
    let atom = atoms.get(key);
    if (!atom) {
      const means = new Float64Array(this.items.length * 4);
      for (let i = 0; i < this.items.length; i++) {
        means[i * 4 + 2] = Number.POSITIVE_INFINITY;
        means[i * 4 + 3] = Number.NEGATIVE_INFINITY;
      }
      const size = this.items.length * this.width;
      atom = {
        school: unit,
        grade,
        gender,
        counts: new Int32Array(size),
        keys: new Uint32Array(size),
        means,
        meanKeys: new Uint32Array(this.items.length),
      };
      atoms.set(key, atom);
    }
    return atom;
  }

  private count(atom: Atom, m: ReturnType<ReturnType<typeof createMeasurer>>, recordKey: number): void {
    for (let i = 0; i < this.items.length; i++) {
      const c = m.categories[i]!;
      if (c < 0) continue;
      const at = i * this.width + c;
      atom.counts[at]!++;
      // Uint32Array stores modulo 2³²: the exact, order-free key sum.
      atom.keys[at] = atom.keys[at]! + recordKey;
      const v = m.values[i]!;
      if (!Number.isNaN(v)) {
        const o = i * 4;
        atom.means[o]!++;
        atom.means[o + 1]! += v;
        if (v < atom.means[o + 2]!) atom.means[o + 2] = v;
        if (v > atom.means[o + 3]!) atom.means[o + 3] = v;
        atom.meanKeys[i] = atom.meanKeys[i]! + recordKey;
      }
    }
  }

  /** The class sizes of the wave's sessions (sessions without one make the size unknown). */
  addSession(s: SessionSize): void {
    const key = `${s.schoolId}|${s.grade}|${s.classLabel.trim().toLowerCase()}`;
    const before = this.classes.get(key);
    if (!before || (s.enrolled ?? -1) > (before.enrolled ?? -1)) this.classes.set(key, s);
  }

  /** Class sizes per school and grade, from the largest size entered for each class. */
  private settleClassSizes(): void {
    for (const p of this.participation.values()) {
      p.enrolled = 0;
      p.enrolledKey = 0;
      p.enrolledUnknown = false;
    }
    for (const s of this.classes.values()) {
      const p = this.participationOf(s.schoolId, s.grade);
      if (s.enrolled === null) p.enrolledUnknown = true;
      else p.enrolled += s.enrolled;
      p.enrolledKey = (p.enrolledKey + s.recordKey) % KEY_MOD;
    }
  }

  /** Grades with at least one counted response, per school. */
  private schoolGrades(): Map<string, Set<Grade>> {
    const out = new Map<string, Set<Grade>>();
    for (const [key, p] of this.participation) {
      if (p.tookPart === 0) continue;
      const [school, grade] = key.split('|') as [string, string];
      const set = out.get(school) ?? new Set<Grade>();
      set.add(Number(grade) as Grade);
      out.set(school, set);
    }
    return out;
  }

  /**
   * The units reported for a set of grades: schools with responses in one of them, the Sozialräume
   * of those schools (reportable with enough of them, rule 3) and the city.
   */
  private units(structure: CityStructure, asked: ReadonlySet<number>, minSchools: number) {
    const schoolGrades = this.schoolGrades();
    // Rule 3 counts the Sozialraum's schools with data in the wave: where fewer of them were asked
    // an item (grade 7 questions in a quarter of primary schools), its figures are those schools'
    // own, which are published anyway, with the same noise (the same children).
    const withData = new Map<string, number>();
    for (const s of structure.schools) {
      if (schoolGrades.has(s.id)) withData.set(s.sozialraumId, (withData.get(s.sozialraumId) ?? 0) + 1);
    }
    const schools = structure.schools
      .map((s) => ({
        ...s,
        grades: [...(schoolGrades.get(s.id) ?? [])].filter((g) => asked.has(g)).sort((a, b) => a - b),
      }))
      .filter((s) => s.grades.length > 0);
    if (schools.length === 0) return [];
    const units: { level: Level; id: string; name: string; reportable: boolean; schools: typeof schools }[] = [
      { level: 'city', id: structure.city.id, name: structure.city.name, reportable: true, schools },
    ];
    for (const sr of structure.sozialraeume) {
      const inside = schools.filter((s) => s.sozialraumId === sr.id);
      if (inside.length === 0) continue;
      units.push({
        level: 'sozialraum',
        id: sr.id,
        name: sr.name,
        reportable: (withData.get(sr.id) ?? 0) >= minSchools,
        schools: inside,
      });
    }
    for (const s of schools) units.push({ level: 'school', id: s.id, name: s.name, reportable: true, schools: [s] });
    return units;
  }

  /**
   * The disclosure input for item number `index`: every predefined group (DISCLOSURE.md rule 1) of
   * the schools that asked it, with exact counts and key sums. Items no grade of the wave was asked
   * have no groups at all.
   */
  groups(index: number, structure: CityStructure, minSchools: number): GroupInput[] {
    const item = this.items[index]!;
    const asked = new Set<number>(item.grades);
    const bySchool = new Map<string, Atom[]>();
    for (const a of this.atoms.values()) {
      if (!asked.has(a.grade)) continue;
      const list = bySchool.get(a.school) ?? [];
      list.push(a);
      bySchool.set(a.school, list);
    }
    const nCat = item.categories.length;
    const out: GroupInput[] = [];
    const push = (
      unit: { level: Level; id: string; name: string; reportable: boolean },
      breakdown: GroupInput['breakdown'],
      group: string,
      atoms: readonly Atom[],
    ) => {
      const counts = new Array<number>(nCat).fill(0);
      const keys = new Array<number>(nCat).fill(0);
      let n = 0;
      let sum = 0;
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      let meanKey = 0;
      const base = index * this.width;
      for (const a of atoms) {
        for (let c = 0; c < nCat; c++) {
          counts[c]! += a.counts[base + c]!;
          keys[c] = (keys[c]! + a.keys[base + c]!) % KEY_MOD;
        }
        const o = index * 4;
        n += a.means[o]!;
        sum += a.means[o + 1]!;
        min = Math.min(min, a.means[o + 2]!);
        max = Math.max(max, a.means[o + 3]!);
        meanKey = (meanKey + a.meanKeys[index]!) % KEY_MOD;
      }
      const g: GroupInput = {
        level: unit.level,
        unitId: unit.id,
        unitName: unit.name,
        breakdown,
        group,
        reportable: unit.reportable,
        counts,
        keys,
      };
      if (item.mean) g.mean = { n, sum, min: n > 0 ? min : 0, max: n > 0 ? max : 0, key: meanKey };
      out.push(g);
    };

    const units = this.units(structure, asked, minSchools).map((u) => ({
      ...u,
      atoms: u.schools.flatMap((s) => bySchool.get(s.id) ?? []),
      grades: [...new Set(u.schools.flatMap((s) => s.grades))].sort((a, b) => a - b),
    }));
    // Sozialräume by residence: the children of the grades asked who named them (rule 3's minimum
    // group sizes apply; the minimum number of schools is a rule of the school-location geography).
    for (const sr of structure.sozialraeume) {
      const atoms = [...this.residenceAtoms.values()].filter((a) => a.school === sr.id && asked.has(a.grade));
      if (atoms.length === 0) continue;
      const grades = [...new Set(atoms.map((a) => a.grade))].sort((a, b) => a - b);
      units.push({ level: 'residence', id: sr.id, name: sr.name, reportable: true, schools: [], atoms, grades });
    }

    for (const u of units) {
      const { atoms, grades } = u;
      push(u, 'none', ALL_GROUP, atoms);
      // A grade breakdown of a unit with one grade would repeat its total.
      if (item.breakdowns.includes('grade') && grades.length > 1) {
        for (const g of grades) {
          push(
            u,
            'grade',
            String(g),
            atoms.filter((a) => a.grade === g),
          );
        }
      }
      if (item.breakdowns.includes('gender')) {
        // "Divers / keine Angabe" is a group of a few children in any school or Sozialraum: it is a
        // column of its own only city-wide; below, the gender breakdown is girls and boys.
        for (const g of u.level === 'city' ? GENDER_GROUPS : GENDER_GROUPS.filter((x) => x !== 'other')) {
          push(
            u,
            'gender',
            g,
            atoms.filter((a) => a.gender === g),
          );
        }
      }
    }
    return out;
  }

  /** Participation of every unit, whole and by grade (every grade the wave has data for). */
  participationGroups(structure: CityStructure, minSchools: number): ParticipationInput[] {
    this.settleClassSizes();
    const out: ParticipationInput[] = [];
    for (const u of this.units(structure, new Set([4, 7, 9]), minSchools)) {
      const grades = [...new Set(u.schools.flatMap((s) => s.grades))].sort((a, b) => a - b);
      const total = (only?: Grade): ParticipationInput => {
        const acc = { tookPart: 0, tookPartKey: 0, paper: 0, paperKey: 0, enrolled: 0, enrolledKey: 0, unknown: false };
        for (const s of u.schools) {
          for (const g of s.grades) {
            if (only !== undefined && g !== only) continue;
            const p = this.participation.get(`${s.id}|${g}`);
            if (!p) continue;
            acc.tookPart += p.tookPart;
            acc.tookPartKey = (acc.tookPartKey + p.tookPartKey) % KEY_MOD;
            acc.paper += p.paper;
            acc.paperKey = (acc.paperKey + p.paperKey) % KEY_MOD;
            acc.enrolled += p.enrolled;
            acc.enrolledKey = (acc.enrolledKey + p.enrolledKey) % KEY_MOD;
            acc.unknown ||= p.enrolledUnknown;
          }
        }
        return {
          level: u.level,
          unitId: u.id,
          unitName: u.name,
          breakdown: only === undefined ? 'none' : 'grade',
          group: only === undefined ? ALL_GROUP : String(only),
          reportable: u.reportable,
          tookPart: acc.tookPart,
          tookPartKey: acc.tookPartKey,
          paper: acc.paper,
          paperKey: acc.paperKey,
          enrolled: acc.unknown ? null : acc.enrolled,
          enrolledKey: acc.enrolledKey,
        };
      };
      out.push(total());
      if (grades.length > 1) for (const g of grades) out.push(total(g));
    }
    // By residence: the children who named the Sozialraum (together, how many answered the
    // question). Class sizes belong to schools, so there is no response rate here; paper sheets
    // never ask where a child lives.
    for (const sr of structure.sozialraeume) {
      const byGrade = ([4, 7, 9] as const).flatMap((g) => {
        const r = this.residenceTookPart.get(`${sr.id}|${g}`);
        return r ? [{ grade: g, ...r }] : [];
      });
      if (byGrade.length === 0) continue;
      const row = (group: string, rows: typeof byGrade): ParticipationInput => ({
        level: 'residence',
        unitId: sr.id,
        unitName: sr.name,
        breakdown: group === ALL_GROUP ? 'none' : 'grade',
        group,
        reportable: true,
        tookPart: rows.reduce((a, r) => a + r.tookPart, 0),
        tookPartKey: rows.reduce((a, r) => (a + r.tookPartKey) % KEY_MOD, 0),
        paper: 0,
        paperKey: 0,
        enrolled: null,
        enrolledKey: 0,
      });
      out.push(row(ALL_GROUP, byGrade));
      if (byGrade.length > 1) for (const r of byGrade) out.push(row(String(r.grade), [r]));
    }
    return out;
  }
}

export function createWaveCounts(items: readonly ReportItem[], measure: ReturnType<typeof createMeasurer>) {
  return new WaveCounts(items, measure);
}
