import { describe, expect, it } from 'vitest';
import { readBoundary } from './geojson.ts';

const ring = [
  [7.1, 51.5],
  [7.2, 51.5],
  [7.2, 51.4],
  [7.1, 51.5],
];
const polygon = { type: 'Polygon', coordinates: [ring] };

describe('readBoundary', () => {
  it('accepts a bare polygon, a feature and a collection with one feature', () => {
    for (const input of [
      polygon,
      { type: 'Feature', properties: {}, geometry: polygon },
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: polygon }] },
    ]) {
      expect(readBoundary(JSON.stringify(input))).toEqual({ ok: true, geometry: polygon });
    }
  });

  it('accepts a multipolygon', () => {
    const multi = { type: 'MultiPolygon', coordinates: [[ring], [ring]] };
    expect(readBoundary(JSON.stringify(multi))).toEqual({ ok: true, geometry: multi });
  });

  it('refuses what is not JSON, not a polygon, or not one feature', () => {
    expect(readBoundary('{nope')).toMatchObject({ ok: false, message: expect.stringContaining('kein gültiges JSON') });
    expect(readBoundary(JSON.stringify({ type: 'Point', coordinates: [7, 51] }))).toMatchObject({ ok: false });
    expect(readBoundary(JSON.stringify({ type: 'FeatureCollection', features: [] }))).toMatchObject({
      ok: false,
      message: expect.stringContaining('genau ein Feature'),
    });
  });

  it('names coordinates outside WGS84, such as UTM metres', () => {
    const utm = {
      type: 'Polygon',
      coordinates: [
        [
          [360000, 5710000],
          [361000, 5710000],
          [361000, 5711000],
          [360000, 5710000],
        ],
      ],
    };
    expect(readBoundary(JSON.stringify(utm))).toMatchObject({ ok: false, message: expect.stringContaining('UTM') });
  });

  it('refuses positions that are not number pairs', () => {
    const bad = { type: 'Polygon', coordinates: [[['7.1', 51.5]]] };
    expect(readBoundary(JSON.stringify(bad))).toMatchObject({
      ok: false,
      message: expect.stringContaining('Zahlenpaar'),
    });
  });
});
