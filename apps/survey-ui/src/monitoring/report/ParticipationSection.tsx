import { type GroupRef, groupLabel, participationOf, whole } from '../cells.ts';
import { ParticipationTds, TableScroll } from '../Values.tsx';
import { cityRow, type Row, type SectionProps } from './rows.ts';

/** Took part, class size and response rate of the unit, its grades and the city (all perturbed, rule 4). */
export function ParticipationSection({ number, index, city, level, unit }: SectionProps) {
  const rows: Row[] = [{ key: 'all', label: 'Gesamt', index, ref: whole(level, unit.id) }];
  for (const group of index.groups(level, unit.id, 'grade')) {
    const ref: GroupRef = { level, unitId: unit.id, breakdown: 'grade', group };
    if (participationOf(index, ref).tookPart) {
      rows.push({ key: `grade|${group}`, label: groupLabel('grade', group), index, ref });
    }
  }
  rows.push(...cityRow(level, city));
  return (
    <section className="report-section" aria-labelledby="r-beteiligung">
      <h2 id="r-beteiligung">{number}. Beteiligung</h2>
      <TableScroll label={`Beteiligung: ${unit.name}`} narrow>
        <table className="compact">
          <caption className="visually-hidden">Beteiligung: {unit.name}</caption>
          <thead>
            <tr>
              <th scope="col">Gruppe</th>
              <th scope="col" className="num">
                Teilgenommen
              </th>
              <th scope="col" className="num">
                Klassengröße
              </th>
              <th scope="col" className="num">
                Beteiligung
              </th>
              <th scope="col" className="num">
                Auf Papier
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const p = participationOf(r.index, r.ref);
              const refOf = { ...r.ref, category: '' };
              return (
                <tr key={r.key} className={r.city ? 'reference' : undefined}>
                  <th scope="row">{r.label}</th>
                  <ParticipationTds p={p} refOf={refOf} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
      <p className="hint">
        Teilgenommen: Kinder, deren Fragebogen zählt. Klassengröße: alle Kinder der befragten Klassen, wie die
        Lehrkräfte sie angegeben haben. Beteiligung: Teilgenommen geteilt durch die Klassengröße. Auf Papier: Anteil der
        Kinder, die den Papierfragebogen ausgefüllt haben (von Lehrkräften eingegeben; sie zählen wie Antworten am
        Tablet). Bei einzelnen Fragen sind es weniger Antworten, weil jede Frage übersprungen werden darf.
      </p>
    </section>
  );
}
