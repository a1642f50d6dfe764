/**
 * Building a release from counted responses: every predefined table of the wave, one reported item
 * at a time through the disclosure package (DISCLOSURE.md version 2), plus the participation
 * figures. Pure apart from yielding to the event loop between items, so a large build never stalls
 * pupils' saves.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  createCountPTable,
  DEFAULT_DISCLOSURE_CONFIG,
  type DisclosureConfig,
  type Level,
  type PublishedCell,
  protectItem,
  protectParticipation,
} from '@uwe/disclosure';
import type { CityStructure, WaveCounts } from './aggregate.ts';
import type { ReportItem } from './report-items.ts';

export interface BuildOptions {
  config?: DisclosureConfig;
  /** Called after each step (one step per reported item, one for participation): never a record count. */
  onProgress?: (done: number, total: number) => void | Promise<void>;
  /** Keep the exact value beside each cell (benchmarks measure the noise with it; never stored). */
  withExact?: boolean;
}

/** Filters before their follow-ups, otherwise the reporting order. */
function processingOrder(items: readonly ReportItem[]): number[] {
  const order = items.map((_, i) => i);
  return order.sort((a, b) => Number(items[a]!.followUpOf !== null) - Number(items[b]!.followUpOf !== null) || a - b);
}

/**
 * Rule 7: the groups where a follow-up's filter group is publishable. A single-choice filter is an
 * item of its own; a multiple-choice filter is reported per choice, and every choice of it has the
 * same groups and n (the children who answered the question), so any one of them tells.
 */
function filterShown(item: ReportItem, shown: Map<string, Set<string>>): Set<string> | undefined {
  if (!item.followUpOf) return undefined;
  const { itemId, codes } = item.followUpOf;
  return shown.get(itemId) ?? shown.get(`${itemId}.${codes[0]}`) ?? new Set();
}

const LEVEL_ORDER: Record<Level, number> = { city: 0, sozialraum: 1, residence: 2, school: 3 };
const BREAKDOWN_ORDER = { none: 0, grade: 1, gender: 2 } as const;
const STATISTIC_ORDER = { n: 0, pct: 1, mean: 2 } as const;
const GENDER_ORDER: Record<string, number> = { f: 0, m: 1, other: 2 };

/**
 * Every table of the wave, disclosure-controlled, in reading order: city, Sozialräume and schools
 * by name; within a unit the whole group first, then grades, then genders; participation first,
 * then the items in reporting order.
 */
export async function buildRelease(
  counts: WaveCounts,
  structure: CityStructure,
  options: BuildOptions = {},
): Promise<PublishedCell[]> {
  const config = options.config ?? DEFAULT_DISCLOSURE_CONFIG;
  const ctx = {
    config,
    ptable: createCountPTable({ maxDeviation: config.maxDeviation, variance: config.variance }),
    withExact: options.withExact,
  };
  const items = counts.items;
  const shown = new Map<string, Set<string>>();
  const all: PublishedCell[][] = [];
  const steps = items.length + 1;
  all.push(protectParticipation(counts.participationGroups(structure, config.minSchoolsPerSozialraum), ctx));
  await options.onProgress?.(1, steps);
  let done = 1;
  for (const index of processingOrder(items)) {
    const item = items[index]!;
    const groups = counts.groups(index, structure, config.minSchoolsPerSozialraum);
    const spec = { id: item.id, sensitive: item.sensitive, categories: item.categories, scale: item.mean };
    const result = protectItem(spec, groups, ctx, filterShown(item, shown));
    shown.set(item.id, result.shown);
    all.push(result.cells);
    done++;
    await options.onProgress?.(done, steps);
    await yieldToEventLoop();
  }

  // Reading order.
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'de');
  const unitOrder: Record<Level, Map<string, number>> = {
    city: new Map([[structure.city.id, 0]]),
    sozialraum: new Map([...structure.sozialraeume].sort(byName).map((u, i) => [u.id, i])),
    residence: new Map([...structure.sozialraeume].sort(byName).map((u, i) => [u.id, i])),
    school: new Map([...structure.schools].sort(byName).map((u, i) => [u.id, i])),
  };
  const itemOrder = new Map(items.map((it, i) => [it.id, i + 3]));
  itemOrder.set('participation', 0);
  itemOrder.set('participation.enrolled', 1);
  itemOrder.set('participation.paper', 2);
  const categoryOrder = new Map(items.map((it) => [it.id, new Map(it.categories.map((c, i) => [c, i]))]));
  const groupRank = (c: PublishedCell) =>
    c.breakdown === 'gender' ? (GENDER_ORDER[c.group] ?? 9) : c.breakdown === 'grade' ? Number(c.group) : 0;
  const categoryRank = (c: PublishedCell) => categoryOrder.get(c.item)?.get(c.category.split('+')[0]!) ?? 0;
  const cells = all.flat();
  // One number per cell (mixed radix of the ranks below), so sorting 800,000 cells allocates nothing per cell.
  const keys = new Float64Array(cells.length);
  cells.forEach((c, i) => {
    let k = LEVEL_ORDER[c.level];
    k = k * 100_000 + (unitOrder[c.level].get(c.unit_id) ?? 0);
    k = k * 3 + BREAKDOWN_ORDER[c.breakdown];
    k = k * 16 + groupRank(c);
    k = k * 4096 + (itemOrder.get(c.item) ?? 0);
    k = k * 3 + STATISTIC_ORDER[c.statistic];
    k = k * 64 + categoryRank(c);
    keys[i] = k;
  });
  const sorted = Uint32Array.from(cells.keys()).sort((a, b) => keys[a]! - keys[b]!);
  return Array.from(sorted, (i) => cells[i]!);
}
