/**
 * Stacked bar charts and the Sozialraum map as standalone SVG files, drawn from the same cells the
 * page shows (a hidden number is "keine Angabe" here too, never a bar or a colour). Pure: no DOM.
 */
import type { ReportItemInfo, Sozialraum } from '@uwe/schema';
import { barOf, type Cell, categoryColors, cellText, NO_DATA, textOn } from './cells.ts';
import { xmlText } from './download.ts';

const FONT = "'Open Sans', 'Noto Sans', Arial, sans-serif";
const HATCH = `<pattern id="hatch" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)"><rect width="8" height="8" fill="#fff"/><line x1="0" y1="0" x2="0" y2="8" stroke="#8a8a8a" stroke-width="3"/></pattern>`;

const open = (width: number, height: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT}"><rect width="100%" height="100%" fill="#fff"/>`;

export interface SvgBarRow {
  label: string;
  pcts: Cell[];
}

/** Stacked bars of one item for several groups, with a legend; each segment labelled where it fits. */
export function barChartSvg(title: string, item: ReportItemInfo, rows: SvgBarRow[]): string {
  const width = 760;
  const labelWidth = 230;
  const barWidth = width - labelWidth - 16;
  const rowHeight = 26;
  const colors = categoryColors(item.categories.length);
  const legendTop = 40;
  const legendRows = Math.ceil(item.categories.length / 4);
  const top = legendTop + legendRows * 18 + 10;
  const height = top + rows.length * rowHeight + 10;
  const parts = [open(width, height), `<defs>${HATCH}</defs>`];
  parts.push(`<text x="8" y="22" font-size="15" font-weight="600" fill="#111">${xmlText(title)}</text>`);
  item.categories.forEach((c, i) => {
    const x = 8 + (i % 4) * 185;
    const y = legendTop + Math.floor(i / 4) * 18;
    parts.push(
      `<rect x="${x}" y="${y - 10}" width="12" height="12" fill="${colors[i]}"/><text x="${x + 16}" y="${y}" font-size="12" fill="#111">${xmlText(c.label)}</text>`,
    );
  });
  rows.forEach((r, i) => {
    const y = top + i * rowHeight;
    parts.push(`<text x="8" y="${y + 16}" font-size="12" fill="#111">${xmlText(r.label)}</text>`);
    const bar = barOf(item, r.pcts);
    const x0 = labelWidth;
    if (bar.kind === 'none') {
      parts.push(
        `<rect x="${x0}" y="${y + 2}" width="${barWidth}" height="20" fill="url(#hatch)" stroke="#999"/>`,
        `<text x="${x0 + 8}" y="${y + 16}" font-size="12" fill="#111">${NO_DATA}</text>`,
      );
      return;
    }
    if (bar.kind === 'almost_all') {
      parts.push(
        `<rect x="${x0}" y="${y + 2}" width="${barWidth}" height="20" fill="${colors[bar.position] ?? '#999'}"/>`,
        `<text x="${x0 + 8}" y="${y + 16}" font-size="12" fill="${textOn(colors[bar.position] ?? '#999999')}">fast alle: ${xmlText(bar.label)}</text>`,
      );
      return;
    }
    let x = x0;
    for (const s of bar.segments) {
      const w = (s.width / 100) * barWidth;
      const fill = colors[s.positions[0] ?? 0] ?? '#999';
      parts.push(`<rect x="${x.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="20" fill="${fill}"/>`);
      if (s.width >= 8) {
        parts.push(
          `<text x="${(x + w / 2).toFixed(1)}" y="${y + 16}" font-size="11" text-anchor="middle" fill="${textOn(fill)}">${xmlText(cellText(s.cell))}</text>`,
        );
      }
      x += w;
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

type Boundary = NonNullable<Sozialraum['geometry']>;

export interface SvgMapArea {
  name: string;
  geometry: Boundary;
  color: string | null;
  text: string;
}

function rings(g: Boundary): number[][][] {
  return g.type === 'Polygon' ? (g.coordinates as number[][][]) : (g.coordinates as number[][][][]).flat();
}

/**
 * The Sozialräume as SVG: a plain projection (longitude scaled by the cosine of the middle
 * latitude, enough for one city), each area filled with its class colour or hatched, its name and
 * value written on it, and the legend below.
 */
export function mapSvg(title: string, areas: SvgMapArea[], legend: { color: string; label: string }[], note: string) {
  const width = 760;
  const mapWidth = 720;
  const points = areas.flatMap((a) => rings(a.geometry).flat());
  if (points.length === 0) return null;
  const lats = points.map((p) => p[1]!);
  const lons = points.map((p) => p[0]!);
  const k = Math.cos((((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI) / 180);
  const minX = Math.min(...lons) * k;
  const maxX = Math.max(...lons) * k;
  const minY = -Math.max(...lats);
  const maxY = -Math.min(...lats);
  const s = Math.min(mapWidth / Math.max(maxX - minX, 1e-9), 720 / Math.max(maxY - minY, 1e-9));
  const mapHeight = (maxY - minY) * s;
  const top = 40;
  const project = (p: number[]) =>
    [20 + (p[0]! * k - minX) * s, top + (-p[1]! - minY) * s].map((v) => v.toFixed(1)).join(' ');
  const legendTop = top + mapHeight + 24;
  const height = legendTop + legend.length * 18 + 40;
  const parts = [open(width, height), `<defs>${HATCH}</defs>`];
  parts.push(`<text x="8" y="22" font-size="15" font-weight="600" fill="#111">${xmlText(title)}</text>`);
  for (const a of areas) {
    const d = rings(a.geometry)
      .map((r) => `M${r.map(project).join('L')}Z`)
      .join('');
    parts.push(
      `<path d="${d}" fill="${a.color ?? 'url(#hatch)'}" stroke="#333" stroke-width="1.2" fill-rule="evenodd"/>`,
    );
  }
  for (const a of areas) {
    // The label at the middle of the area's largest ring.
    const ring = rings(a.geometry).sort((x, y) => y.length - x.length)[0] ?? [];
    const cx = ring.reduce((t, p) => t + p[0]!, 0) / (ring.length || 1);
    const cy = ring.reduce((t, p) => t + p[1]!, 0) / (ring.length || 1);
    const [x, y] = project([cx, cy]).split(' ');
    parts.push(
      `<text x="${x}" y="${y}" font-size="11" text-anchor="middle" fill="#111" stroke="#fff" stroke-width="3" paint-order="stroke"><tspan x="${x}" dy="-2">${xmlText(a.name)}</tspan><tspan x="${x}" dy="13" font-weight="600">${xmlText(a.text)}</tspan></text>`,
    );
  }
  legend.forEach((l, i) => {
    const y = legendTop + i * 18;
    parts.push(
      `<rect x="20" y="${y - 10}" width="14" height="12" fill="${l.color}" stroke="#999"/><text x="40" y="${y}" font-size="12" fill="#111">${xmlText(l.label)}</text>`,
    );
  });
  parts.push(
    `<text x="20" y="${legendTop + legend.length * 18 + 10}" font-size="11" fill="#333">${xmlText(note)}</text>`,
    '</svg>',
  );
  return parts.join('');
}
