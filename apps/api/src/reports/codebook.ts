/**
 * The codebook of a release's export: what every `item` and `category` means. Pure; built from
 * the same `reportItems` the release is counted with, plus the participation rows the disclosure
 * package adds, so it cannot drift from the export.
 */
import { ENROLLED_ID, PAPER_ID, PAPER_SHARE, PARTICIPATION_ID, RESPONSE_RATE } from '@uwe/disclosure';
import type { ReportItem } from './report-items.ts';

export const CODEBOOK_COLUMNS = [
  'item',
  'question',
  'dimension',
  'scale',
  'code',
  'label',
  'sensitive',
  'grades',
  'filter_item',
] as const;

export type CodebookRow = Record<(typeof CODEBOOK_COLUMNS)[number], string | boolean>;

export function codebookRows(items: readonly ReportItem[]): CodebookRow[] {
  const grades = [...new Set(items.flatMap((i) => i.grades))].sort().join(' ');
  const participation = (item: string, question: string, code: string, label: string): CodebookRow => ({
    item,
    question,
    dimension: 'participation',
    scale: '',
    code,
    label,
    sensitive: false,
    grades,
    filter_item: '',
  });
  const rows: CodebookRow[] = [
    participation(PARTICIPATION_ID, 'Beteiligung', '', 'n: Kinder, die teilgenommen haben'),
    participation(
      PARTICIPATION_ID,
      'Beteiligung',
      RESPONSE_RATE,
      'pct: Beteiligungsquote (Anteil an der Klassengröße)',
    ),
    participation(ENROLLED_ID, 'Klassengröße', '', 'n: Kinder in den befragten Klassen (laut Lehrkraft)'),
    participation(PAPER_ID, 'Auf Papier', '', 'n: davon Papierfragebögen (von Lehrkräften eingegeben)'),
    participation(PAPER_ID, 'Auf Papier', PAPER_SHARE, 'pct: Anteil der Papierfragebögen an den Teilnehmenden'),
  ];
  for (const i of items) {
    const base = {
      item: i.id,
      question: i.label,
      dimension: i.dimension,
      scale: i.scaleId ?? '',
      sensitive: i.sensitive,
      grades: i.grades.join(' '),
      filter_item: i.followUpOf ? `${i.followUpOf.itemId} = ${i.followUpOf.codes.join(' | ')}` : '',
    };
    for (const c of i.categoryLabels) rows.push({ ...base, code: c.code, label: c.label });
    if (i.mean) rows.push({ ...base, code: '', label: `mean: Mittelwert (${i.mean.min}–${i.mean.max})` });
  }
  return rows;
}
