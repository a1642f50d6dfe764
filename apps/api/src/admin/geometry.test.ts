import { describe, expect, it } from 'vitest';
import { demoGeometries } from '../seed/demo-city.ts';
import { parseBoundary } from './geometry.ts';

const square = [
  [
    [7.1, 51.5],
    [7.2, 51.5],
    [7.2, 51.4],
    [7.1, 51.4],
    [7.1, 51.5],
  ],
];

describe('parseBoundary', () => {
  it('accepts a polygon, a multipolygon, a feature and a one-feature collection', () => {
    expect(parseBoundary({ type: 'Polygon', coordinates: square })).toMatchObject({ ok: true });
    expect(parseBoundary({ type: 'MultiPolygon', coordinates: [square, square] })).toMatchObject({ ok: true });
    const feature = { type: 'Feature', properties: { name: 'x' }, geometry: { type: 'Polygon', coordinates: square } };
    expect(parseBoundary(feature)).toEqual({ ok: true, geometry: { type: 'Polygon', coordinates: square } });
    expect(parseBoundary({ type: 'FeatureCollection', features: [feature] })).toMatchObject({ ok: true });
  });

  it('accepts every demo boundary', () => {
    for (const g of demoGeometries()) expect(parseBoundary(g).ok).toBe(true);
  });

  it.each([
    [{ type: 'Point', coordinates: [7, 51] }, 'Polygon'],
    [{ type: 'Polygon', coordinates: [] }, 'keine Ringe'],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [7, 51],
            [8, 51],
            [7, 51],
          ],
        ],
      },
      'mindestens 4',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [7, 51],
            [8, 51],
            [8, 52],
            [7, 52],
          ],
        ],
      },
      'nicht geschlossen',
    ],
    // UTM easting/northing instead of degrees: the classic mistake.
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [370000, 5710000],
            [371000, 5710000],
            [371000, 5711000],
            [370000, 5710000],
          ],
        ],
      },
      'WGS84',
    ],
    [
      {
        type: 'Polygon',
        coordinates: [
          [
            [7, 51],
            ['8', 51],
            [8, 52],
            [7, 51],
          ],
        ],
      },
      'keine Koordinate',
    ],
    [{ type: 'FeatureCollection', features: [] }, 'genau ein Feature'],
    [null, 'Polygon'],
  ])('refuses %j with a message saying why', (input, message) => {
    const result = parseBoundary(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(message);
  });
});
