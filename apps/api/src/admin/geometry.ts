/** Checks a Sozialraum boundary: GeoJSON Polygon or MultiPolygon in WGS84 (RFC 7946). */
export type Geometry =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export type GeometryResult = { ok: true; geometry: Geometry } | { ok: false; message: string };

function checkRing(ring: unknown, where: string): string | null {
  if (!Array.isArray(ring) || ring.length < 4) return `${where}: ein Ring braucht mindestens 4 Punkte`;
  for (const [i, p] of ring.entries()) {
    if (!Array.isArray(p) || p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
      return `${where}, Punkt ${i + 1}: keine Koordinate [Länge, Breite]`;
    }
    const [lon, lat] = p as number[];
    if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) {
      return `${where}, Punkt ${i + 1}: [${lon}, ${lat}] liegt außerhalb von WGS84 (Länge −180…180, Breite −90…90). Ist die Datei in einem anderen Koordinatensystem (z. B. UTM)?`;
    }
  }
  const first = ring[0] as number[];
  const last = ring[ring.length - 1] as number[];
  if (first[0] !== last[0] || first[1] !== last[1])
    return `${where}: der Ring ist nicht geschlossen (erster und letzter Punkt verschieden)`;
  return null;
}

function checkPolygon(rings: unknown, where: string): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return `${where}: keine Ringe`;
  for (const [i, ring] of rings.entries()) {
    const err = checkRing(ring, `${where}, Ring ${i + 1}`);
    if (err) return err;
  }
  return null;
}

/** Accepts a geometry, a Feature, or a FeatureCollection with exactly one feature. */
export function parseBoundary(input: unknown): GeometryResult {
  let g = input as { type?: unknown; geometry?: unknown; features?: unknown; coordinates?: unknown } | null;
  if (g && g.type === 'FeatureCollection') {
    if (!Array.isArray(g.features) || g.features.length !== 1) {
      return {
        ok: false,
        message: 'Die FeatureCollection muss genau ein Feature (die Grenze dieses Sozialraums) enthalten.',
      };
    }
    g = g.features[0] as typeof g;
  }
  if (g && g.type === 'Feature') g = g.geometry as typeof g;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) {
    return { ok: false, message: 'Die Grenze muss ein GeoJSON-Polygon oder -MultiPolygon sein.' };
  }
  if (g.type === 'Polygon') {
    const err = checkPolygon(g.coordinates, 'Polygon');
    return err
      ? { ok: false, message: err }
      : { ok: true, geometry: { type: 'Polygon', coordinates: g.coordinates as number[][][] } };
  }
  if (!Array.isArray(g.coordinates) || g.coordinates.length === 0)
    return { ok: false, message: 'MultiPolygon ohne Polygone' };
  for (const [i, poly] of g.coordinates.entries()) {
    const err = checkPolygon(poly, `Polygon ${i + 1}`);
    if (err) return { ok: false, message: err };
  }
  return { ok: true, geometry: { type: 'MultiPolygon', coordinates: g.coordinates as number[][][][] } };
}
