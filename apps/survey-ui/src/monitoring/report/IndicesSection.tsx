import type { ReportItemInfo } from '@uwe/schema';
import { StackedBar } from '../Bars.tsx';
import { ChartDownloads } from '../ChartDownloads.tsx';
import { barChartSvg } from '../svg-charts.ts';
import { TableScroll, ValueTd } from '../Values.tsx';
import { DistributionTable } from './DistributionTable.tsx';
import { cityRow, groupRows, INDEX_CODES, type Row, type SectionProps } from './rows.ts';

/** Wellbeing and assets index of the unit's groups (and the city), as bars and tables, and each asset. */
export function IndicesSection({
  number,
  index,
  city,
  level,
  unit,
  items,
}: SectionProps & { items: Map<string, ReportItemInfo> }) {
  const rows: Row[] = [...groupRows(index, level, unit.id), ...cityRow(level, city)];
  const assets = [...items.values()].filter((i) => i.kind === 'asset');
  return (
    <section className="report-section" aria-labelledby="r-indizes">
      <h2 id="r-indizes">{number}. Indizes</h2>
      {(['index.wellbeing', 'index.assets'] as const).map((id) => {
        const item = items.get(id);
        if (!item) return null;
        return (
          <div key={id} className="keep-together">
            <h3>{item.label}</h3>
            <ChartDownloads
              title={`${item.label}: ${unit.name}`}
              svg={() =>
                barChartSvg(
                  `${item.label}: ${unit.name}`,
                  item,
                  rows.map((r) => ({ label: r.label, pcts: r.index.pct(r.ref, id) })),
                )
              }
            />
            <div className="report-bars">
              {rows.map((r) => (
                <div className="bar-row" key={r.key}>
                  <span className="bar-label">{r.label}</span>
                  <StackedBar item={item} pcts={r.index.pct(r.ref, id)} name={r.label} />
                </div>
              ))}
            </div>
            <DistributionTable
              item={item}
              rows={rows}
              codes={INDEX_CODES[id] ?? []}
              caption={`${item.label}: ${unit.name}`}
            />
          </div>
        );
      })}
      <div className="keep-together">
        <h3>Einzelne Ressourcen</h3>
        <TableScroll label={'Anteil der Kinder mit der jeweiligen Ressource'}>
          <table className="compact">
            <caption>Anteil der Kinder mit der jeweiligen Ressource</caption>
            <thead>
              <tr>
                <th scope="col">Ressource</th>
                {rows.map((r) => (
                  <th scope="col" key={r.key} className="num">
                    {r.city ? 'Gesamtstadt' : r.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {assets.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.label}</th>
                  {rows.map((r) => (
                    <ValueTd key={r.key} cell={r.index.pct(r.ref, a.id).find((c) => c.category === '1')} />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </div>
    </section>
  );
}
