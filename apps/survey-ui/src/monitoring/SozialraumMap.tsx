import { useQuery } from '@tanstack/react-query';
import type { ReportLevel } from '@uwe/schema';
import { lazy, Suspense, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { adminQueries } from '../api/admin.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { queryError } from '../staff/query.ts';
import { ChartDownloads } from './ChartDownloads.tsx';
import {
  type CellIndex,
  classify,
  classifyAround,
  formatValue,
  MAP_DIVERGING,
  mapColors,
  NO_DATA,
  shareOf,
  whole,
} from './cells.ts';
import type { Ready } from './context.ts';
import { DEFAULT_INDICATOR, type Indicator, indicators } from './indicators.ts';
import { mapSvg } from './svg-charts.ts';

// Leaflet only loads when a map is shown.
const ChoroplethMap = lazy(() => import('./ChoroplethMap.tsx'));

/**
 * The Sozialräume on a map, coloured by one indicator of the release (the same numbers as the
 * Sozialraum table). Used on the overview and in the city report.
 */
export function SozialraumMap({
  ctx,
  index,
  city,
  heading = 'Karte der Sozialräume',
  headingId = 'karte',
  level = 2,
  byResidence = false,
}: {
  ctx: Ready;
  index: CellIndex;
  /** The city's cells: the reference of the diverging colours. */
  city: CellIndex;
  heading?: string;
  headingId?: string;
  /** Heading level: 3 inside a report section. */
  level?: 2 | 3;
  /** The Sozialräume are where the children live, not where their schools are. */
  byResidence?: boolean;
}) {
  const Heading = level === 3 ? 'h3' : 'h2';
  const Sub = level === 3 ? 'h4' : 'h3';
  const { catalogue, link } = ctx;
  const boundaries = useQuery(adminQueries.sozialraeume());
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const choices = useMemo(() => indicators(catalogue.items), [catalogue.items]);
  const indicator = choices.find((c) => c.id === (params.get('karte') ?? DEFAULT_INDICATOR)) ?? choices[0];
  const units = useMemo(() => catalogue.units.filter((u) => u.level === 'sozialraum'), [catalogue.units]);
  const diverging = params.get('farben') === 'stadtwert';
  const cityValue = indicator ? indicatorValue(city, 'city', 'city', indicator) : null;

  const model = useMemo(() => {
    if (!indicator || !boundaries.data) return null;
    const geometry = new Map(boundaries.data.map((s) => [s.id, s.geometry]));
    const valued = units.map((u) => ({ unit: u, value: indicatorValue(index, 'sozialraum', u.id, indicator) }));
    const shown = valued.flatMap((v) => (v.value === null ? [] : [v.value]));
    const reference = diverging ? cityValue : null;
    const classes =
      reference === null
        ? classify(shown, 5, indicator.decimals)
        : classifyAround(shown, reference, indicator.decimals);
    const colors = reference === null ? mapColors(classes ? classes.bounds.length - 1 : 0) : MAP_DIVERGING;
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
    const unitText = indicator.statistic === 'pct' ? '\u00a0%' : '';
    const fmt = (v: number) => v.toLocaleString('de-DE', { minimumFractionDigits: indicator.decimals });
    const legend = classes
      ? colors.map((color, i) => {
          const lo = classes.bounds[i] ?? 0;
          const hi = classes.bounds[i + 1] ?? lo;
          const last = i === colors.length - 1;
          return {
            color,
            label: lo === hi ? `${fmt(lo)}${unitText}` : `${fmt(lo)} bis ${last ? '' : 'unter '}${fmt(hi)}${unitText}`,
          };
        })
      : [];
    return { classes, colors, areas, missingGeometry, legend, reference };
  }, [indicator, boundaries.data, units, index, diverging, cityValue]);

  if (!indicator) return null;
  const title = `${indicator.group}: ${indicator.label} je Sozialraum`;
  const legendNote =
    model?.reference != null
      ? `Orange: unter dem Stadtwert (${formatValue(indicator.statistic, model.reference)}), blau: darüber, hell: etwa gleich. Klassen gleich breit um den Stadtwert.`
      : 'Dunkler heißt: höherer Wert. Klassen mit gleich breiten Abständen.';

  return (
    <section className="section keep-together" aria-labelledby={headingId}>
      <div className="section-head">
        <Heading id={headingId}>{heading}</Heading>
        <label className="inline-select no-print">
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
      <ErrorAlert>{queryError(boundaries.error)}</ErrorAlert>
      {model && (
        <div className="map-layout">
          <figure className="map-figure">
            <Suspense fallback={<div className="map choropleth">Karte wird geladen …</div>}>
              <ChoroplethMap
                areas={model.areas}
                label={`Karte: ${indicator.group} – ${indicator.label}, je Sozialraum. Dieselben Zahlen stehen in der Tabelle „Sozialräume“.`}
                onSelect={(id) =>
                  navigate(link(`/monitoring/bericht/sozialraum/${id}${byResidence ? '?geografie=wohnort' : ''}`))
                }
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
            <Sub>Legende</Sub>
            {model.classes ? (
              <ul aria-label={`Klassen: ${indicator.label}`}>
                {model.legend.map((l) => (
                  <li key={l.color}>
                    <span className="swatch" style={{ background: l.color }} aria-hidden="true" />
                    {l.label}
                  </li>
                ))}
              </ul>
            ) : (
              <p>Für diese Kennzahl gibt es für keinen Sozialraum eine Angabe.</p>
            )}
            <p className="hint">{legendNote}</p>
            <label className="inline no-print">
              <input
                type="checkbox"
                checked={diverging}
                disabled={cityValue === null}
                onChange={(e) => {
                  const next = new URLSearchParams(params);
                  if (e.target.checked) next.set('farben', 'stadtwert');
                  else next.delete('farben');
                  setParams(next, { replace: true });
                }}
              />
              Farben um den Stadtwert
            </label>
            <ChartDownloads
              title={title}
              svg={() =>
                mapSvg(title, model.areas, [...model.legend, { color: 'url(#hatch)', label: NO_DATA }], legendNote)
              }
            />
          </div>
        </div>
      )}
    </section>
  );
}

function indicatorValue(index: CellIndex, level: ReportLevel, unitId: string, indicator: Indicator): number | null {
  const ref = whole(level, unitId);
  if (indicator.statistic === 'mean') return index.get(ref, indicator.item, 'mean')?.value ?? null;
  return shareOf(index.pct(ref, indicator.item), indicator.code);
}
