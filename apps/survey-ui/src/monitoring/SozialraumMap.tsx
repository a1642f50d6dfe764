import { lazy, Suspense, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { listSozialraeume } from '../api/admin.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { useLoad } from '../staff/use-load.ts';
import { type CellIndex, classify, formatValue, mapColors, NO_DATA, shareOf, whole } from './cells.ts';
import type { Ready } from './context.ts';
import { DEFAULT_INDICATOR, type Indicator, indicators } from './indicators.ts';

// Leaflet only loads when a map is shown.
const ChoroplethMap = lazy(() => import('./ChoroplethMap.tsx'));

/**
 * The Sozialräume on a map, coloured by one indicator of the release (the same numbers as the
 * Sozialraum table). Used on the overview and in the city report.
 */
export function SozialraumMap({
  ctx,
  index,
  heading = 'Karte der Sozialräume',
  headingId = 'karte',
  level = 2,
}: {
  ctx: Ready;
  index: CellIndex;
  heading?: string;
  headingId?: string;
  /** Heading level: 3 inside a report section. */
  level?: 2 | 3;
}) {
  const Heading = level === 3 ? 'h3' : 'h2';
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
