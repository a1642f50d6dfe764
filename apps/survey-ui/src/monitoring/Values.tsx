import type { ReportItemInfo } from '@uwe/schema';
import { createContext, type ReactNode, useContext } from 'react';
import {
  type Cell,
  categoryLabel,
  cellText,
  ENROLLED,
  isMissing,
  PAPER,
  PAPER_SHARE,
  PARTICIPATION,
  type ParticipationCells,
  RESPONSE_RATE,
  spans,
} from './cells.ts';

/** Footnotes of the printed reports: why a number is missing, merged or banded. */
export const NOTES = {
  missing: {
    mark: '1',
    text:
      'keine Angabe: Hier wird keine Zahl gezeigt – weil zu wenige Kinder geantwortet haben, oder weil es keine ' +
      'Antworten oder keine Klassengröße gibt. Beides sieht absichtlich gleich aus.',
  },
  merged: {
    mark: '2',
    text:
      'Zusammengefasst: Antworten, die nur sehr wenige Kinder gegeben haben, sind mit der benachbarten Antwort ' +
      'zusammengefasst (zum Beispiel „stimmt eher / stimmt genau“).',
  },
  band: {
    mark: '3',
    text:
      '„fast alle“, „< 1 %“, „> 99 %“: Fast alle Kinder haben gleich geantwortet. Genaue Anteile nahe 0 % oder 100 % ' +
      'würden verraten, wie einzelne Kinder geantwortet haben.',
  },
} as const;

/** On in the printed reports: every hidden, merged or banded value carries its footnote mark. */
export const FootnoteContext = createContext(false);

function noteOf(cell: Cell | undefined): keyof typeof NOTES | null {
  if (isMissing(cell)) return 'missing';
  if (cell!.value === null) return 'band';
  if (cell!.category.includes('+')) return 'merged';
  return null;
}

/** What a value cell stands for, as data attributes: lets a test match it to the export row. */
export interface CellRef {
  level: string;
  unitId: string;
  breakdown: string;
  group: string;
  item: string;
  statistic: string;
  category: string;
}

export function Value({ cell }: { cell: Cell | undefined }) {
  const notes = useContext(FootnoteContext);
  const note = notes ? noteOf(cell) : null;
  return (
    <>
      <span className="value">{cellText(cell)}</span>
      {note && <sup className="note-mark">{NOTES[note].mark}</sup>}
    </>
  );
}

export function ValueTd({
  cell,
  colSpan,
  refOf,
  title,
}: {
  cell: Cell | undefined;
  colSpan?: number;
  /** Where the release has no such cell: what it would have described. */
  refOf?: CellRef;
  title?: string;
}) {
  const ref = cell
    ? {
        level: cell.level,
        unitId: cell.unit_id,
        breakdown: cell.breakdown,
        group: cell.group,
        item: cell.item,
        statistic: cell.statistic,
        category: cell.category,
      }
    : refOf;
  const merged = (colSpan ?? 1) > 1 && cell?.category.includes('+');
  return (
    <td
      className={isMissing(cell) ? 'num missing' : merged ? 'num merged' : 'num'}
      colSpan={colSpan && colSpan > 1 ? colSpan : undefined}
      title={title}
      data-level={ref?.level}
      data-unit={ref?.unitId}
      data-breakdown={ref?.breakdown}
      data-group={ref?.group}
      data-item={ref?.item}
      data-statistic={ref?.statistic}
      data-category={ref?.category}
    >
      <Value cell={cell} />
      {merged && <span className="merged-note">zusammengefasst</span>}
    </td>
  );
}

/**
 * One table cell per category column (`codes` in display order, default scale order); a merged
 * block spans the columns of its categories.
 */
export function DistributionCells({
  item,
  pcts,
  codes,
  refOf,
}: {
  item: ReportItemInfo | undefined;
  pcts: Cell[];
  codes?: readonly string[];
  refOf?: Omit<CellRef, 'statistic' | 'category'>;
}) {
  const columns = codes ?? item?.categories.map((c) => c.code) ?? pcts.map((c) => c.category);
  return (
    <>
      {spans(pcts, columns).map((s) => (
        <ValueTd
          key={s.codes.join('+')}
          cell={s.cell}
          colSpan={s.codes.length}
          refOf={refOf && { ...refOf, statistic: 'pct', category: s.codes.join('+') }}
          title={
            s.cell?.category.includes('+') ? `zusammengefasst: ${categoryLabel(item, s.cell.category)}` : undefined
          }
        />
      ))}
    </>
  );
}

/** The footnotes a printed report uses, and what holds for every number (the cell key method). */
export function Footnotes({ maxDeviation }: { maxDeviation: number }) {
  return (
    <section className="footnotes" aria-labelledby="fussnoten">
      <h2 id="fussnoten">Hinweise zu den Zahlen</h2>
      <p>
        Zum Schutz der Kinder ist jede Zahl von Kindern leicht verändert (Zellschlüsselverfahren wie im Zensus 2022): um
        bis zu {maxDeviation}, meist um 0 oder 1. Anteile sind aus den veränderten Zahlen berechnet, Mittelwerte leicht
        verändert. Teile ergeben deshalb nicht immer genau das Ganze.
      </p>
      <ol>
        {Object.values(NOTES).map((n) => (
          <li key={n.mark} value={Number(n.mark)}>
            {n.text}
          </li>
        ))}
      </ol>
    </section>
  );
}

/**
 * A wide table's scroll box: reachable by keyboard and named, so that a table wider than the
 * screen can be scrolled without a mouse.
 */
export function TableScroll({ label, narrow, children }: { label: string; narrow?: boolean; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll box must take focus to be scrolled by keyboard
    <section className={narrow ? 'table-wrap narrow' : 'table-wrap'} aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** The four participation columns of a row: took part, class size, response rate, share on paper. */
export function ParticipationTds({ p, refOf }: { p: ParticipationCells; refOf: Omit<CellRef, 'item' | 'statistic'> }) {
  return (
    <>
      <ValueTd cell={p.tookPart} refOf={{ ...refOf, item: PARTICIPATION, statistic: 'n' }} />
      <ValueTd cell={p.enrolled} refOf={{ ...refOf, item: ENROLLED, statistic: 'n' }} />
      <ValueTd cell={p.rate} refOf={{ ...refOf, item: PARTICIPATION, statistic: 'pct', category: RESPONSE_RATE }} />
      <ValueTd cell={p.paperShare} refOf={{ ...refOf, item: PAPER, statistic: 'pct', category: PAPER_SHARE }} />
    </>
  );
}
