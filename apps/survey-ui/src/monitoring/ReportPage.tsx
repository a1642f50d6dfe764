import { type Comparison, DIMENSION_LABELS, type ReportItemInfo, type ReportUnit } from '@uwe/schema';
import { Fragment, useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { HttpError } from '../api/http.ts';
import { getComparison, getOverview, getUnitCells } from '../api/reports.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { formatDateTime } from '../staff/format.ts';
import { useLoad } from '../staff/use-load.ts';
import { StackedBar } from './Bars.tsx';
import { ComparisonTable } from './ComparisonPage.tsx';
import {
  type Breakdown,
  barOf,
  type Cell,
  CellIndex,
  categoryLabel,
  ENROLLED,
  type GroupRef,
  groupLabel,
  NO_DATA,
  PAPER,
  PAPER_SHARE,
  PARTICIPATION,
  participationOf,
  RESPONSE_RATE,
  whole,
} from './cells.ts';
import { type Ready, useMonitoring } from './context.ts';
import { DistributionCells, FootnoteContext, Footnotes, TableScroll, Value, ValueTd } from './Values.tsx';

const LEVELS = { school: 'Schulbericht', sozialraum: 'Sozialraumbericht' } as const;
type ReportLevel = keyof typeof LEVELS;

/** Display order of the index categories: the favourable end first, as on the overview. */
const INDEX_CODES: Record<string, string[]> = {
  'index.wellbeing': ['thriving', 'medium', 'low'],
  'index.assets': ['4-7', '2-3', '0-1'],
};

/** The printable report of one school or Sozialraum, in the order city staff read it. */
export function ReportPage() {
  const ctx = useMonitoring();
  const { level, unitId } = useParams();
  if (level !== 'school' && level !== 'sozialraum') return <p role="alert">Diesen Bericht gibt es nicht.</p>;
  if (ctx.error) return <ErrorAlert>{ctx.error}</ErrorAlert>;
  if (!ctx.wave) {
    return ctx.loading ? (
      <p className="loading">Wird geladen …</p>
    ) : (
      <p className="alert alert-info">Für keine Befragungsrunde gibt es bisher eine Freigabe.</p>
    );
  }
  if (!ctx.catalogue) return <p className="loading">Wird geladen …</p>;
  const unit = ctx.catalogue.units.find((u) => u.level === level && u.id === unitId);
  if (!unit) return <p role="alert">Diese Einheit gibt es in der Freigabe nicht.</p>;
  return <Report ctx={ctx as Ready} level={level} unit={unit} />;
}

function Report({ ctx, level, unit }: { ctx: Ready; level: ReportLevel; unit: ReportUnit }) {
  const { wave, release, catalogue, items, link } = ctx;
  const data = useLoad(
    () =>
      Promise.all([
        // A unit without any number reads like one whose numbers are all hidden (DISCLOSURE.md rule 8).
        getUnitCells(wave.id, level, unit.id, release).catch((err: unknown) => {
          if (err instanceof HttpError && err.status === 404) return { cells: [] as Cell[] };
          throw err;
        }),
        getOverview(wave.id, 'city', release),
        getComparison(wave.id, level, unit.id).catch((): Comparison | null => null),
      ]).then(([own, city, comparison]) => ({
        index: new CellIndex(own.cells),
        city: new CellIndex(city.cells),
        comparison,
      })),
    [wave.id, release, level, unit.id],
  );
  const title = `${LEVELS[level]}: ${unit.name}`;
  useEffect(() => {
    const before = document.title;
    document.title = `${title} – ${wave.name}`;
    return () => {
      document.title = before;
    };
  }, [title, wave.name]);

  const sozialraum = catalogue.units.find((u) => u.level === 'sozialraum' && u.id === unit.sozialraumId);
  const schools = level === 'sozialraum' ? catalogue.units.filter((u) => u.sozialraumId === unit.id) : [];
  const finished = catalogue.release.finishedAt ?? catalogue.release.createdAt;

  return (
    <FootnoteContext.Provider value={true}>
      <article className="report">
        <div className="no-print report-actions">
          <Link to={link('/monitoring')}>← Zur Übersicht</Link>
          <button type="button" onClick={() => window.print()}>
            Drucken / als PDF speichern
          </button>
        </div>
        <header className="report-head">
          <p className="report-kicker">Wie geht’s dir? UWE · Bildungsmonitoring</p>
          <h1>{title}</h1>
          <p>
            Befragungsrunde {wave.name} · Freigabe {release} vom {formatDateTime(finished)}
            {sozialraum && (
              <>
                {' '}
                · Sozialraum <Link to={link(`/monitoring/bericht/sozialraum/${sozialraum.id}`)}>{sozialraum.name}</Link>
              </>
            )}
          </p>
          {schools.length > 0 && (
            <p>
              Schulen in diesem Sozialraum:{' '}
              {schools.map((s, i) => (
                <Fragment key={s.id}>
                  {i > 0 && ', '}
                  <Link to={link(`/monitoring/bericht/school/${s.id}`)}>{s.name}</Link>
                </Fragment>
              ))}
            </p>
          )}
        </header>
        <ErrorAlert>{data.error}</ErrorAlert>
        {data.loading && !data.data && <p className="loading">Wird geladen …</p>}
        {data.data && (
          <>
            <Participation index={data.data.index} city={data.data.city} level={level} unit={unit} />
            <Indices index={data.data.index} city={data.data.city} level={level} unit={unit} items={items} />
            <Dimensions index={data.data.index} city={data.data.city} level={level} unit={unit} catalogue={ctx} />
            <Items index={data.data.index} level={level} unit={unit} catalogue={ctx} />
            <section className="report-section" aria-labelledby="r-vergleich">
              <h2 id="r-vergleich">5. Vergleich mit früheren Befragungsrunden</h2>
              {data.data.comparison ? (
                <ComparisonTable
                  comparison={data.data.comparison}
                  items={items}
                  caption={`Indizes und Skalen im Zeitvergleich: ${unit.name}`}
                  onlyWithEarlier
                />
              ) : (
                <p>Der Zeitvergleich konnte nicht geladen werden.</p>
              )}
            </section>
            <Footnotes maxDeviation={catalogue.disclosure.maxDeviation} />
          </>
        )}
        <footer className="print-only report-foot">
          {title} · {wave.name}, Freigabe {release} · gedruckt am {formatDateTime(new Date().toISOString())} · Methoden
          und Lesehilfe: Bildungsmonitoring → Methoden
        </footer>
      </article>
    </FootnoteContext.Provider>
  );
}

interface Row {
  key: string;
  label: string;
  index: CellIndex;
  ref: GroupRef;
  city?: boolean;
}

/** The unit's whole group, then its grade and gender groups as far as the release has them. */
function groupRows(index: CellIndex, level: ReportLevel, unitId: string): Row[] {
  const rows: Row[] = [{ key: 'all', label: 'Gesamt', index, ref: whole(level, unitId) }];
  for (const breakdown of ['grade', 'gender'] as Breakdown[]) {
    for (const group of index.groups(level, unitId, breakdown)) {
      rows.push({
        key: `${breakdown}|${group}`,
        label: groupLabel(breakdown, group),
        index,
        ref: { level, unitId, breakdown, group },
      });
    }
  }
  return rows;
}

/** Took part, class size and response rate of the unit, its grades and the city (all perturbed, rule 4). */
function Participation({
  index,
  city,
  level,
  unit,
}: {
  index: CellIndex;
  city: CellIndex;
  level: ReportLevel;
  unit: ReportUnit;
}) {
  const rows: Row[] = [{ key: 'all', label: 'Gesamt', index, ref: whole(level, unit.id) }];
  for (const group of index.groups(level, unit.id, 'grade')) {
    const ref: GroupRef = { level, unitId: unit.id, breakdown: 'grade', group };
    if (participationOf(index, ref).tookPart) {
      rows.push({ key: `grade|${group}`, label: groupLabel('grade', group), index, ref });
    }
  }
  rows.push({ key: 'city', label: 'Gesamtstadt (zum Vergleich)', index: city, ref: whole('city', 'city'), city: true });
  return (
    <section className="report-section" aria-labelledby="r-beteiligung">
      <h2 id="r-beteiligung">1. Beteiligung</h2>
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
                  <ValueTd cell={p.tookPart} refOf={{ ...refOf, item: PARTICIPATION, statistic: 'n' }} />
                  <ValueTd cell={p.enrolled} refOf={{ ...refOf, item: ENROLLED, statistic: 'n' }} />
                  <ValueTd
                    cell={p.rate}
                    refOf={{ ...refOf, item: PARTICIPATION, statistic: 'pct', category: RESPONSE_RATE }}
                  />
                  <ValueTd
                    cell={p.paperShare}
                    refOf={{ ...refOf, item: PAPER, statistic: 'pct', category: PAPER_SHARE }}
                  />
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

function DistributionTable({
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

function Indices({
  index,
  city,
  level,
  unit,
  items,
}: {
  index: CellIndex;
  city: CellIndex;
  level: ReportLevel;
  unit: ReportUnit;
  items: Map<string, ReportItemInfo>;
}) {
  const rows: Row[] = [
    ...groupRows(index, level, unit.id),
    { key: 'city', label: 'Gesamtstadt (zum Vergleich)', index: city, ref: whole('city', 'city'), city: true },
  ];
  const assets = [...items.values()].filter((i) => i.kind === 'asset');
  return (
    <section className="report-section" aria-labelledby="r-indizes">
      <h2 id="r-indizes">2. Indizes</h2>
      {(['index.wellbeing', 'index.assets'] as const).map((id) => {
        const item = items.get(id);
        if (!item) return null;
        return (
          <div key={id} className="keep-together">
            <h3>{item.label}</h3>
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
              codes={INDEX_CODES[id]!}
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

function Dimensions({
  index,
  city,
  level,
  unit,
  catalogue,
}: {
  index: CellIndex;
  city: CellIndex;
  level: ReportLevel;
  unit: ReportUnit;
  catalogue: Ready;
}) {
  const groups = groupRows(index, level, unit.id);
  const cityRef = whole('city', 'city');
  const scales = catalogue.catalogue.items.filter((i) => i.kind === 'scale');
  const dimensions = [...new Set(scales.map((s) => s.dimension))];
  return (
    <section className="report-section" aria-labelledby="r-dimensionen">
      <h2 id="r-dimensionen">3. Dimensionen</h2>
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

function Items({
  index,
  level,
  unit,
  catalogue,
}: {
  index: CellIndex;
  level: ReportLevel;
  unit: ReportUnit;
  catalogue: Ready;
}) {
  const ref = whole(level, unit.id);
  const all = catalogue.catalogue.items.filter((i) => i.kind === 'item' || i.kind === 'choice');
  const dimensions = [...new Set(all.map((i) => i.dimension))];
  return (
    <section className="report-section" aria-labelledby="r-fragen">
      <h2 id="r-fragen">4. Einzelfragen</h2>
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
