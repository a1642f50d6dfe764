import { DIMENSION_LABELS, type ReportItemInfo } from '@uwe/schema';
import { Fragment } from 'react';
import { StackedBar } from '../Bars.tsx';
import { barOf, type Cell, NO_DATA, whole } from '../cells.ts';
import { TableScroll, Value, ValueTd } from '../Values.tsx';
import type { SectionProps } from './rows.ts';

/** Shares of a distribution in words, for print and for reading aloud. */
function DistributionText({ item, pcts }: { item: ReportItemInfo; pcts: Cell[] }) {
  const bar = barOf(item, pcts);
  if (bar.kind === 'none') return <Value cell={undefined} />;
  if (bar.kind === 'almost_all') {
    return (
      <>
        <Value cell={pcts.find((c) => c.flag === 'almost_all')} />: {bar.label}
      </>
    );
  }
  return (
    <>
      {bar.segments.map((s, i) => (
        <Fragment key={s.cell.category}>
          {i > 0 && ' · '}
          {s.label}: <Value cell={s.cell} />
        </Fragment>
      ))}
    </>
  );
}

/** Choices of a multiple-choice question share the question; its text is the labels' common start. */
function questionOf(labels: string[]): string {
  if (labels.length < 2) return labels[0]?.split(': ')[0] ?? '';
  let prefix = labels[0]!;
  for (const l of labels) while (!l.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf(': ');
  return cut > 0 ? prefix.slice(0, cut) : prefix;
}

/** Every question's answers for the unit's whole group, by dimension. */
export function ItemsSection({ number, index, level, unit, items }: SectionProps & { items: ReportItemInfo[] }) {
  const ref = whole(level, unit.id);
  const all = items.filter((i) => i.kind === 'item' || i.kind === 'choice');
  const dimensions = [...new Set(all.map((i) => i.dimension))];
  return (
    <section className="report-section" aria-labelledby="r-fragen">
      <h2 id="r-fragen">{number}. Einzelfragen</h2>
      <p className="hint">Die Antworten aller Kinder dieser Einheit auf jede Frage, nach Bereichen geordnet.</p>
      {dimensions.map((d) => {
        const list = all.filter((i) => i.dimension === d);
        // Choices of one question together, under the question's text.
        const blocks: { key: string; title: string | null; items: ReportItemInfo[] }[] = [];
        for (const i of list) {
          const base = i.kind === 'choice' ? i.id.split('.')[0]! : null;
          const last = blocks[blocks.length - 1];
          if (base && last?.key === base) last.items.push(i);
          else blocks.push({ key: base ?? i.id, title: base ? '' : null, items: [i] });
        }
        for (const b of blocks) if (b.title !== null) b.title = questionOf(b.items.map((i) => i.label));
        return (
          <div key={d}>
            <h3>{DIMENSION_LABELS[d] ?? d}</h3>
            <TableScroll label={`Einzelfragen, ${DIMENSION_LABELS[d] ?? d}: ${unit.name}`}>
              <table className="compact items-table">
                <caption className="visually-hidden">
                  Einzelfragen, {DIMENSION_LABELS[d] ?? d}: {unit.name}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Frage</th>
                    <th scope="col">Antworten</th>
                    <th scope="col" className="num">
                      Anzahl
                    </th>
                  </tr>
                </thead>
                {blocks.map((b) => (
                  <tbody key={b.key}>
                    {b.title !== null && (
                      <tr className="rowgroup">
                        <th scope="rowgroup" colSpan={3}>
                          {b.title} <span className="hint">(Mehrfachauswahl: Anteil „genannt“)</span>
                        </th>
                      </tr>
                    )}
                    {b.items.map((i) => {
                      const pcts = index.pct(ref, i.id);
                      const label = b.title ? i.label.slice(b.title.length + 2) || i.label : i.label;
                      return (
                        <tr key={i.id}>
                          <th scope="row" className={b.title !== null ? 'sub' : undefined}>
                            {label}
                          </th>
                          {b.title !== null ? (
                            <ValueTd cell={pcts.find((c) => c.category === '1')} />
                          ) : (
                            <td className="distribution">
                              <StackedBar item={i} pcts={pcts} name={label} />
                              <span className="distribution-text">
                                <DistributionText item={i} pcts={pcts} />
                                {index.get(ref, i.id, 'mean') && (
                                  <>
                                    {' · '}Mittelwert: <Value cell={index.get(ref, i.id, 'mean')} />
                                  </>
                                )}
                              </span>
                            </td>
                          )}
                          <ValueTd cell={index.get(ref, i.id, 'n')} />
                        </tr>
                      );
                    })}
                  </tbody>
                ))}
              </table>
            </TableScroll>
          </div>
        );
      })}
      {all.length === 0 && <p>{NO_DATA}</p>}
    </section>
  );
}
