import { DIMENSION_LABELS, type ReportItemInfo } from '@uwe/schema';
import { whole } from '../cells.ts';
import { DistributionCells, TableScroll, ValueTd } from '../Values.tsx';
import { groupRows, type SectionProps } from './rows.ts';

/** Scale means of the unit's groups beside the city's, and the shares high/medium/low, per dimension. */
export function DimensionsSection({
  number,
  index,
  city,
  level,
  unit,
  items,
}: SectionProps & { items: ReportItemInfo[] }) {
  const groups = groupRows(index, level, unit.id);
  const cityRef = whole('city', 'city');
  const scales = items.filter((i) => i.kind === 'scale');
  const dimensions = [...new Set(scales.map((s) => s.dimension))];
  return (
    <section className="report-section" aria-labelledby="r-dimensionen">
      <h2 id="r-dimensionen">{number}. Dimensionen</h2>
      <p className="hint">
        Mittelwerte der Skalen von 1 (ungünstig) bis 5 (günstig) und der Anteil der Kinder mit hohem, mittlerem und
        niedrigem Wert.
      </p>
      {dimensions.map((d) => (
        <div key={d} className="keep-together">
          <h3>{DIMENSION_LABELS[d] ?? d}</h3>
          <TableScroll label={`${DIMENSION_LABELS[d] ?? d}: ${unit.name}`}>
            <table className="compact">
              <caption className="visually-hidden">
                {DIMENSION_LABELS[d] ?? d}: {unit.name}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Skala</th>
                  {groups.map((g) => (
                    <th scope="col" key={g.key} className="num">
                      Ø {g.label}
                    </th>
                  ))}
                  <th scope="col" className="num">
                    Ø Gesamtstadt
                  </th>
                  <th scope="col" className="num">
                    hoch
                  </th>
                  <th scope="col" className="num">
                    mittel
                  </th>
                  <th scope="col" className="num">
                    niedrig
                  </th>
                  <th scope="col" className="num">
                    Antworten
                  </th>
                </tr>
              </thead>
              <tbody>
                {scales
                  .filter((s) => s.dimension === d)
                  .map((s) => (
                    <tr key={s.id}>
                      <th scope="row">{s.label}</th>
                      {groups.map((g) => (
                        <ValueTd key={g.key} cell={index.get(g.ref, s.id, 'mean')} />
                      ))}
                      <ValueTd cell={city.get(cityRef, s.id, 'mean')} />
                      <DistributionCells
                        item={s}
                        pcts={index.pct(whole(level, unit.id), s.id)}
                        codes={['high', 'medium', 'low']}
                      />
                      <ValueTd cell={index.get(whole(level, unit.id), s.id, 'n')} />
                    </tr>
                  ))}
              </tbody>
            </table>
          </TableScroll>
        </div>
      ))}
    </section>
  );
}
