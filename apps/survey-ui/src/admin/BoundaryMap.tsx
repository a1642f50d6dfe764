import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef } from 'react';
import { textElement } from '../staff/text-element.ts';
import type { Boundary } from './geojson.ts';

export interface MapShape {
  id: string;
  name: string;
  geometry: Boundary;
  highlight?: boolean;
}

/**
 * Boundaries drawn on a plain background. There is deliberately no tile layer: the platform
 * talks to no outside server, and the outlines are what an admin needs to check.
 * Pass a memoised `shapes` array; the map redraws when it changes.
 */
export function BoundaryMap({
  shapes,
  label,
  className = 'map',
}: {
  shapes: MapShape[];
  label: string;
  className?: string;
}) {
  const container = useRef<HTMLElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.FeatureGroup | null>(null);

  useEffect(() => {
    const m = L.map(container.current!, { attributionControl: false, zoomSnap: 0.25 }).setView([51.16, 10.45], 5);
    map.current = m;
    layer.current = L.featureGroup().addTo(m);
    return () => {
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
    const anyHighlight = shapes.some((s) => s.highlight);
    for (const s of shapes) {
      const strong = s.highlight || !anyHighlight;
      L.geoJSON(s.geometry as Parameters<typeof L.geoJSON>[0], {
        style: {
          color: strong ? '#1d4f91' : '#7a8594',
          weight: strong ? 3 : 1.5,
          fillColor: strong ? '#4f86c6' : '#c9d1dc',
          fillOpacity: strong ? 0.35 : 0.2,
        },
      })
        // Leaflet takes a string as HTML: an admin-entered name goes in as a text node, never markup.
        .bindTooltip(textElement(s.name), { sticky: true })
        .addTo(group);
    }
    const bounds = group.getBounds();
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [16, 16] });
  }, [shapes]);

  return <section ref={container} className={className} aria-label={label} />;
}
