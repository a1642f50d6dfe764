/**
 * Reading released cells for display. Pure. Every number shown on a monitoring page goes through
 * `cellText`, so a suppressed cell and an empty one always read the same ("keine Angabe",
 * DISCLOSURE.md rule 8), whatever page or chart shows them.
 */
import type { ReportCell, ReportItemInfo, ReportLevel } from '@uwe/schema';

export type Cell = ReportCell;
export type Breakdown = Cell['breakdown'];

export const NO_DATA = 'keine Angabe';

const GROUP_LABELS: Record<string, string> = {
  all: 'Gesamt',
  f: 'Mädchen',
  m: 'Jungen',
  other: 'divers / keine Angabe',
};

export function groupLabel(breakdown: Breakdown, group: string): string {
  if (breakdown === 'grade') return `Klasse ${group}`;
  return GROUP_LABELS[group] ?? group;
}

export const BREAKDOWN_LABELS: Record<Breakdown, string> = {
  none: 'ohne Aufteilung',
  grade: 'nach Jahrgangsstufe',
  gender: 'nach Geschlecht',
};

export const LEVEL_LABELS: Record<ReportLevel, string> = {
  city: 'Gesamtstadt',
  sozialraum: 'Sozialräume',
  school: 'Schulen',
};

const integer = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const signedOneDecimal = new Intl.NumberFormat('de-DE', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/**
 * A published value in German notation: "45,3 %", "3,8", "2.970". Releases publish percentages and
 * means with one decimal (the disclosure package's defaults); the page shows them as published.
 */
export function formatValue(statistic: Cell['statistic'], value: number): string {
  if (statistic === 'pct') return `${oneDecimal.format(value)}\u00a0%`;
  if (statistic === 'mean') return oneDecimal.format(value);
  return integer.format(value);
}

/** A change between waves: percentage points for shares, the scale's unit for means. */
export function formatChange(statistic: 'pct' | 'mean', change: number): string {
  return statistic === 'pct' ? `${signedOneDecimal.format(change)}\u00a0Pp.` : signedOneDecimal.format(change);
}

/** The text of one cell; a missing cell reads like a suppressed one. */
export function cellText(cell: Cell | undefined): string {
  if (!cell) return NO_DATA;
  if (cell.value !== null) return formatValue(cell.statistic, cell.value);
  if (cell.flag === 'almost_all') return 'fast alle';
  if (cell.flag === '<1') return '<\u00a01\u00a0%';
  if (cell.flag === '>99') return '>\u00a099\u00a0%';
  return NO_DATA;
}

/** True where the cell shows no number and no band: what the footnote "keine Angabe" explains. */
export function isMissing(cell: Cell | undefined): boolean {
  return !cell || (cell.value === null && (cell.flag === '' || cell.flag === 'suppressed'));
}

/** Label of a category, merged blocks ("4+5") as their labels joined with " / ". */
export function categoryLabel(item: ReportItemInfo | undefined, category: string): string {
  return category
    .split('+')
    .map((code) => item?.categories.find((c) => c.code === code)?.label ?? code)
    .join(' / ');
}

/** All cells of a response, found by what they describe. */
export class CellIndex {
  private readonly byKey = new Map<string, Cell>();
  private readonly pctByGroup = new Map<string, Cell[]>();
  private readonly groupsByUnit = new Map<string, Set<string>>();

  constructor(readonly cells: readonly Cell[]) {
    for (const c of cells) {
      const group = `${c.level}|${c.unit_id}|${c.breakdown}|${c.group}|${c.item}`;
      this.byKey.set(`${group}|${c.statistic}|${c.category}`, c);
      if (c.statistic === 'pct') {
        const list = this.pctByGroup.get(group) ?? [];
        list.push(c);
        this.pctByGroup.set(group, list);
      }
      const unit = `${c.level}|${c.unit_id}|${c.breakdown}`;
      const groups = this.groupsByUnit.get(unit) ?? new Set<string>();
      groups.add(c.group);
      this.groupsByUnit.set(unit, groups);
    }
  }

  get(ref: GroupRef, item: string, statistic: 'n' | 'mean'): Cell | undefined {
    return this.byKey.get(`${ref.level}|${ref.unitId}|${ref.breakdown}|${ref.group}|${item}|${statistic}|`);
  }

  /** The percentage cells of a group, in category order (as the release stores them). */
  pct(ref: GroupRef, item: string): Cell[] {
    return this.pctByGroup.get(`${ref.level}|${ref.unitId}|${ref.breakdown}|${ref.group}|${item}`) ?? [];
  }

  /** Groups of a breakdown that the release holds for a unit, in stored order. */
  groups(level: ReportLevel, unitId: string, breakdown: Breakdown): string[] {
    return [...(this.groupsByUnit.get(`${level}|${unitId}|${breakdown}`) ?? [])];
  }
}

export interface GroupRef {
  level: ReportLevel;
  unitId: string;
  breakdown: Breakdown;
  group: string;
}

export const whole = (level: ReportLevel, unitId: string): GroupRef => ({
  level,
  unitId,
  breakdown: 'none',
  group: 'all',
});

/** The release's participation items: children who took part (n, and the response rate as pct) and class sizes. */
export const PARTICIPATION = 'participation';
export const ENROLLED = 'participation.enrolled';
export const RESPONSE_RATE = 'response_rate';
/** Paper questionnaires typed in by staff: n, and their share of those who took part. */
export const PAPER = 'participation.paper';
export const PAPER_SHARE = 'paper_share';

export interface ParticipationCells {
  /** Children who took part. */
  tookPart: Cell | undefined;
  /** Children in the surveyed classes, as teachers entered them. */
  enrolled: Cell | undefined;
  /** Took part over class size, in %. */
  rate: Cell | undefined;
  /** Of those who took part, the share on paper, in %. */
  paperShare: Cell | undefined;
}

/** A group's participation; a cell the release does not have reads "keine Angabe" like a hidden one. */
export function participationOf(index: CellIndex, ref: GroupRef): ParticipationCells {
  return {
    tookPart: index.get(ref, PARTICIPATION, 'n'),
    enrolled: index.get(ref, ENROLLED, 'n'),
    rate: index.pct(ref, PARTICIPATION).find((c) => c.category === RESPONSE_RATE),
    paperShare: index.pct(ref, PAPER).find((c) => c.category === PAPER_SHARE),
  };
}

/** The percentage cell that holds a category: its own, or the merged block it belongs to. */
export function coveringCell(pcts: readonly Cell[], code: string): Cell | undefined {
  return pcts.find((c) => c.category.split('+').includes(code));
}

/** The exact share of one category, or null where it is hidden, banded or merged with another. */
export function shareOf(pcts: readonly Cell[], code: string): number | null {
  return pcts.find((c) => c.category === code)?.value ?? null;
}

export interface Span {
  /** The cell shown across `codes`; undefined where the release has none. */
  cell: Cell | undefined;
  codes: string[];
}

/**
 * Table cells for columns that each stand for one category (in display order): neighbouring
 * columns of one merged block become one cell spanning them.
 */
export function spans(pcts: readonly Cell[], codes: readonly string[]): Span[] {
  const out: Span[] = [];
  for (const code of codes) {
    const cell = coveringCell(pcts, code);
    const last = out[out.length - 1];
    if (cell && last?.cell === cell) last.codes.push(code);
    else out.push({ cell, codes: [code] });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Stacked bars

export interface Segment {
  cell: Cell;
  label: string;
  /** Share of the bar's width, 0–100 (bands '<1' and '>99' get a sliver or the rest). */
  width: number;
  /** Positions of the block's categories in the item's scale order, for the colours. */
  positions: number[];
}

export type Bar =
  | { kind: 'segments'; segments: Segment[] }
  | { kind: 'almost_all'; label: string; position: number }
  | { kind: 'none' };

/** How one group's distribution is drawn. */
export function barOf(item: ReportItemInfo | undefined, pcts: readonly Cell[]): Bar {
  const mode = pcts.find((c) => c.flag === 'almost_all');
  const position = (code: string) => item?.categories.findIndex((c) => c.code === code) ?? -1;
  if (mode) return { kind: 'almost_all', label: categoryLabel(item, mode.category), position: position(mode.category) };
  if (pcts.length === 0 || pcts.some((c) => c.flag === 'suppressed' || (c.value === null && c.flag === ''))) {
    return { kind: 'none' };
  }
  const raw = pcts.map((c) => (c.value !== null ? c.value : c.flag === '<1' ? 0.5 : 99.5));
  const total = raw.reduce((a, b) => a + b, 0) || 1;
  return {
    kind: 'segments',
    segments: pcts.map((cell, i) => ({
      cell,
      label: categoryLabel(item, cell.category),
      width: (100 * raw[i]!) / total,
      positions: cell.category.split('+').map(position),
    })),
  };
}

/**
 * Colours of the categories of an ordered answer scale, low to high: orange through grey to blue
 * (a diverging scheme that stays apart for the common colour-vision deficiencies).
 */
export function categoryColors(n: number): string[] {
  if (n <= 1) return ['#4a7bb7'];
  if (n === 2) return ['#d0d0d0', '#2f5f98'];
  const stops: [number, number, number][] = [
    [0xb3, 0x58, 0x06],
    [0xf1, 0xa3, 0x40],
    [0xd9, 0xd9, 0xd9],
    [0x6f, 0x9f, 0xd8],
    [0x1d, 0x4f, 0x91],
  ];
  return Array.from({ length: n }, (_, i) => {
    const t = (i / (n - 1)) * (stops.length - 1);
    const a = stops[Math.floor(t)]!;
    const b = stops[Math.min(stops.length - 1, Math.floor(t) + 1)]!;
    const f = t - Math.floor(t);
    return hex(a.map((v, j) => Math.round(v + (b[j]! - v) * f)) as [number, number, number]);
  });
}

const hex = (rgb: [number, number, number]) => `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** Black or white, whichever reads better on the background (WCAG relative luminance). */
export function textOn(background: string): '#000' | '#fff' {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(background.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (l + 0.05) / 0.05 >= 1.05 / (l + 0.05) ? '#000' : '#fff';
}

// ---------------------------------------------------------------------------------------------
// Map classes

export interface Classes {
  /** Class bounds: class i covers [bounds[i], bounds[i + 1]) and the last one includes its end. */
  bounds: number[];
  classOf(v: number): number;
}

function niceStep(raw: number, decimals: number): number {
  const min = 10 ** -decimals;
  if (raw <= min) return min;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return Math.max(min, (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p);
}

const roundTo = (v: number, decimals: number) => Math.round(v * 10 ** decimals) / 10 ** decimals;

/**
 * Equal-interval classes with round bounds over the shown values (never over hidden ones, which
 * get no class at all). `decimals`: 0 for percentages, 1 for means.
 */
export function classify(values: readonly number[], maxClasses: number, decimals: number): Classes | null {
  if (values.length === 0) return null;
  const min = Math.min(...values);
  const max = Math.max(...values);
  const wanted = Math.min(maxClasses, new Set(values).size);
  if (wanted <= 1) return { bounds: [min, max], classOf: () => 0 };
  let step = niceStep((max - min) / wanted, decimals);
  const layout = () => {
    const lo = roundTo(Math.floor(min / step) * step, decimals);
    return { lo, count: Math.max(1, Math.ceil(roundTo((max - lo) / step, 6))) };
  };
  let { lo, count } = layout();
  // Rounding the start down can cost a class more than wanted: take the next round step.
  while (count > maxClasses) {
    step = niceStep(step * 1.01, decimals);
    ({ lo, count } = layout());
  }
  const bounds = Array.from({ length: count + 1 }, (_, i) => roundTo(lo + i * step, decimals));
  return {
    bounds,
    classOf: (v) => Math.min(count - 1, Math.max(0, Math.floor(roundTo((v - lo) / step, 6)))),
  };
}

/** Sequential blues, light (low) to dark (high), for up to five map classes. */
const MAP_BLUES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

export function mapColors(n: number): string[] {
  if (n <= 1) return [MAP_BLUES[2]!];
  return Array.from({ length: n }, (_, i) => MAP_BLUES[Math.round((i * (MAP_BLUES.length - 1)) / (n - 1))]!);
}

/**
 * Five classes of equal width centred on a reference value (the city's), so that the middle class
 * reads "about like the city" and the ends "clearly below / above it". Only shown values count.
 */
export function classifyAround(values: readonly number[], center: number, decimals: number): Classes | null {
  if (values.length === 0) return null;
  const reach = Math.max(...values.map((v) => Math.abs(v - center)));
  const step = niceStep((2 * reach) / 5, decimals);
  const lo = center - 2.5 * step;
  const bounds = Array.from({ length: 6 }, (_, i) => roundTo(lo + i * step, decimals + 1));
  // The outer classes end at the values shown, never at impossible ones (a negative share).
  bounds[0] = Math.min(bounds[1] ?? lo, Math.floor(Math.min(...values) * 10 ** decimals) / 10 ** decimals);
  bounds[5] = Math.max(bounds[4] ?? lo, Math.ceil(Math.max(...values) * 10 ** decimals) / 10 ** decimals);
  return { bounds, classOf: (v) => Math.min(4, Math.max(0, Math.floor(roundTo((v - lo) / step, 6)))) };
}

/** Orange (below the reference) through light grey to blue (above), as the answer scales. */
export const MAP_DIVERGING = ['#b35806', '#f1a340', '#ededed', '#6f9fd8', '#1d4f91'];
