/**
 * Which grades a school type teaches, of those the instrument asks (4, 7, 9): a Grundschule ends
 * with grade 4, the secondary schools begin with grade 5. Förderschulen and "sonstige" schools may
 * teach any grade. A session for a grade the school does not have would hand its children the
 * wrong form (grade 7's 134 items to nine-year-olds), so opening one is refused.
 */
const PRIMARY = new Set(['grundschule']);
const SECONDARY = new Set(['hauptschule', 'realschule', 'gymnasium', 'gesamtschule', 'sekundarschule']);

export const SCHOOL_TYPE_LABELS: Readonly<Record<string, string>> = {
  grundschule: 'Grundschule',
  hauptschule: 'Hauptschule',
  realschule: 'Realschule',
  gymnasium: 'Gymnasium',
  gesamtschule: 'Gesamtschule',
  sekundarschule: 'Sekundarschule',
  foerderschule: 'Förderschule',
  sonstige: 'sonstige Schule',
};

export function gradeFitsSchoolType(schoolType: string, grade: number): boolean {
  if (PRIMARY.has(schoolType)) return grade <= 4;
  if (SECONDARY.has(schoolType)) return grade >= 5;
  return true;
}

/** The German message for a teacher who picked a grade the school does not have. */
export function gradeSchoolTypeMessage(schoolName: string, schoolType: string, grade: number): string {
  const label = SCHOOL_TYPE_LABELS[schoolType] ?? schoolType;
  return PRIMARY.has(schoolType)
    ? `${schoolName} ist eine ${label} und hat keine Klasse ${grade}. Bitte wählen Sie Klasse 4 oder die richtige Schule.`
    : `${schoolName} ist eine weiterführende Schule (${label}) und hat keine Klasse ${grade}. Bitte wählen Sie die Klasse oder die Schule neu.`;
}
