import { describe, expect, it } from 'vitest';
import { gradeFitsSchoolType, gradeSchoolTypeMessage } from './school-grades.ts';

describe('grades a school type teaches', () => {
  it('a Grundschule has grade 4, not 7 or 9', () => {
    expect(gradeFitsSchoolType('grundschule', 4)).toBe(true);
    expect(gradeFitsSchoolType('grundschule', 7)).toBe(false);
    expect(gradeFitsSchoolType('grundschule', 9)).toBe(false);
  });

  it('secondary schools have grades 7 and 9, not 4', () => {
    for (const type of ['hauptschule', 'realschule', 'gymnasium', 'gesamtschule', 'sekundarschule']) {
      expect(gradeFitsSchoolType(type, 4), type).toBe(false);
      expect(gradeFitsSchoolType(type, 7), type).toBe(true);
      expect(gradeFitsSchoolType(type, 9), type).toBe(true);
    }
  });

  it('Förderschulen and other schools may have any grade', () => {
    for (const type of ['foerderschule', 'sonstige'])
      for (const grade of [4, 7, 9]) expect(gradeFitsSchoolType(type, grade)).toBe(true);
  });

  it('names the school, its type and the grade in the message', () => {
    expect(gradeSchoolTypeMessage('Grundschule Sonnenschein', 'grundschule', 7)).toBe(
      'Grundschule Sonnenschein ist eine Grundschule und hat keine Klasse 7. Bitte wählen Sie Klasse 4 oder die richtige Schule.',
    );
    expect(gradeSchoolTypeMessage('Gymnasium Mitte', 'gymnasium', 4)).toContain('(Gymnasium) und hat keine Klasse 4');
  });
});
