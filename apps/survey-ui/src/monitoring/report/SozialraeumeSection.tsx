import type { CellIndex } from '../cells.ts';
import type { Ready } from '../context.ts';
import { SozialraumMap } from '../SozialraumMap.tsx';
import { columnSets, UnitTable } from '../UnitTable.tsx';

/** City report: the Sozialräume on the map and in a table with the indices and participation. */
export function SozialraeumeSection({
  number,
  ctx,
  index,
  city,
}: {
  number: number;
  ctx: Ready;
  index: CellIndex;
  city: CellIndex;
}) {
  const { catalogue, items, link } = ctx;
  const units = catalogue.units.filter((u) => u.level === 'sozialraum');
  const sets = columnSets(catalogue.items).filter((s) => s.id === 'indizes' || s.id === 'beteiligung');
  return (
    <section className="report-section" aria-labelledby="r-sozialraeume">
      <h2 id="r-sozialraeume">{number}. Sozialräume</h2>
      <SozialraumMap
        ctx={ctx}
        index={index}
        city={city}
        heading="Karte der Sozialräume"
        headingId="r-karte"
        level={3}
      />
      {sets.map((s) => (
        <div key={s.id} className="keep-together">
          <h3>Sozialräume: {s.label}</h3>
          <UnitTable
            level="sozialraum"
            units={units}
            index={index}
            items={items}
            columns={s.columns}
            caption={`Sozialräume: ${s.label}`}
            reportLink={(u) => link(`/monitoring/bericht/sozialraum/${u.id}`)}
          />
        </div>
      ))}
      <p className="hint">
        Ein Sozialraum wird nur ausgewiesen, wenn dort genug Schulen Daten haben; sonst steht „keine Angabe“. Schulen
        stehen in ihren eigenen Berichten.
      </p>
    </section>
  );
}
