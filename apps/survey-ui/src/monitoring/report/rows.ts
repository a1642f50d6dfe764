import type { ReportLevel } from '@uwe/schema';
import { type Breakdown, type CellIndex, type GroupRef, groupLabel, whole } from '../cells.ts';

/** One row of a report table: a group of the unit (or the city as reference) and where its cells are. */
export interface Row {
  key: string;
  label: string;
  index: CellIndex;
  ref: GroupRef;
  city?: boolean;
}

/** Display order of the index categories: the favourable end first, as on the overview. */
export const INDEX_CODES: Record<string, string[]> = {
  'index.wellbeing': ['thriving', 'medium', 'low'],
  'index.assets': ['4-7', '2-3', '0-1'],
};

/** The unit's whole group, then its grade and gender groups as far as the release has them. */
export function groupRows(index: CellIndex, level: ReportLevel, unitId: string): Row[] {
  const rows: Row[] = [{ key: 'all', label: 'Gesamt', index, ref: whole(level, unitId) }];
  for (const breakdown of ['grade', 'gender'] as Breakdown[]) {
    for (const group of index.groups(level, unitId, breakdown)) {
      rows.push({
        key: `${breakdown}|${group}`,
        label: groupLabel(breakdown, group),
        index,
        ref: { level, unitId, breakdown, group },
      });
    }
  }
  return rows;
}

/** The city as the reference row of a school or Sozialraum report; the city report has none. */
export function cityRow(level: ReportLevel, city: CellIndex): Row[] {
  return level === 'city'
    ? []
    : [{ key: 'city', label: 'Gesamtstadt (zum Vergleich)', index: city, ref: whole('city', 'city'), city: true }];
}

/** What every section of a report gets. */
export interface SectionProps {
  /** Its number in the report ("3. Dimensionen"). */
  number: number;
  index: CellIndex;
  city: CellIndex;
  level: ReportLevel;
  unit: { id: string; name: string };
}
