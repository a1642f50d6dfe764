import { DIMENSION_LABELS, type ReportItemInfo, type ReportLevel, type ReportUnit } from '@uwe/schema';
import { Fragment, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { type CellIndex, ENROLLED, PAPER, PAPER_SHARE, PARTICIPATION, RESPONSE_RATE, shareOf, whole } from './cells.ts';
import { DistributionCells, TableScroll, ValueTd } from './Values.tsx';

export type ColumnGroup =
  | { kind: 'pct'; item: string; label: string; codes: { code: string; label: string }[] }
  /** One share on its own, e.g. the response rate. */
  | { kind: 'share'; item: string; code: string; label: string }
  | { kind: 'n' | 'mean'; item: string; label: string };

interface SortKey {
  column: string;
  descending: boolean;
}

const byName = (a: ReportUnit, b: ReportUnit) => a.name.localeCompare(b.name, 'de');

/**
 * Units of one level as rows, chosen numbers as columns. Sorting by a number orders only the units
 * that show it; units without it ("keine Angabe") follow by name and are never given a place in
 * an order (DISCLOSURE.md rule 8).
 */
export function UnitTable({
  level,
  units,
  index,
  items,
  columns,
  caption,
  reportLink,
  extra,
}: {
  level: ReportLevel;
  units: ReportUnit[];
  index: CellIndex;
  items: Map<string, ReportItemInfo>;
  columns: ColumnGroup[];
  caption: string;
  reportLink?: (u: ReportUnit) => string;
  /** A column of text after the name (the Sozialraum of a school). */
  extra?: { label: string; value: (u: ReportUnit) => ReactNode };
}) {
  const [sort, setSort] = useState<SortKey>({ column: 'name', descending: false });

  const numberOf = (u: ReportUnit, column: string): number | null => {
    const [item, statistic, code] = column.split('|') as [string, string, string];
    const ref = whole(level, u.id);
    if (statistic === 'pct') return shareOf(index.pct(ref, item), code);
    return index.get(ref, item, statistic as 'n' | 'mean')?.value ?? null;
  };
  const sorted = [...units].sort(byName);
  if (sort.column === 'name') {
    if (sort.descending) sorted.reverse();
  } else {
    const shown = sorted.filter((u) => numberOf(u, sort.column) !== null);
    const hidden = sorted.filter((u) => numberOf(u, sort.column) === null);
    shown.sort((a, b) => (numberOf(a, sort.column)! - numberOf(b, sort.column)!) * (sort.descending ? -1 : 1));
    sorted.splice(0, sorted.length, ...shown, ...hidden);
  }

  const sortHeader = (column: string, label: ReactNode, text: string, props: Record<string, unknown> = {}) => {
    const active = sort.column === column;
    return (
      <th
        scope="col"
        className={column === 'name' ? undefined : 'num'}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
        {...props}
      >
        <button
          type="button"
          className="sort"
          aria-label={`Sortieren nach ${text}${active ? (sort.descending ? ', absteigend' : ', aufsteigend') : ''}`}
          onClick={() =>
            setSort((s) =>
              s.column === column ? { column, descending: !s.descending } : { column, descending: column !== 'name' },
            )
          }
        >
          {label}
          <span aria-hidden="true" className="sort-mark">
            {active ? (sort.descending ? '▼' : '▲') : '↕'}
          </span>
        </button>
      </th>
    );
  };

  return (
    <TableScroll label={caption}>
      <table className="unit-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {sortHeader('name', 'Name', 'Name', { rowSpan: 2 })}
            {extra && (
              <th scope="col" rowSpan={2}>
                {extra.label}
              </th>
            )}
            {columns.map((g) =>
              g.kind === 'pct' ? (
                <th key={`${g.item}|pct`} scope="colgroup" colSpan={g.codes.length} className="group-head">
                  {g.label}
                </th>
              ) : (
                <Fragment key={`${g.item}|${g.kind}`}>
                  {sortHeader(
                    g.kind === 'share' ? `${g.item}|pct|${g.code}` : `${g.item}|${g.kind}|`,
                    g.label,
                    g.label,
                    {
                      rowSpan: 2,
                    },
                  )}
                </Fragment>
              ),
            )}
          </tr>
          <tr>
            {columns.flatMap((g) =>
              g.kind === 'pct'
                ? g.codes.map((c) => (
                    <Fragment key={`${g.item}|${c.code}`}>
                      {sortHeader(`${g.item}|pct|${c.code}`, c.label, `${g.label}: ${c.label}`)}
                    </Fragment>
                  ))
                : [],
            )}
          </tr>
        </thead>
        <tbody>
          {sorted.map((u) => {
            const ref = whole(level, u.id);
            const refOf = { level, unitId: u.id, breakdown: 'none', group: 'all' };
            return (
              <tr key={u.id}>
                <th scope="row">{reportLink ? <Link to={reportLink(u)}>{u.name}</Link> : u.name}</th>
                {extra && <td>{extra.value(u)}</td>}
                {columns.map((g) =>
                  g.kind === 'pct' ? (
                    <DistributionCells
                      key={`${g.item}|pct`}
                      item={items.get(g.item)}
                      pcts={index.pct(ref, g.item)}
                      codes={g.codes.map((c) => c.code)}
                      refOf={{ ...refOf, item: g.item }}
                    />
                  ) : g.kind === 'share' ? (
                    <ValueTd
                      key={`${g.item}|share`}
                      cell={index.pct(ref, g.item).find((c) => c.category === g.code)}
                      refOf={{ ...refOf, item: g.item, statistic: 'pct', category: g.code }}
                    />
                  ) : (
                    <ValueTd
                      key={`${g.item}|${g.kind}`}
                      cell={index.get(ref, g.item, g.kind)}
                      refOf={{ ...refOf, item: g.item, statistic: g.kind, category: '' }}
                    />
                  ),
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** The column choices of the unit tables: the indices, or the scale means of one dimension. */
export function columnSets(items: readonly ReportItemInfo[]): { id: string; label: string; columns: ColumnGroup[] }[] {
  const sets: { id: string; label: string; columns: ColumnGroup[] }[] = [
    {
      id: 'indizes',
      label: 'Indizes',
      columns: [
        { kind: 'n', item: 'index.wellbeing', label: 'Antworten' },
        {
          kind: 'pct',
          item: 'index.wellbeing',
          label: 'Wohlbefinden',
          codes: [
            { code: 'thriving', label: 'aufblühend' },
            { code: 'medium', label: 'mittel' },
            { code: 'low', label: 'niedrig' },
          ],
        },
        {
          kind: 'pct',
          item: 'index.assets',
          label: 'Ressourcen',
          codes: [
            { code: '4-7', label: '4 und mehr' },
            { code: '2-3', label: '2–3' },
            { code: '0-1', label: '0–1' },
          ],
        },
        { kind: 'mean', item: 'index.assets', label: 'Ø Ressourcen' },
      ],
    },
  ];
  sets.push({
    id: 'beteiligung',
    label: 'Beteiligung',
    columns: [
      { kind: 'n', item: PARTICIPATION, label: 'Teilgenommen' },
      { kind: 'n', item: ENROLLED, label: 'Klassengröße' },
      { kind: 'share', item: PARTICIPATION, code: RESPONSE_RATE, label: 'Beteiligung' },
      { kind: 'share', item: PAPER, code: PAPER_SHARE, label: 'Auf Papier' },
    ],
  });
  const dimensions = [...new Set(items.filter((i) => i.kind === 'scale').map((i) => i.dimension))];
  for (const d of dimensions) {
    sets.push({
      id: `skalen-${d}`,
      label: `Skalen: ${DIMENSION_LABELS[d] ?? d} (Mittelwerte 1–5)`,
      columns: items
        .filter((i) => i.kind === 'scale' && i.dimension === d)
        .map((i) => ({ kind: 'mean' as const, item: i.id, label: i.label })),
    });
  }
  return sets;
}
