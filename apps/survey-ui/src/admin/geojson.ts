import type { Sozialraum } from '@uwe/schema';

export type Boundary = NonNullable<Sozialraum['geometry']>;
export type BoundaryCheck = { ok: true; geometry: Boundary } | { ok: false; message: string };

/**
 * A first, quick check of an uploaded boundary so the preview map can draw it: JSON, a Polygon or
 * MultiPolygon (bare, as a Feature, or as the one feature of a FeatureCollection), positions in
 * WGS84. The API checks everything again (closed rings and more) and its message is shown too.
 */
export function readBoundary(text: string): BoundaryCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Die Datei ist kein gültiges JSON (GeoJSON erwartet).' };
  }
  let g = data as { type?: unknown; features?: unknown; geometry?: unknown; coordinates?: unknown } | null;
  if (g?.type === 'FeatureCollection') {
    if (!Array.isArray(g.features) || g.features.length !== 1) {
      return {
        ok: false,
        message: 'Die FeatureCollection muss genau ein Feature (die Grenze dieses Sozialraums) enthalten.',
      };
    }
    g = g.features[0] as typeof g;
  }
  if (g?.type === 'Feature') g = g.geometry as typeof g;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return { ok: false, message: 'Die Grenze muss ein GeoJSON-Polygon oder -MultiPolygon sein.' };
  }
  const depth = g.type === 'Polygon' ? 3 : 4;
  const problem = checkPositions(g.coordinates, depth);
  if (problem) return { ok: false, message: problem };
  return { ok: true, geometry: { type: g.type, coordinates: g.coordinates as unknown[] } };
}

/** Walks the nested arrays down to the positions: [longitude, latitude] within WGS84. */
function checkPositions(value: unknown, depth: number): string | null {
  if (!Array.isArray(value) || value.length === 0) return 'Die Koordinaten fehlen oder sind leer.';
  if (depth === 1) {
    const [lon, lat] = value as unknown[];
    if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
      return 'Eine Koordinate ist kein Zahlenpaar [Länge, Breite].';
    }
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
      return `Die Koordinate [${lon}, ${lat}] liegt außerhalb von WGS84 (Länge −180…180, Breite −90…90). Ist die Datei in einem anderen Koordinatensystem (z. B. UTM)? Bitte als WGS84 (EPSG:4326) exportieren.`;
    }
    return null;
  }
  for (const part of value) {
    const problem = checkPositions(part, depth - 1);
    if (problem) return problem;
  }
  return null;
}
