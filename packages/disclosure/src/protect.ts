/**
 * Disclosure control of one reported item (and of the participation figures) over every predefined
 * group of a release: rules 3, 4, 6, 7 and 8 of DISCLOSURE.md (version 2). Pure: plain data in,
 * the published rows of the long export format out.
 *
 * What is decided on exact numbers: whether a group is shown at all (rule 3), which categories are
 * merged or banded (rule 6), whether a mean may be shown. What is published: every count perturbed
 * by the cell key method (rule 4), percentages from perturbed counts over the perturbed n, means
 * with magnitude noise. No secondary suppression (rule 5): differencing published numbers only ever
 * gives noisy values.
 */
import type { ReportCell } from '@uwe/schema';
import { cellKey, perturbMean } from './cell-key.ts';
import { type DisclosureConfig, DisclosureInputError } from './config.ts';
import { type PTable, perturbCount } from './ptable.ts';

export type Level = ReportCell['level'];
export type Breakdown = ReportCell['breakdown'];
export type Flag = '' | 'suppressed' | 'almost_all' | '<1' | '>99';

/** A published row; `exact` (the unprotected value) only when asked for, for measuring utility. */
export interface PublishedCell extends ReportCell {
  flag: Flag;
  exact?: number | null;
}

/** Group of breakdown 'none'. */
export const ALL_GROUP = 'all';

export interface GroupRef {
  level: Level;
  unitId: string;
  breakdown: Breakdown;
  /** 'all', a grade, or a gender group. */
  group: string;
}

/** Stable text key of a group. */
export function groupKey(g: GroupRef): string {
  return `${g.level}|${g.unitId}|${g.breakdown}|${g.group}`;
}

export interface ItemSpec {
  id: string;
  sensitive: boolean;
  /** Answer codes in scale order. */
  categories: readonly string[];
  /** Scale ends of the value behind a mean; null: no mean. */
  scale: { min: number; max: number } | null;
}

export interface GroupInput extends GroupRef {
  unitName: string;
  /** False for a Sozialraum with too few schools with data (rule 3): shown as "keine Angabe". */
  reportable: boolean;
  /** Exact answer counts per category. */
  counts: ArrayLike<number>;
  /** Key sums (modulo 2³²) of the records in each category. */
  keys: ArrayLike<number>;
  mean?: { n: number; sum: number; min: number; max: number; key: number };
}

export interface ProtectContext {
  config: DisclosureConfig;
  ptable: PTable;
  /** Attach the exact value to every cell (benchmarks only; never stored). */
  withExact?: boolean;
}

/** Round half up to `decimals` decimals. */
export function roundDecimals(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.floor(x * f + 0.5 + 1e-9) / f;
}

/**
 * Rule 6 merge: while some block holds fewer than k children, merge the smallest block (first one
 * on ties) with its smaller adjacent neighbour (the left one on ties). Returns blocks of category
 * indices in scale order; one block means nothing can be shown.
 */
export function mergeSmallCategories(counts: ArrayLike<number>, k: number): number[][] {
  const blocks = Array.from(counts, (c, i) => ({ idx: [i], count: c }));
  while (blocks.length > 1) {
    let s = -1;
    for (let i = 0; i < blocks.length; i++) {
      if (blocks[i]!.count < k && (s < 0 || blocks[i]!.count < blocks[s]!.count)) s = i;
    }
    if (s < 0) break;
    const left = blocks[s - 1];
    const right = blocks[s + 1];
    const into = right === undefined || (left !== undefined && left.count <= right.count) ? s - 1 : s + 1;
    const [a, b] = into < s ? [into, s] : [s, into];
    blocks.splice(a, 2, { idx: [...blocks[a]!.idx, ...blocks[b]!.idx], count: blocks[a]!.count + blocks[b]!.count });
  }
  return blocks.map((b) => b.idx);
}

function sum(values: ArrayLike<number>, idx: readonly number[]): number {
  let s = 0;
  for (const i of idx) s += values[i]!;
  return s;
}

function keySum(keys: ArrayLike<number>, idx: readonly number[]): number {
  let s = 0;
  for (const i of idx) s = (s + keys[i]!) % 2 ** 32;
  return s;
}

/** One row, built as a literal of one fixed shape (a release has hundreds of thousands). */
function row(
  g: GroupRef & { unitName: string },
  item: string,
  statistic: PublishedCell['statistic'],
  category: string,
  value: number | null,
  flag: Flag,
): PublishedCell {
  return {
    level: g.level,
    unit_id: g.unitId,
    unit_name: g.unitName,
    breakdown: g.breakdown,
    group: g.group,
    item,
    statistic,
    category,
    value,
    flag,
  };
}

/** A percentage of perturbed counts; no exact 0 % or 100 % below city level (rule 6). */
function pctCell(
  g: GroupRef & { unitName: string },
  item: string,
  category: string,
  count: number,
  n: number,
  decimals: number,
): PublishedCell {
  const value = roundDecimals(Math.min(100, Math.max(0, (100 * count) / n)), decimals);
  if (g.level !== 'city' && value <= 0) return row(g, item, 'pct', category, null, '<1');
  if (g.level !== 'city' && value >= 100) return row(g, item, 'pct', category, null, '>99');
  return row(g, item, 'pct', category, value, '');
}

/**
 * Every row one item publishes for the given groups, and the groups whose n is shown (rule 7:
 * follow-ups of this item may appear only there). `filterShown` is the follow-up's filter: a group
 * it did not show stays hidden here too.
 */
export function protectItem(
  item: ItemSpec,
  groups: readonly GroupInput[],
  ctx: ProtectContext,
  filterShown?: ReadonlySet<string>,
): { cells: PublishedCell[]; shown: Set<string> } {
  const { config, ptable } = ctx;
  const threshold = item.sensitive ? config.nMinSensitive : config.nMin;
  const k = item.sensitive ? config.kSensitive : config.k;
  const nCat = item.categories.length;
  const cells: PublishedCell[] = [];
  const shownGroups = new Set<string>();
  const withExact = ctx.withExact === true;

  for (const g of groups) {
    if (g.counts.length !== nCat || g.keys.length !== nCat) {
      throw new DisclosureInputError(`item ${item.id}: ${g.counts.length} counts for ${nCat} categories`);
    }
    const all = item.categories.map((_, i) => i);
    const n = sum(g.counts, all);
    const id = groupKey(g);
    const shown = g.reportable && n >= threshold && (filterShown === undefined || filterShown.has(id));
    const push = (cell: PublishedCell, exact: number | null) => {
      if (withExact) cell.exact = exact;
      cells.push(cell);
    };
    const hidden = (statistic: PublishedCell['statistic'], category: string, flag: Flag = 'suppressed') =>
      push(row(g, item.id, statistic, category, null, flag), null);

    if (!shown) {
      hidden('n', '');
      if (nCat > 0) for (const code of item.categories) hidden('pct', code);
      if (item.scale) hidden('mean', '');
      continue;
    }
    shownGroups.add(id);
    const nShown = perturbCount(ptable, n, cellKey(keySum(g.keys, all)));
    push(row(g, item.id, 'n', '', nShown, ''), n);

    // Rule 6: group disclosure, decided on the exact counts.
    let meanAllowed = true;
    let max = 0;
    for (let i = 0; i < nCat; i++) max = Math.max(max, g.counts[i]!);
    if (n - max < k) {
      const mode = all.find((i) => g.counts[i] === max)!;
      for (let i = 0; i < nCat; i++) hidden('pct', item.categories[i]!, i === mode ? 'almost_all' : 'suppressed');
      meanAllowed = false;
    } else {
      const blocks = mergeSmallCategories(g.counts, k);
      if (blocks.length <= 1) {
        for (const code of item.categories) hidden('pct', code);
        meanAllowed = false;
      } else {
        for (const block of blocks) {
          const count = sum(g.counts, block);
          const shownCount = perturbCount(ptable, count, cellKey(keySum(g.keys, block)));
          const category = block.map((i) => item.categories[i]).join('+');
          push(pctCell(g, item.id, category, shownCount, nShown, config.pctDecimals), (100 * count) / n);
        }
      }
    }

    if (item.scale) {
      const m = g.mean;
      const step = 10 ** -config.meanDecimals;
      const exactMean = m && m.n > 0 ? m.sum / m.n : null;
      const rounded = exactMean === null ? null : roundDecimals(exactMean, config.meanDecimals);
      if (
        !m ||
        exactMean === null ||
        rounded === null ||
        !meanAllowed ||
        m.n < threshold ||
        m.min === m.max ||
        rounded <= item.scale.min ||
        rounded >= item.scale.max
      ) {
        hidden('mean', '');
      } else {
        const noisy = perturbMean(m, item.scale.max - item.scale.min, config.meanNoiseShare);
        const value = roundDecimals(
          Math.min(item.scale.max - step, Math.max(item.scale.min + step, noisy)),
          config.meanDecimals,
        );
        push(row(g, item.id, 'mean', '', value, ''), exactMean);
      }
    }
  }
  return { cells, shown: shownGroups };
}

export interface ParticipationInput extends GroupRef {
  unitName: string;
  reportable: boolean;
  /** Responses that count (finished, or partial after the session's grace period). */
  tookPart: number;
  tookPartKey: number;
  /** Sum of the class sizes teachers entered; null where a session of the group has none. */
  enrolled: number | null;
  enrolledKey: number;
  /** Of those who took part, how many on paper (typed in by staff), with their key sum. */
  paper?: number;
  paperKey?: number;
}

export const PARTICIPATION_ID = 'participation';
export const ENROLLED_ID = 'participation.enrolled';
export const RESPONSE_RATE = 'response_rate';
/** Responses from paper questionnaires: n, and their share of those who took part as pct `paper_share`. */
export const PAPER_ID = 'participation.paper';
export const PAPER_SHARE = 'paper_share';

/**
 * Participation of every group: children who took part and the class sizes, both perturbed like any
 * count (rule 4; rule 12: no exact count below city level), and the response rate from the two.
 */
export function protectParticipation(groups: readonly ParticipationInput[], ctx: ProtectContext): PublishedCell[] {
  const { config, ptable } = ctx;
  const withExact = ctx.withExact === true;
  const cells: PublishedCell[] = [];
  for (const g of groups) {
    const push = (cell: PublishedCell, exact: number | null) => {
      if (withExact) cell.exact = exact;
      cells.push(cell);
    };
    const shown = g.reportable && g.tookPart > 0;
    const took = shown ? perturbCount(ptable, g.tookPart, cellKey(g.tookPartKey)) : null;
    const enrolled =
      shown && g.enrolled !== null && g.enrolled > 0 ? perturbCount(ptable, g.enrolled, cellKey(g.enrolledKey)) : null;
    push(row(g, PARTICIPATION_ID, 'n', '', took, took === null ? 'suppressed' : ''), shown ? g.tookPart : null);
    if (took !== null && enrolled !== null) {
      const exactRate = g.enrolled ? (100 * g.tookPart) / g.enrolled : null;
      push(pctCell(g, PARTICIPATION_ID, RESPONSE_RATE, took, enrolled, config.pctDecimals), exactRate);
    } else {
      push(row(g, PARTICIPATION_ID, 'pct', RESPONSE_RATE, null, 'suppressed'), null);
    }
    push(row(g, ENROLLED_ID, 'n', '', enrolled, enrolled === null ? 'suppressed' : ''), shown ? g.enrolled : null);
    if (g.paper !== undefined) {
      // Perturbed like any count; the share from the two perturbed counts. The same records give
      // the same noise, so a group answering only on paper reads "> 99 %". Like every published
      // count, an n is never 0: a group without paper sheets reads "keine Angabe".
      const paper = took !== null && g.paper > 0 ? perturbCount(ptable, g.paper, cellKey(g.paperKey ?? 0)) : null;
      push(row(g, PAPER_ID, 'n', '', paper, paper === null ? 'suppressed' : ''), shown ? g.paper : null);
      if (paper !== null && took !== null) {
        push(
          pctCell(g, PAPER_ID, PAPER_SHARE, Math.min(paper, took), took, config.pctDecimals),
          (100 * g.paper) / g.tookPart,
        );
      } else {
        push(row(g, PAPER_ID, 'pct', PAPER_SHARE, null, 'suppressed'), shown ? 0 : null);
      }
    }
  }
  return cells;
}
