import type { ReportItemInfo } from '@uwe/schema';
import { categoryLabel } from '../cells.ts';
import { DistributionCells, TableScroll, ValueTd } from '../Values.tsx';
import type { Row } from './rows.ts';

/** Shares, mean and number of answers of one item for the rows of a report. */
export function DistributionTable({
  item,
  rows,
  codes,
  caption,
}: {
  item: ReportItemInfo;
  rows: Row[];
  codes: string[];
  caption: string;
}) {
  const hasMean = item.mean !== null;
  return (
    <TableScroll label={caption}>
      <table className="compact">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Gruppe</th>
            {codes.map((c) => (
              <th scope="col" key={c} className="num">
                {categoryLabel(item, c)}
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
            <tr key={r.key} className={r.city ? 'reference' : undefined}>
              <th scope="row">{r.label}</th>
              <DistributionCells item={item} pcts={r.index.pct(r.ref, item.id)} codes={codes} />
              {hasMean && <ValueTd cell={r.index.get(r.ref, item.id, 'mean')} />}
              <ValueTd cell={r.index.get(r.ref, item.id, 'n')} />
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
