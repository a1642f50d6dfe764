import { DIMENSION_LABELS, type ReportCells, type ReportItemInfo, type ReportUnit } from '@uwe/schema';
import { lazy, Suspense, useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { listSozialraeume } from '../api/admin.ts';
import { HttpError } from '../api/http.ts';
import { exportUrl, getItemCells, getOverview } from '../api/reports.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { useLoad } from '../staff/use-load.ts';
import { BarChart, type BarRowData } from './Bars.tsx';
import {
  type Breakdown,
  CellIndex,
  cellText,
  classify,
  ENROLLED,
  formatValue,
  type GroupRef,
  groupLabel,
  mapColors,
  NO_DATA,
  PAPER,
  PAPER_SHARE,
  PARTICIPATION,
  participationOf,
  RESPONSE_RATE,
  shareOf,
  whole,
} from './cells.ts';
import type { Ready } from './context.ts';
import { DEFAULT_INDICATOR, type Indicator, indicators } from './indicators.ts';
import { type ColumnGroup, UnitTable } from './UnitTable.tsx';
import { TableScroll, ValueTd } from './Values.tsx';

// Leaflet only loads when a map is shown.
const ChoroplethMap = lazy(() => import('./ChoroplethMap.tsx'));

export function OverviewPage({ ctx }: { ctx: Ready }) {
  const { wave, release, catalogue, items, link } = ctx;
  const data = useLoad(
    () =>
      Promise.all([
        getOverview(wave.id, 'city', release),
        getOverview(wave.id, 'sozialraum', release),
        getOverview(wave.id, 'school', release),
        getItemCells(wave.id, 'index.wellbeing', 'city', release),
        getItemCells(wave.id, 'index.assets', 'city', release),
        // Releases built before participation was published have none: those read "keine Angabe".
        optional(getItemCells(wave.id, PARTICIPATION, 'city', release)),
        optional(getItemCells(wave.id, ENROLLED, 'city', release)),
        optional(getItemCells(wave.id, PAPER, 'city', release)),
      ]).then(([city, sr, school, wellbeing, assets, tookPart, enrolled, paper]) => ({
        city: new CellIndex(city.cells),
        sozialraum: new CellIndex(sr.cells),
        school: new CellIndex(school.cells),
        cityGroups: new CellIndex([...wellbeing.cells, ...assets.cells]),
        cityParticipation: new CellIndex([...tookPart.cells, ...enrolled.cells, ...paper.cells]),
      })),
    [wave.id, release],
  );
  const units = (level: ReportUnit['level']) => catalogue.units.filter((u) => u.level === level);
  const srName = new Map(units('sozialraum').map((u) => [u.id, u.name]));
  const [params, setParams] = useSearchParams();
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
          />
          <MapSection ctx={ctx} index={data.data.sozialraum} />
          <section className="section" aria-labelledby="tabellen">
            <div className="section-head">
              <h2 id="tabellen">Sozialräume und Schulen</h2>
              <label className="inline-select">
                Spalten
                <select
                  value={current.id}
                  onChange={(e) => {
                    const next = new URLSearchParams(params);
                    next.set('spalten', e.target.value);
                    setParams(next, { replace: true });
                  }}
                >
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
              caption={`Sozialräume: ${current.label}`}
              reportLink={(u) => link(`/monitoring/bericht/sozialraum/${u.id}`)}
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
            <span className="hint">(ein Blatt je Ebene und ein Blatt mit Methodenhinweisen)</span>
          </li>
        </ul>
      </section>
    </>
  );
}

/** The column choices of the unit tables: the indices, or the scale means of one dimension. */
function columnSets(items: readonly ReportItemInfo[]): { id: string; label: string; columns: ColumnGroup[] }[] {
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
}: {
  index: CellIndex;
  groups: CellIndex;
  participation: CellIndex;
  items: Map<string, ReportItemInfo>;
  /** Link to the methods page. */
  methods: string;
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
      <h2 id="gesamtstadt">Gesamtstadt</h2>
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

/** An answer of a report route, or no cells where the release has none for it (404). */
function optional(cells: Promise<ReportCells>): Promise<Pick<ReportCells, 'cells'>> {
  return cells.catch((err: unknown) => {
    if (err instanceof HttpError && err.status === 404) return { cells: [] };
    throw err;
  });
}

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
                    <ValueTd cell={q.tookPart} refOf={{ ...refOf, item: PARTICIPATION, statistic: 'n' }} />
                    <ValueTd cell={q.enrolled} refOf={{ ...refOf, item: ENROLLED, statistic: 'n' }} />
                    <ValueTd
                      cell={q.rate}
                      refOf={{ ...refOf, item: PARTICIPATION, statistic: 'pct', category: RESPONSE_RATE }}
                    />
                    <ValueTd
                      cell={q.paperShare}
                      refOf={{ ...refOf, item: PAPER, statistic: 'pct', category: PAPER_SHARE }}
                    />
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

function MapSection({ ctx, index }: { ctx: Ready; index: CellIndex }) {
  const { catalogue, link } = ctx;
  const boundaries = useLoad(listSozialraeume, []);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const choices = useMemo(() => indicators(catalogue.items), [catalogue.items]);
  const indicator = choices.find((c) => c.id === (params.get('karte') ?? DEFAULT_INDICATOR)) ?? choices[0];
  const units = useMemo(() => catalogue.units.filter((u) => u.level === 'sozialraum'), [catalogue.units]);

  const model = useMemo(() => {
    if (!indicator || !boundaries.data) return null;
    const geometry = new Map(boundaries.data.map((s) => [s.id, s.geometry]));
    const valued = units.map((u) => ({ unit: u, value: indicatorValue(index, u.id, indicator) }));
    const classes = classify(
      valued.flatMap((v) => (v.value === null ? [] : [v.value])),
      5,
      indicator.decimals,
    );
    const colors = mapColors(classes ? classes.bounds.length - 1 : 0);
    const areas = valued.flatMap(({ unit, value }) => {
      const g = geometry.get(unit.id);
      if (!g) return [];
      return [
        {
          id: unit.id,
          name: unit.name,
          geometry: g,
          color: value === null || !classes ? null : colors[classes.classOf(value)]!,
          text: value === null ? NO_DATA : formatValue(indicator.statistic, value),
        },
      ];
    });
    const missingGeometry = units.filter((u) => !geometry.get(u.id));
    return { classes, colors, areas, missingGeometry };
  }, [indicator, boundaries.data, units, index]);

  if (!indicator) return null;
  const unit = indicator.statistic === 'pct' ? '\u00a0%' : '';
  const fmt = (v: number) => v.toLocaleString('de-DE', { minimumFractionDigits: indicator.decimals });

  return (
    <section className="section" aria-labelledby="karte">
      <div className="section-head">
        <h2 id="karte">Karte der Sozialräume</h2>
        <label className="inline-select">
          Kennzahl
          <select
            value={indicator.id}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set('karte', e.target.value);
              setParams(next, { replace: true });
            }}
          >
            {[...new Set(choices.map((c) => c.group))].map((g) => (
              <optgroup key={g} label={g}>
                {choices
                  .filter((c) => c.group === g)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </label>
      </div>
      <ErrorAlert>{boundaries.error}</ErrorAlert>
      {model && (
        <div className="map-layout">
          <figure className="map-figure">
            <Suspense fallback={<div className="map choropleth">Karte wird geladen …</div>}>
              <ChoroplethMap
                areas={model.areas}
                label={`Karte: ${indicator.group} – ${indicator.label}, je Sozialraum. Dieselben Zahlen stehen in der Tabelle „Sozialräume“.`}
                onSelect={(id) => navigate(link(`/monitoring/bericht/sozialraum/${id}`))}
              />
            </Suspense>
            <figcaption>
              {indicator.group}: {indicator.label}. Schraffierte Flächen: keine Angabe. Ohne Hintergrundkarte: Es werden
              keine Daten an Kartendienste übertragen.
              {model.missingGeometry.length > 0 &&
                ` Ohne hinterlegte Grenze und deshalb nicht auf der Karte: ${model.missingGeometry.map((u) => u.name).join(', ')}.`}
            </figcaption>
          </figure>
          <div className="map-legend">
            <h3>Legende</h3>
            {model.classes ? (
              <ul aria-label={`Klassen: ${indicator.label}`}>
                {model.colors.map((c, i) => {
                  const lo = model.classes!.bounds[i]!;
                  const hi = model.classes!.bounds[i + 1]!;
                  const last = i === model.colors.length - 1;
                  return (
                    <li key={c}>
                      <span className="swatch" style={{ background: c }} aria-hidden="true" />
                      {lo === hi ? `${fmt(lo)}${unit}` : `${fmt(lo)} bis ${last ? '' : 'unter '}${fmt(hi)}${unit}`}
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p>Für diese Kennzahl gibt es für keinen Sozialraum eine Angabe.</p>
            )}
            <p className="hint">Dunkler heißt: höherer Wert. Klassen mit gleich breiten Abständen.</p>
          </div>
        </div>
      )}
    </section>
  );
}

function indicatorValue(index: CellIndex, unitId: string, indicator: Indicator): number | null {
  const ref = whole('sozialraum', unitId);
  if (indicator.statistic === 'mean') return index.get(ref, indicator.item, 'mean')?.value ?? null;
  return shareOf(index.pct(ref, indicator.item), indicator.code);
}
