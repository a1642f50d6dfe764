/**
 * Fieldwork: which schools have run their sessions, for admins chasing the field phase. Counts of
 * classes and seats, never answers; monitoring staff never see them (they are not disclosure-checked).
 */
import type { Fieldwork, FieldworkRow, Grade } from '@uwe/schema';
import type { Kysely } from 'kysely';
import { findWave } from '../admin/admin.repository.ts';
import type { DB, SchoolType } from '../db/types.ts';
import { CSV_FORMATS, csvLine } from '../lib/csv.ts';
import { notFound } from '../lib/errors.ts';
import * as repo from './fieldwork.repository.ts';

/** Grades a school type teaches (as the synthetic city assumes): primary schools 4, the rest 7 and 9. */
export function gradesTaught(type: SchoolType): Grade[] {
  return type === 'grundschule' ? [4] : [7, 9];
}

export async function fieldwork(db: Kysely<DB>, waveId: string): Promise<Fieldwork> {
  const wave = await findWave(db, waveId);
  if (!wave) throw notFound('Diese Befragungsrunde gibt es nicht.');
  const [schools, sessions, responses] = await Promise.all([
    repo.schoolsWithSozialraum(db),
    repo.sessionsPerSchoolGrade(db, waveId),
    repo.responsesPerSchoolGrade(db, waveId),
  ]);
  const key = (schoolId: string, grade: number) => `${schoolId}|${grade}`;
  const sessionsBy = new Map(sessions.map((s) => [key(s.school_id, s.grade), s]));
  const responsesBy = new Map(responses.map((r) => [key(r.school_id, r.grade), r]));
  const waveGrades = new Set<number>(wave.grades);
  const rows: FieldworkRow[] = [];
  for (const school of schools) {
    const expected = school.active ? gradesTaught(school.type).filter((g) => waveGrades.has(g)) : [];
    const held = sessions.filter((s) => s.school_id === school.id).map((s) => s.grade as Grade);
    const withoutAny = held.length === 0;
    for (const grade of [...new Set([...expected, ...held])].sort()) {
      const s = sessionsBy.get(key(school.id, grade));
      const r = responsesBy.get(key(school.id, grade));
      rows.push({
        schoolId: school.id,
        schoolName: school.name,
        sozialraumName: school.sozialraum_name,
        grade,
        sessions: s?.sessions ?? 0,
        enrolled: s ? (s.missing_enrolled > 0 ? null : s.enrolled) : 0,
        joined: s?.joined ?? 0,
        finished: r?.finished ?? 0,
        partial: r?.partial ?? 0,
        withdrawn: r?.withdrawn ?? 0,
        withoutSessions: withoutAny,
      });
    }
  }
  rows.sort(
    (a, b) =>
      Number(b.withoutSessions) - Number(a.withoutSessions) ||
      a.sozialraumName.localeCompare(b.sozialraumName, 'de') ||
      a.schoolName.localeCompare(b.schoolName, 'de') ||
      a.grade - b.grade,
  );
  return { waveId, waveName: wave.name, rows };
}

const CSV_COLUMNS = [
  ['Sozialraum', 'sozialraumName'],
  ['Schule', 'schoolName'],
  ['Jahrgang', 'grade'],
  ['Sitzungen', 'sessions'],
  ['Klassengröße', 'enrolled'],
  ['Angemeldet', 'joined'],
  ['Fertig', 'finished'],
  ['Begonnen', 'partial'],
  ['Zurückgezogen', 'withdrawn'],
  ['Ohne Sitzung', 'withoutSessions'],
] as const;

/** The table for German Excel, the program the admins open it with. */
export async function fieldworkCsv(db: Kysely<DB>, waveId: string) {
  const data = await fieldwork(db, waveId);
  const format = CSV_FORMATS['excel-de'];
  const text =
    format.bom +
    csvLine(
      CSV_COLUMNS.map(([h]) => h),
      format,
    ) +
    data.rows
      .map((r) =>
        csvLine(
          CSV_COLUMNS.map(([, k]) => r[k]),
          format,
        ),
      )
      .join('');
  return { text, fileName: 'uwe-feldphase.csv' };
}
