import type { ReportItemInfo } from '@uwe/schema';
import type { CSSProperties, ReactNode } from 'react';
import { ChartDownloads } from './ChartDownloads.tsx';
import { type Bar, barOf, type Cell, categoryColors, cellText, NO_DATA, type Segment, textOn } from './cells.ts';
import { barChartSvg } from './svg-charts.ts';
import { DistributionCells, TableScroll } from './Values.tsx';

export interface BarRowData {
  key: string;
  label: ReactNode;
  /** Plain text of the label, for the bar's accessible name. */
  name: string;
  pcts: Cell[];
  n?: Cell;
  mean?: Cell;
  /** A row that stands apart (the Gesamtstadt as reference, a unit's whole group). */
  emphasis?: boolean;
}

function segmentStyle(colors: string[], s: Segment): CSSProperties {
  const own = s.positions.map((p) => colors[p] ?? '#999');
  const background =
    own.length === 1
      ? own[0]
      : // A merged block: stripes of the colours it holds, so it reads as "these together".
        `repeating-linear-gradient(135deg, ${own.map((c, i) => `${c} ${i * 8}px ${(i + 1) * 8}px`).join(', ')})`;
  return { width: `${s.width}%`, background, color: textOn(own[0]!) };
}

/** Accessible text of a bar: every share in words. */
export function barText(bar: Bar): string {
  if (bar.kind === 'none') return NO_DATA;
  if (bar.kind === 'almost_all') return `fast alle: ${bar.label}`;
  return bar.segments.map((s) => `${s.label} ${cellText(s.cell)}`).join(', ');
}

export function StackedBar({ item, pcts, name }: { item: ReportItemInfo | undefined; pcts: Cell[]; name: string }) {
  const bar = barOf(item, pcts);
  const colors = categoryColors(item?.categories.length ?? 1);
  const label = `${name}: ${barText(bar)}`;
  if (bar.kind === 'none') {
    return (
      <div className="bar bar-empty" role="img" aria-label={label}>
        {NO_DATA}
      </div>
    );
  }
  if (bar.kind === 'almost_all') {
    const color = colors[bar.position] ?? '#999';
    return (
      <div className="bar bar-band" role="img" aria-label={label}>
        <span className="swatch" style={{ background: color }} aria-hidden="true" /> fast alle: {bar.label}
      </div>
    );
  }
  return (
    <div className="bar" role="img" aria-label={label}>
      {bar.segments.map((s) => (
        <span
          key={s.cell.category}
          className={s.positions.length > 1 ? 'segment merged-segment' : 'segment'}
          style={segmentStyle(colors, s)}
          title={`${s.label}: ${cellText(s.cell)}`}
        >
          {s.width >= 12 && <span>{cellText(s.cell)}</span>}
        </span>
      ))}
    </div>
  );
}

export function BarLegend({ item }: { item: ReportItemInfo }) {
  const colors = categoryColors(item.categories.length);
  return (
    <ul className="bar-legend" aria-label={`Legende: ${item.label}`}>
      {item.categories.map((c, i) => (
        <li key={c.code}>
          <span className="swatch" style={{ background: colors[i] }} aria-hidden="true" />
          {c.label}
        </li>
      ))}
    </ul>
  );
}

/**
 * Stacked bars of one item for several groups, with the same numbers as a table: the bars are
 * for the eye, the table for exact reading and for screen readers (`table`: open, in a
 * disclosure, or left out where the page shows the numbers elsewhere).
 */
export function BarChart({
  item,
  rows,
  caption,
  title,
  table = 'details',
}: {
  item: ReportItemInfo;
  rows: BarRowData[];
  caption: ReactNode;
  /** Plain text of the caption, for the downloaded files. */
  title?: string;
  table?: 'open' | 'details' | 'none';
}) {
  const hasMean = rows.some((r) => r.mean);
  const name = title ?? (typeof caption === 'string' ? caption : item.label);
  const numbers = (
    <TableScroll label={`Zahlen zu: ${item.label}`}>
      <table className="compact">
        <caption className="visually-hidden">Zahlen zu: {item.label}</caption>
        <thead>
          <tr>
            <th scope="col">Gruppe</th>
            {item.categories.map((c) => (
              <th scope="col" key={c.code} className="num">
                {c.label}
              </th>
            ))}
            {hasMean && (
              <th scope="col" className="num">
                Mittelwert
              </th>
            )}
            <th scope="col" className="num">
              Antworten
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.emphasis ? 'emphasis' : undefined}>
              <th scope="row">{r.label}</th>
              <DistributionCells item={item} pcts={r.pcts} />
              {hasMean && <td className="num">{cellText(r.mean)}</td>}
              <td className="num">{cellText(r.n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
  return (
    <figure className="bar-chart">
      <figcaption>{caption}</figcaption>
      <ChartDownloads
        title={name}
        svg={() =>
          barChartSvg(
            name,
            item,
            rows.map((r) => ({ label: r.name, pcts: r.pcts })),
          )
        }
      />
      <BarLegend item={item} />
      <div className="bar-rows">
        {rows.map((r) => (
          <div key={r.key} className={r.emphasis ? 'bar-row emphasis' : 'bar-row'}>
            <span className="bar-label">{r.label}</span>
            <StackedBar item={item} pcts={r.pcts} name={r.name} />
            <span className="bar-extra">
              {[r.mean?.value != null && `Ø ${cellText(r.mean)}`, r.n?.value != null && `n = ${cellText(r.n)}`]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </div>
        ))}
      </div>
      {table === 'open' && numbers}
      {table === 'details' && (
        <details className="numbers">
          <summary>Zahlen als Tabelle</summary>
          {numbers}
        </details>
      )}
    </figure>
  );
}
