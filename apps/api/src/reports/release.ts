/**
 * Building a release from counted responses: every predefined table of the wave, one reported
 * item at a time through the disclosure engine, with the cross-item and cross-release rules the
 * engine cannot see on its own (DISCLOSURE.md rules 7 and 9). Pure apart from yielding to the
 * event loop between items, so a large build never stalls pupils' saves.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { type CityStructure, groupId, type WaveCounts } from './aggregate.ts';
import {
  applyDisclosureControl,
  type CellKey,
  DEFAULT_DISCLOSURE_CONFIG,
  type DisclosureConfig,
  type Level,
  type PublishedCell,
} from './disclosure.ts';
import type { ReportItem } from './report-items.ts';

/** Exact sizes of the groups a release published: item → group id → n (stored, never served). */
export type PublishedSizes = Record<string, Record<string, number>>;

export interface BuildOptions {
  config?: DisclosureConfig;
  /** Sizes published by earlier releases of the same wave (rule 9). */
  earlier?: readonly PublishedSizes[];
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

export interface BuiltRelease {
  cells: PublishedCell[];
  publishedSizes: PublishedSizes;
}

/** Filters before their follow-ups, otherwise the reporting order. */
function processingOrder(items: readonly ReportItem[]): number[] {
  const order = items.map((_, i) => i);
  return order.sort((a, b) => Number(items[a]!.followUpOf !== null) - Number(items[b]!.followUpOf !== null) || a - b);
}

/**
 * Rule 7: the groups in which a follow-up may be shown at all, i.e. those where the filter's
 * qualifying answers are themselves shown exactly (a follow-up's n is the filter count, so showing
 * it where the filter's count is hidden would reveal that count).
 */
function filterVisibleGroups(item: ReportItem, published: Map<string, PublishedCell[]>): Set<string> | null {
  if (!item.followUpOf) return null;
  const qualifying = new Set(item.followUpOf.codes.map(String));
  const single = published.get(item.followUpOf.itemId);
  const exactly = (cells: PublishedCell[]): Set<string> => {
    const byGroup = new Map<string, PublishedCell[]>();
    for (const c of cells) {
      const key = groupId({ level: c.level, unitId: c.unit_id, breakdown: c.breakdown, group: c.group });
      const list = byGroup.get(key) ?? [];
      list.push(c);
      byGroup.set(key, list);
    }
    const ok = new Set<string>();
    for (const [key, list] of byGroup) {
      const n = list.find((c) => c.statistic === 'n');
      const pct = list.filter((c) => c.statistic === 'pct');
      if (!n || n.value === null || pct.length === 0 || pct.some((c) => c.flag !== '' || c.value === null)) continue;
      ok.add(key);
      if (single) {
        // Every shown block lies wholly inside or wholly outside the qualifying answers.
        for (const c of pct) {
          const codes = c.category.split('+');
          const inside = codes.filter((x) => qualifying.has(x)).length;
          if (inside !== 0 && inside !== codes.length) ok.delete(key);
        }
      }
    }
    return ok;
  };
  if (single) return exactly(single);
  // A multiple-choice filter: every qualifying choice must be shown exactly.
  let visible: Set<string> | null = null;
  for (const code of qualifying) {
    const cells = published.get(`${item.followUpOf.itemId}.${code}`) ?? [];
    const ok = exactly(cells);
    visible = visible === null ? ok : new Set([...visible].filter((k: string) => ok.has(k)));
  }
  return visible ?? new Set();
}

const LEVEL_ORDER: Record<Level, number> = { city: 0, sozialraum: 1, school: 2 };
const BREAKDOWN_ORDER = { none: 0, grade: 1, gender: 2 } as const;
const STATISTIC_ORDER = { n: 0, pct: 1, mean: 2 } as const;
const GENDER_ORDER: Record<string, number> = { f: 0, m: 1, other: 2 };

/**
 * Every table of the wave, disclosure-checked, in reading order: city, Sozialräume and schools by
 * name; within a unit the whole group first, then grades, then genders; items in reporting order.
 */
export async function buildRelease(
  counts: WaveCounts,
  structure: CityStructure,
  options: BuildOptions = {},
): Promise<BuiltRelease> {
  const config = options.config ?? DEFAULT_DISCLOSURE_CONFIG;
  const items = counts.items;
  const published = new Map<string, PublishedCell[]>();
  const publishedSizes: PublishedSizes = {};
  const order = processingOrder(items);
  let done = 0;
  for (const index of order) {
    const item = items[index]!;
    const threshold = item.sensitive ? config.nMinSensitive : config.nMin;
    const plain = counts.publication(index, structure);
    const sizeOf = new Map(plain.distributions.map((d) => [groupId(d), d.counts.reduce((a, b) => a + b, 0)] as const));
    const forced: CellKey[] = [];
    const visible = filterVisibleGroups(item, published);
    for (const d of plain.distributions) {
      const id = groupId(d);
      const n = sizeOf.get(id)!;
      const key: CellKey = { level: d.level, unitId: d.unitId, breakdown: d.breakdown, group: d.group, item: item.id };
      if (visible && !visible.has(id)) {
        forced.push(key);
        continue;
      }
      // Rule 9: a group that an earlier release showed with a few children more or less would let
      // the two releases be subtracted.
      for (const earlier of options.earlier ?? []) {
        const before = earlier[item.id]?.[id];
        if (before !== undefined && before !== n && Math.abs(before - n) < threshold) {
          forced.push(key);
          break;
        }
      }
    }
    const cells = applyDisclosureControl({ ...plain, forceSuppressed: forced }, config);
    published.set(item.id, cells);
    const sizes: Record<string, number> = {};
    for (const c of cells) {
      if (c.statistic !== 'n' || c.value === null) continue;
      const id = groupId({ level: c.level, unitId: c.unit_id, breakdown: c.breakdown, group: c.group });
      sizes[id] = sizeOf.get(id)!;
    }
    publishedSizes[item.id] = sizes;
    done++;
    await options.onProgress?.(done, items.length);
    await yieldToEventLoop();
  }

  // Reading order.
  const unitOrder = new Map<string, number>();
  unitOrder.set(`city|${structure.city.id}`, 0);
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');
  for (const [i, u] of [...structure.sozialraeume].sort(byName).entries()) unitOrder.set(`sozialraum|${u.id}`, i);
  for (const [i, u] of [...structure.schools].sort(byName).entries()) unitOrder.set(`school|${u.id}`, i);
  const itemOrder = new Map(items.map((it, i) => [it.id, i]));
  const categoryOrder = new Map(items.map((it) => [it.id, new Map(it.categories.map((c, i) => [c, i]))]));
  const groupRank = (c: PublishedCell) =>
    c.breakdown === 'gender' ? (GENDER_ORDER[c.group] ?? 9) : c.breakdown === 'grade' ? Number(c.group) : 0;
  const categoryRank = (c: PublishedCell) => categoryOrder.get(c.item)?.get(c.category.split('+')[0]!) ?? 0;
  const cells = [...published.values()].flat();
  // One number per cell (mixed radix of the ranks below), so sorting 800,000 cells allocates nothing per cell.
  const keys = new Float64Array(cells.length);
  cells.forEach((c, i) => {
    let k = LEVEL_ORDER[c.level];
    k = k * 100_000 + (unitOrder.get(`${c.level}|${c.unit_id}`) ?? 0);
    k = k * 3 + BREAKDOWN_ORDER[c.breakdown];
    k = k * 16 + groupRank(c);
    k = k * 4096 + (itemOrder.get(c.item) ?? 0);
    k = k * 3 + STATISTIC_ORDER[c.statistic];
    k = k * 64 + categoryRank(c);
    keys[i] = k;
  });
  const sorted = Uint32Array.from(cells.keys()).sort((a, b) => keys[a]! - keys[b]!);
  return { cells: Array.from(sorted, (i) => cells[i]!), publishedSizes };
}
