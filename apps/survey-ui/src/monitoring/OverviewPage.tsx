import type { ReportItemInfo, ReportUnit } from '@uwe/schema';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { exportUrl, reportQueries } from '../api/reports.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { useCombined } from '../staff/query.ts';
import { BarChart, type BarRowData } from './Bars.tsx';
import {
  type Breakdown,
  CellIndex,
  cellText,
  ENROLLED,
  formatValue,
  type GroupRef,
  groupLabel,
  NO_DATA,
  PAPER,
  PARTICIPATION,
  participationOf,
  shareOf,
  whole,
} from './cells.ts';
import type { Ready } from './context.ts';
import { SozialraumMap } from './SozialraumMap.tsx';
import { columnSets, UnitTable } from './UnitTable.tsx';
import { ParticipationTds, TableScroll, ValueTd } from './Values.tsx';

export function OverviewPage({ ctx }: { ctx: Ready }) {
  const { wave, release, catalogue, items, link } = ctx;
  const [params, setParams] = useSearchParams();
  // Sozialräume where the schools are (default) or where the children live (issue 19).
  const byResidence = params.get('geografie') === 'wohnort';
  const geography = byResidence ? 'residence' : 'school_location';
  const data = useCombined(['overview-page', wave.id, release, geography], (q) =>
    Promise.all([
      q.ensureQueryData(reportQueries.overview(wave.id, 'city', release)),
      q.ensureQueryData(reportQueries.overview(wave.id, 'sozialraum', release, geography)),
      q.ensureQueryData(reportQueries.overview(wave.id, 'school', release)),
      q.ensureQueryData(reportQueries.item(wave.id, 'index.wellbeing', 'city', release)),
      q.ensureQueryData(reportQueries.item(wave.id, 'index.assets', 'city', release)),
      // Releases built before participation was published have none: those read "keine Angabe".
      q.ensureQueryData(reportQueries.item(wave.id, PARTICIPATION, 'city', release)),
      q.ensureQueryData(reportQueries.item(wave.id, ENROLLED, 'city', release)),
      q.ensureQueryData(reportQueries.item(wave.id, PAPER, 'city', release)),
    ]).then(([city, sr, school, wellbeing, assets, tookPart, enrolled, paper]) => ({
      city: new CellIndex(city.cells),
      sozialraum: new CellIndex(sr.cells),
      school: new CellIndex(school.cells),
      cityGroups: new CellIndex([...wellbeing.cells, ...assets.cells]),
      cityParticipation: new CellIndex([...tookPart.cells, ...enrolled.cells, ...paper.cells]),
    })),
  );
  const units = (level: ReportUnit['level']) => catalogue.units.filter((u) => u.level === level);
  const srName = new Map(units('sozialraum').map((u) => [u.id, u.name]));
  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };
  const view = params.get('spalten') ?? 'indizes';
  const columns = useMemo(() => columnSets(catalogue.items), [catalogue.items]);
  const current = columns.find((c) => c.id === view) ?? columns[0]!;

  return (
    <>
      <ErrorAlert>{data.error}</ErrorAlert>
      {data.loading && !data.data && <p className="loading">Wird geladen …</p>}
      {data.data && (
        <>
          <CityOverview
            index={data.data.city}
            groups={data.data.cityGroups}
            participation={data.data.cityParticipation}
            items={items}
            methods={link('/monitoring/methoden')}
            report={link('/monitoring/bericht/city/city')}
          />
          <fieldset className="choice geography-switch">
            <legend>Sozialräume</legend>
            <label className="inline">
              <input
                type="radio"
                name="geografie"
                checked={!byResidence}
                onChange={() => setParam('geografie', null)}
              />
              nach Schulstandort
            </label>
            <label className="inline">
              <input
                type="radio"
                name="geografie"
                checked={byResidence}
                onChange={() => setParam('geografie', 'wohnort')}
              />
              nach Wohnort
            </label>
          </fieldset>
          {byResidence && data.data.sozialraum.cells.length === 0 ? (
            <p className="hint">
              Diese Befragungsrunde hat nicht gefragt, wo die Kinder wohnen (das fragt erst die Fassung „uwe-2026-r2“
              des Fragebogens). Sozialräume gibt es hier nur nach Schulstandort.
            </p>
          ) : (
            byResidence && (
              <p className="hint">
                Nach Wohnort: die Kinder, die angegeben haben, in welchem Sozialraum sie wohnen, gleich welche Schule
                sie besuchen. Kinder ohne Angabe zählen nur für die Gesamtstadt.
              </p>
            )
          )}
          <SozialraumMap
            ctx={ctx}
            index={data.data.sozialraum}
            city={data.data.city}
            byResidence={byResidence}
            heading={byResidence ? 'Karte der Sozialräume nach Wohnort' : undefined}
          />
          <section className="section" aria-labelledby="tabellen">
            <div className="section-head">
              <h2 id="tabellen">Sozialräume und Schulen</h2>
              <label className="inline-select">
                Spalten
                <select value={current.id} onChange={(e) => setParam('spalten', e.target.value)}>
                  {columns.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p className="hint">
              Alle Zahlen sind zum Schutz der Kinder leicht verändert; Teile ergeben deshalb nicht immer genau das
              Ganze. „keine Angabe“: zu wenige Antworten, keine Antworten oder keine Klassengröße. Zusammengefasste
              Antworten stehen in einem gemeinsamen Feld. Einheiten ohne Angabe erhalten beim Sortieren keinen Platz und
              stehen am Ende. <Link to={link('/monitoring/methoden')}>Mehr dazu</Link>
            </p>
            <UnitTable
              level="sozialraum"
              units={units('sozialraum')}
              index={data.data.sozialraum}
              items={items}
              columns={current.columns}
              caption={`Sozialräume${byResidence ? ' nach Wohnort' : ''}: ${current.label}`}
              reportLink={(u) =>
                link(`/monitoring/bericht/sozialraum/${u.id}${byResidence ? '?geografie=wohnort' : ''}`)
              }
            />
            <UnitTable
              level="school"
              units={units('school')}
              index={data.data.school}
              items={items}
              columns={current.columns}
              caption={`Schulen: ${current.label}`}
              reportLink={(u) => link(`/monitoring/bericht/school/${u.id}`)}
              extra={{ label: 'Sozialraum', value: (u) => srName.get(u.sozialraumId ?? '') ?? '' }}
            />
          </section>
        </>
      )}
      <section className="section card" aria-labelledby="downloads">
        <h2 id="downloads">Downloads</h2>
        <p>
          Alle veröffentlichten Zahlen von Freigabe {release} in einer Zeile je Zahl (Langformat: Ebene, Einheit,
          Aufteilung, Gruppe, Frage, Kennzahl, Kategorie, Wert, Hinweis). Leere Werte bedeuten „keine Angabe“.
        </p>
        <ul className="downloads">
          <li>
            <a href={exportUrl(wave.id, 'csv', release)} download>
              CSV-Datei herunterladen
            </a>{' '}
            <span className="hint">(für Statistikprogramme, UTF-8, Komma als Trennzeichen)</span>
          </li>
          <li>
            <a href={exportUrl(wave.id, 'xlsx', release)} download>
              Excel-Datei (XLSX) herunterladen
            </a>{' '}
            <span className="hint">
              (je Ebene ein Blatt mit Fragetext und Antwort neben den Codes und ein breites Blatt für Pivot-Tabellen,
              dazu Codebuch und Methodenhinweise)
            </span>
          </li>
        </ul>
      </section>
    </>
  );
}

/** Rows of the city's whole group and its grade and gender groups, as far as the release has them. */
function cityRows(index: CellIndex, item: string): BarRowData[] {
  const rows: BarRowData[] = [];
  for (const breakdown of ['none', 'grade', 'gender'] as Breakdown[]) {
    for (const group of index.groups('city', 'city', breakdown)) {
      const ref: GroupRef = { level: 'city', unitId: 'city', breakdown, group };
      const label = breakdown === 'none' ? 'Gesamtstadt' : groupLabel(breakdown, group);
      rows.push({
        key: `${breakdown}|${group}`,
        label,
        name: label,
        pcts: index.pct(ref, item),
        n: index.get(ref, item, 'n'),
        mean: index.get(ref, item, 'mean'),
        emphasis: breakdown === 'none',
      });
    }
  }
  return rows;
}

function CityOverview({
  index,
  groups,
  participation,
  items,
  methods,
  report,
}: {
  index: CellIndex;
  groups: CellIndex;
  participation: CellIndex;
  items: Map<string, ReportItemInfo>;
  /** Link to the methods page. */
  methods: string;
  /** Link to the printable city report. */
  report: string;
}) {
  const city = whole('city', 'city');
  const wellbeing = items.get('index.wellbeing');
  const assets = items.get('index.assets');
  const wb = index.pct(city, 'index.wellbeing');
  const as = index.pct(city, 'index.assets');
  const assetItems = [...items.values()].filter((i) => i.kind === 'asset');
  const share = (pcts: typeof wb, code: string) => {
    const v = shareOf(pcts, code);
    return v === null ? NO_DATA : formatValue('pct', v);
  };
  return (
    <section className="section" aria-labelledby="gesamtstadt">
      <div className="section-head">
        <h2 id="gesamtstadt">Gesamtstadt</h2>
        <Link to={report}>Stadtbericht (druckbar)</Link>
      </div>
      <CityParticipation index={index} groups={participation} methods={methods} />
      <div className="overview-grid">
        <article className="card" aria-labelledby="wb-title">
          <h3 id="wb-title">Wohlbefindensindex</h3>
          <dl className="key-figures">
            <div>
              <dt>aufblühend</dt>
              <dd>{share(wb, 'thriving')}</dd>
            </div>
            <div>
              <dt>mittleres Wohlbefinden</dt>
              <dd>{share(wb, 'medium')}</dd>
            </div>
            <div>
              <dt>niedriges Wohlbefinden</dt>
              <dd>{share(wb, 'low')}</dd>
            </div>
          </dl>
          <p className="hint">
            Aus Optimismus, Glück, Selbstwert, keiner Traurigkeit und allgemeiner Gesundheit. Antworten:{' '}
            {cellText(index.get(city, 'index.wellbeing', 'n'))}.
          </p>
          {wellbeing && (
            <BarChart
              item={wellbeing}
              rows={cityRows(groups, 'index.wellbeing')}
              caption="Wohlbefinden in der Gesamtstadt, nach Jahrgangsstufe und Geschlecht"
            />
          )}
        </article>
        <article className="card" aria-labelledby="res-title">
          <h3 id="res-title">Ressourcenindex</h3>
          <dl className="key-figures">
            <div>
              <dt>4 und mehr Ressourcen</dt>
              <dd>{share(as, '4-7')}</dd>
            </div>
            <div>
              <dt>2–3 Ressourcen</dt>
              <dd>{share(as, '2-3')}</dd>
            </div>
            <div>
              <dt>0–1 Ressourcen</dt>
              <dd>{share(as, '0-1')}</dd>
            </div>
            <div>
              <dt>Durchschnitt</dt>
              <dd>
                {cellText(index.get(city, 'index.assets', 'mean'))}{' '}
                <span className="unit">von {assets?.mean?.max ?? assetItems.length}</span>
              </dd>
            </div>
          </dl>
          {assets && (
            <BarChart
              item={assets}
              rows={cityRows(groups, 'index.assets')}
              caption="Zahl der Ressourcen in der Gesamtstadt, nach Jahrgangsstufe und Geschlecht"
            />
          )}
          <TableScroll label={'Anteil der Kinder mit der jeweiligen Ressource'}>
            <table className="compact">
              <caption>Anteil der Kinder mit der jeweiligen Ressource</caption>
              <thead>
                <tr>
                  <th scope="col">Ressource</th>
                  <th scope="col" className="num">
                    Anteil
                  </th>
                  <th scope="col" className="num">
                    Antworten
                  </th>
                </tr>
              </thead>
              <tbody>
                {assetItems.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.label}</th>
                    <ValueTd
                      cell={index.pct(city, a.id).find((c) => c.category === '1')}
                      refOf={{ ...refOfCity, item: a.id, statistic: 'pct', category: '1' }}
                    />
                    <ValueTd cell={index.get(city, a.id, 'n')} />
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </article>
      </div>
    </section>
  );
}

const refOfCity = { level: 'city', unitId: 'city', breakdown: 'none', group: 'all' };

/** Took part, class size and response rate of the city, whole and by grade. */
function CityParticipation({ index, groups, methods }: { index: CellIndex; groups: CellIndex; methods: string }) {
  const city = whole('city', 'city');
  const p = participationOf(index, city);
  const grades = groups.groups('city', 'city', 'grade');
  return (
    <article className="card participation-card" aria-labelledby="beteiligung-title">
      <h3 id="beteiligung-title">Beteiligung</h3>
      <dl className="key-figures">
        <div>
          <dt>Teilgenommen</dt>
          <dd>{cellText(p.tookPart)}</dd>
        </div>
        <div>
          <dt>Klassengröße</dt>
          <dd>{cellText(p.enrolled)}</dd>
        </div>
        <div>
          <dt>Beteiligung</dt>
          <dd>{cellText(p.rate)}</dd>
        </div>
        <div>
          <dt>Auf Papier</dt>
          <dd>{cellText(p.paperShare)}</dd>
        </div>
      </dl>
      {grades.length > 0 && (
        <TableScroll label="Beteiligung in der Gesamtstadt nach Jahrgangsstufe" narrow>
          <table className="compact">
            <caption>Beteiligung in der Gesamtstadt nach Jahrgangsstufe</caption>
            <thead>
              <tr>
                <th scope="col">Jahrgangsstufe</th>
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
              {grades.map((g) => {
                const ref: GroupRef = { level: 'city', unitId: 'city', breakdown: 'grade', group: g };
                const q = participationOf(groups, ref);
                const refOf = { ...ref, category: '' };
                return (
                  <tr key={g}>
                    <th scope="row">{groupLabel('grade', g)}</th>
                    <ParticipationTds p={q} refOf={refOf} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableScroll>
      )}
      <p className="hint">
        Teilgenommen: Kinder, deren Fragebogen zählt. Klassengröße: alle Kinder der befragten Klassen, wie die
        Lehrkräfte sie angegeben haben. Beteiligung: Teilgenommen geteilt durch die Klassengröße. Auf Papier: Anteil der
        Papierfragebögen. Alle Zahlen sind zum Schutz der Kinder leicht verändert.{' '}
        <Link to={methods}>Wie die Zahlen entstehen</Link>
      </p>
    </article>
  );
}
