import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { Sozialraum } from '@uwe/schema';
import { useEffect, useRef } from 'react';
import { textElement } from '../staff/text-element.ts';

type Boundary = NonNullable<Sozialraum['geometry']>;

export interface MapArea {
  id: string;
  name: string;
  geometry: Boundary;
  /** Fill of the area's class; null: no value, drawn hatched without a class. */
  color: string | null;
  /** The value as shown ("51 %"), or "keine Angabe". */
  text: string;
}

export const HATCH_ID = 'uwe-hatch-keine-angabe';

function toLatLngs(g: Boundary) {
  return g.type === 'Polygon'
    ? L.GeoJSON.coordsToLatLngs(g.coordinates as number[][][], 1)
    : L.GeoJSON.coordsToLatLngs(g.coordinates as number[][][][], 2);
}

/**
 * Sozialräume coloured by their class, on a plain background (no tile server: the platform talks
 * to no outside service). An area without a value is hatched and labelled "keine Angabe": it gets
 * no class colour and its label carries no number (DISCLOSURE.md rule 8). Every area is labelled
 * with its name and value in text, so colour is never the only carrier of the number.
 */
export default function ChoroplethMap({
  areas,
  label,
  onSelect,
}: {
  areas: MapArea[];
  label: string;
  onSelect?: (id: string) => void;
}) {
  const container = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.FeatureGroup | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    const m = L.map(container.current!, {
      attributionControl: false,
      zoomSnap: 0.25,
      scrollWheelZoom: false,
      keyboard: false,
    }).setView([51.16, 10.45], 5);
    map.current = m;
    layer.current = L.featureGroup().addTo(m);
    const fitToAreas = () => {
      const bounds = layer.current?.getBounds();
      if (bounds?.isValid()) m.fitBounds(bounds, { padding: [12, 12] });
    };
    // Printing changes the page width: fit the areas to the printed map too.
    const print = window.matchMedia('print');
    const onPrint = () => {
      m.invalidateSize();
      fitToAreas();
    };
    print.addEventListener('change', onPrint);
    return () => {
      print.removeEventListener('change', onPrint);
      m.remove();
      map.current = null;
      layer.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
    for (const a of areas) {
      const polygon = L.polygon(toLatLngs(a.geometry), {
        className: a.color ? 'area area-value' : 'area area-none',
        color: '#333',
        weight: 1.5,
        fillColor: a.color ?? `url(#${HATCH_ID})`,
        fillOpacity: 1,
      });
      // Names are admin-entered: built as text nodes, so no markup in them can ever be parsed.
      const label = document.createElement('span');
      label.append(textElement(a.name, 'map-label-name'), textElement(a.text, 'map-label-value'));
      polygon.bindTooltip(label, {
        permanent: true,
        direction: 'center',
        className: a.color ? 'map-label' : 'map-label map-label-none',
      });
      polygon.on('click', () => select.current?.(a.id));
      polygon.addTo(group);
      polygon.getElement()?.setAttribute('data-unit', a.id);
    }
    const bounds = group.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [12, 12] });
  }, [areas]);

  return (
    <>
      {/* The hatch for areas without a value; an SVG elsewhere in the page can use it by id. */}
      <svg className="pattern-defs" aria-hidden="true" focusable="false">
        <defs>
          <pattern id={HATCH_ID} patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">
            <rect width="8" height="8" fill="#fff" />
            <line x1="0" y1="0" x2="0" y2="8" stroke="#8a8a8a" strokeWidth="3" />
          </pattern>
        </defs>
      </svg>
      <section ref={container} className="map choropleth" aria-label={label} />
    </>
  );
}
