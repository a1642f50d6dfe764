/**
 * Disclosure control for one publication (a wave's release): every number a report, chart, map or
 * export shows passes through `applyDisclosureControl`. Pure: plain data in, plain data out, no
 * I/O. The rules and their numbering follow the design document DISCLOSURE.md.
 *
 * Attacker model of the rank check (rule 5): published group sizes and percentages are treated as
 * exact (rounding to 5 and whole percentages are extra protection, not relied on), so a published
 * cell is an exact linear equation over the unknown atomic counts school × grade × gender (per item
 * and answer category). For one item, knowing a group's n and its category blocks exactly is the
 * same as knowing its "cumulative" counts (children answering category ≥ c) at n and at every block
 * boundary c, so the system splits into one independent layer per boundary c (layer 0 = n), plus a
 * layer for the sums behind published means. A hidden quantity is recoverable iff its group's
 * indicator vector lies in the row space of its layer.
 */
import { createHash } from 'node:crypto';
import { ModRowSpace, RowSpace } from './linear-algebra.ts';

// ---------------------------------------------------------------------------------------------
// Types

/** Rule 1: only these levels exist; there is no class level. */
export type Level = 'city' | 'sozialraum' | 'school';
/** One breakdown at a time; grade × gender is not a predefined table here. */
export type Breakdown = 'none' | 'grade' | 'gender';
export type Statistic = 'n' | 'pct' | 'mean';
/** '' published; bands '<1' / '>99' replace exact 0 % / 100 % below city level. */
export type Flag = '' | 'suppressed' | 'almost_all' | '<1' | '>99';

/** Group of breakdown 'none'. */
export const ALL_GROUP = 'all';

export interface GroupRef {
  level: Level;
  unitId: string;
  breakdown: Breakdown;
  /** 'all' for breakdown none, a grade for grade, a gender code (incl. the remainder) for gender. */
  group: string;
}

export interface CellKey extends GroupRef {
  item: string;
}

export interface ItemInfo {
  id: string;
  /** Sensitive items (sadness, worries, bullying, home, body image) get the stricter thresholds. */
  sensitive: boolean;
  /** Answer codes in scale order; required for items with distributions. */
  categories?: readonly string[];
  /** Scale ends; required for items with means. */
  scale?: { min: number; max: number };
}

/** Exact answer counts of one group for one item; valid n = sum of counts. */
export interface Distribution extends CellKey {
  counts: readonly number[];
}

/** Exact mean input of one group for one item (or index score). */
export interface Mean extends CellKey {
  n: number;
  sum: number;
  /** Smallest and largest individual value in the group (min === max: everyone answered the same). */
  min: number;
  max: number;
}

export interface Hierarchy {
  city: { id: string; name: string };
  sozialraeume: readonly { id: string; name: string; schoolsWithData: number }[];
  schools: readonly { id: string; name: string; sozialraumId: string; grades: readonly string[] }[];
  /** All gender groups, including the remainder ("divers / keine Angabe"). */
  genders: readonly string[];
}

export interface Publication {
  hierarchy: Hierarchy;
  items: readonly ItemInfo[];
  distributions: readonly Distribution[];
  means: readonly Mean[];
  /**
   * Groups that must not be shown whatever their size: a follow-up whose filter answer is not
   * shown (rule 7), a group that differs from an earlier release by a few children (rule 9).
   * Secondary suppression then protects them like any small group.
   */
  forceSuppressed?: readonly CellKey[];
}

/** One row of the long export format (ARCHITECTURE.md). */
export interface PublishedCell {
  level: Level;
  unit_id: string;
  unit_name: string;
  breakdown: Breakdown;
  group: string;
  item: string;
  statistic: Statistic;
  /** Answer code, or merged codes joined by '+' ("4+5"); empty for n and mean. */
  category: string;
  value: number | null;
  flag: Flag;
}

export interface DisclosureConfig {
  nMin: number;
  nMinSensitive: number;
  k: number;
  kSensitive: number;
  minSchoolsPerSozialraum: number;
  roundNTo: number;
  pctDecimals: number;
  meanDecimals: number;
}

export const DEFAULT_DISCLOSURE_CONFIG: Readonly<DisclosureConfig> = Object.freeze({
  nMin: 10,
  nMinSensitive: 20,
  k: 3,
  kSensitive: 5,
  minSchoolsPerSozialraum: 3,
  roundNTo: 5,
  pctDecimals: 0,
  meanDecimals: 1,
});

export class DisclosureInputError extends Error {
  override readonly name = 'DisclosureInputError';
}

// ---------------------------------------------------------------------------------------------
// Small pure helpers (exported for tests)

/** Round half up to a multiple of `step`. */
export function roundToMultiple(n: number, step: number): number {
  return Math.floor(n / step + 0.5) * step;
}

/** Round half up to `decimals` decimals. */
export function roundDecimals(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.floor(x * f + 0.5 + 1e-9) / f;
}

/** Whole (or `decimals`) percentage from exact counts, half up. */
export function percentage(count: number, n: number, decimals = 0): number {
  return roundDecimals((100 * count) / n, decimals);
}

/**
 * Rule 3 merge: while some block holds fewer than k children, merge the smallest block (first one
 * on ties) with its smaller adjacent neighbour (the left one on ties). Returns blocks of category
 * indices in scale order; one block means nothing can be shown.
 */
export function mergeSmallCategories(counts: readonly number[], k: number): number[][] {
  const blocks = counts.map((c, i) => ({ idx: [i], count: c }));
  for (;;) {
    if (blocks.length <= 1) break;
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

// ---------------------------------------------------------------------------------------------
// Hierarchy geometry: atoms (school × grade × gender) and group vectors

const LEVEL_RANK: Record<Level, number> = { city: 0, sozialraum: 1, school: 2 };
const BREAKDOWN_RANK: Record<Breakdown, number> = { none: 0, grade: 1, gender: 2 };

function groupKey(g: GroupRef): string {
  return `${LEVEL_RANK[g.level]}\u0000${g.unitId}\u0000${BREAKDOWN_RANK[g.breakdown]}\u0000${g.group}`;
}

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = create();
    map.set(key, v);
  }
  return v;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class Geometry {
  readonly atoms: { school: string; grade: string; gender: string }[] = [];
  private readonly schoolsBySr = new Map<string, string[]>();
  private readonly names = new Map<string, string>();
  readonly unreportedSr = new Set<string>();

  private readonly minSchools: number;

  constructor(
    readonly h: Hierarchy,
    config: DisclosureConfig,
    signature?: string,
  ) {
    this.minSchools = config.minSchoolsPerSozialraum;
    this.sig = signature;
    this.names.set(`city\u0000${h.city.id}`, h.city.name);
    for (const sr of h.sozialraeume) {
      this.names.set(`sozialraum\u0000${sr.id}`, sr.name);
      this.schoolsBySr.set(sr.id, []);
      // Rule 2: a Sozialraum with fewer schools with data is not a reporting unit of its own.
      if (sr.schoolsWithData < config.minSchoolsPerSozialraum) this.unreportedSr.add(sr.id);
    }
    for (const s of h.schools) {
      const list = this.schoolsBySr.get(s.sozialraumId);
      if (!list) throw new DisclosureInputError(`school ${s.id}: unknown Sozialraum ${s.sozialraumId}`);
      list.push(s.id);
      this.names.set(`school\u0000${s.id}`, s.name);
    }
    // Atoms Sozialraum by Sozialraum, school by school: every group's atoms then lie close
    // together, which keeps the rank check's elimination sparse.
    const schoolById = new Map(h.schools.map((s) => [s.id, s]));
    for (const ids of this.schoolsBySr.values()) {
      for (const id of ids) {
        for (const grade of schoolById.get(id)!.grades) {
          for (const gender of h.genders) this.atoms.push({ school: id, grade, gender });
        }
      }
    }
  }

  unitName(level: Level, unitId: string): string | undefined {
    return this.names.get(`${level}\u0000${unitId}`);
  }

  schoolsOf(level: Level, unitId: string): string[] {
    if (level === 'city') return this.h.schools.map((s) => s.id);
    if (level === 'sozialraum') return this.schoolsBySr.get(unitId) ?? [];
    return [unitId];
  }

  isStructural(g: GroupRef): boolean {
    return g.level === 'sozialraum' && this.unreportedSr.has(g.unitId);
  }

  private readonly vectors = new Map<string, number[]>();
  private sig: string | undefined;

  /** Identifies the hierarchy (and so the atoms) for the rank-check cache. */
  get signature(): string {
    this.sig ??= hierarchyKey(this.h, this.minSchools);
    return this.sig;
  }

  /** Indicator vector of a group over the atoms; throws for groups the hierarchy does not have. */
  vector(g: GroupRef): number[] {
    const key = groupKey(g);
    let v = this.vectors.get(key);
    if (!v) {
      v = this.computeVector(g);
      this.vectors.set(key, v);
    }
    return v;
  }

  private readonly supports = new Map<string, Int32Array>();

  /** Indices of the atoms a group holds (the ones of its vector). */
  support(g: GroupRef): Int32Array {
    const key = groupKey(g);
    let s = this.supports.get(key);
    if (!s) {
      s = this.computeSupport(g);
      this.supports.set(key, s);
    }
    return s;
  }

  private computeVector(g: GroupRef): number[] {
    const v = new Array<number>(this.atoms.length).fill(0);
    for (const i of this.support(g)) v[i] = 1;
    return v;
  }

  private computeSupport(g: GroupRef): Int32Array {
    if (!(g.level in LEVEL_RANK)) throw new DisclosureInputError(`unknown level ${String(g.level)}`);
    if (!(g.breakdown in BREAKDOWN_RANK)) throw new DisclosureInputError(`unknown breakdown ${String(g.breakdown)}`);
    if (this.unitName(g.level, g.unitId) === undefined) {
      throw new DisclosureInputError(`unknown ${g.level} ${g.unitId}`);
    }
    if (g.breakdown === 'none' && g.group !== ALL_GROUP) {
      throw new DisclosureInputError(`breakdown none needs group '${ALL_GROUP}'`);
    }
    const schools = new Set(this.schoolsOf(g.level, g.unitId));
    const out: number[] = [];
    this.atoms.forEach((a, i) => {
      if (!schools.has(a.school)) return;
      if (g.breakdown === 'grade' && a.grade !== g.group) return;
      if (g.breakdown === 'gender' && a.gender !== g.group) return;
      out.push(i);
    });
    if (out.length === 0) {
      throw new DisclosureInputError(`${g.level} ${g.unitId} has no group ${g.breakdown}=${g.group}`);
    }
    return Int32Array.from(out);
  }

  /** Rule 5 families: a published total and its parts, as group refs (existing or not). */
  families(groupsByBreakdown: Map<Breakdown, Set<string>>): { total: GroupRef; parts: GroupRef[] }[] {
    const out: { total: GroupRef; parts: GroupRef[] }[] = [];
    const h = this.h;
    const reportedSrs = h.sozialraeume.filter((sr) => !this.unreportedSr.has(sr.id));
    const looseSchools = h.schools.filter((s) => this.unreportedSr.has(s.sozialraumId));
    for (const [breakdown, groups] of groupsByBreakdown) {
      for (const group of groups) {
        // city → Sozialräume (the schools of an unreported Sozialraum stand in for it)
        out.push({
          total: { level: 'city', unitId: h.city.id, breakdown, group },
          parts: [
            ...reportedSrs.map((sr) => ({ level: 'sozialraum' as const, unitId: sr.id, breakdown, group })),
            ...looseSchools.map((s) => ({ level: 'school' as const, unitId: s.id, breakdown, group })),
          ],
        });
        for (const sr of reportedSrs) {
          out.push({
            total: { level: 'sozialraum', unitId: sr.id, breakdown, group },
            parts: (this.schoolsBySr.get(sr.id) ?? []).map((id) => ({ level: 'school', unitId: id, breakdown, group })),
          });
        }
      }
    }
    const units: { level: Level; unitId: string }[] = [
      { level: 'city', unitId: h.city.id },
      ...reportedSrs.map((sr) => ({ level: 'sozialraum' as const, unitId: sr.id })),
      ...h.schools.map((s) => ({ level: 'school' as const, unitId: s.id })),
    ];
    for (const u of units) {
      for (const breakdown of ['grade', 'gender'] as const) {
        const groups = [...(groupsByBreakdown.get(breakdown) ?? [])];
        out.push({
          total: { ...u, breakdown: 'none', group: ALL_GROUP },
          parts: groups.map((group) => ({ ...u, breakdown, group })),
        });
      }
    }
    return out;
  }
}

/**
 * A release runs the engine once per item over the same few hierarchies; the geometry (atoms and
 * group supports) only depends on the hierarchy and the Sozialraum rule, so it is built once.
 */
const geometries = new Map<string, Geometry>();

/** Everything a geometry depends on, hashed once per hierarchy. */
function hierarchyKey(h: Hierarchy, minSchools: number): string {
  return createHash('sha1')
    .update(`${minSchools}\u0000${JSON.stringify(h)}`)
    .digest('base64');
}

function geometryFor(h: Hierarchy, config: DisclosureConfig): Geometry {
  const key = hierarchyKey(h, config.minSchoolsPerSozialraum);
  let geo = geometries.get(key);
  if (!geo) {
    geo = new Geometry(h, config, key);
    if (geometries.size >= 16) geometries.clear();
    geometries.set(key, geo);
  }
  return geo;
}

// ---------------------------------------------------------------------------------------------
// Rank check core

/** A hidden quantity an attacker can compute exactly from published cells. */
export interface Recovery extends CellKey {
  /** 'n' (group size), 'mean' (the sum behind a mean), or 'boundary:c' (children answering at category index ≥ c). */
  layer: string;
  /** Published groups (same item) that a linear combination uses. */
  using: GroupRef[];
}

interface Layer {
  name: string;
  published: GroupRef[];
  hidden: GroupRef[];
}

interface Space {
  add(g: GroupRef): void;
  express(g: GroupRef): number[] | null;
}

/** Exact arithmetic for the verifier; the engine's own fast modular pass is cross-checked against it. */
function exactSpace(geo: Geometry): Space {
  const space = new RowSpace(geo.atoms.length);
  return { add: (g) => space.add(geo.vector(g)), express: (g) => space.express(geo.vector(g)) };
}

function fastSpace(geo: Geometry, trackCombos: boolean): Space {
  const space = new ModRowSpace(geo.atoms.length, trackCombos);
  return { add: (g) => space.add(geo.support(g)), express: (g) => space.express(geo.support(g)) };
}

/**
 * Answers of the fast rank check by (hierarchy, published groups, hidden groups): a release asks
 * the same question for many items (items of one form with similar group sizes suppress the same
 * groups), and the answer is a pure function of those three.
 */
const rankCache = new Map<string, { target: GroupRef; using: GroupRef[] }[]>();
const RANK_CACHE_ENTRIES = 5000;

function recoverable(
  geo: Geometry,
  layer: Layer,
  firstOnly: boolean,
  makeSpace: (geo: Geometry, trackCombos: boolean) => Space = fastSpace,
): { target: GroupRef; using: GroupRef[] }[] {
  if (layer.hidden.length === 0 || layer.published.length === 0) return [];
  if (makeSpace !== fastSpace) return recoverableUncached(geo, layer, firstOnly, makeSpace);
  const key = createHash('sha1')
    .update(geo.signature)
    .update(layer.published.map(groupKey).join('\u0001'))
    .update('\u0002')
    .update(layer.hidden.map(groupKey).join('\u0001'))
    .update(firstOnly ? '1' : '0')
    .digest('base64');
  let found = rankCache.get(key);
  if (!found) {
    found = recoverableUncached(geo, layer, firstOnly, makeSpace);
    if (rankCache.size >= RANK_CACHE_ENTRIES) rankCache.clear();
    rankCache.set(key, found);
  }
  return found;
}

function recoverableUncached(
  geo: Geometry,
  layer: Layer,
  firstOnly: boolean,
  makeSpace: (geo: Geometry, trackCombos: boolean) => Space,
): { target: GroupRef; using: GroupRef[] }[] {
  const found: { target: GroupRef; using: GroupRef[] }[] = [];
  // Schools first: their rows are local to one school's atoms, so elimination stays sparse.
  const published = [...layer.published].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]);
  const build = (track: boolean) => {
    const space = makeSpace(geo, track);
    for (const g of published) space.add(g);
    return space;
  };
  // Fast pass without bookkeeping; only a hit needs to know which published cells it combines.
  const space = build(false);
  let tracked: Space | undefined;
  for (const t of layer.hidden) {
    if (!space.express(t)) continue;
    tracked ??= build(true);
    const support = tracked.express(t)!;
    found.push({ target: t, using: support.map((i) => published[i]!) });
    if (firstOnly) break;
  }
  return found;
}

function sortRefs<T extends GroupRef>(refs: T[]): T[] {
  return refs.sort((a, b) => cmp(groupKey(a), groupKey(b)));
}

// ---------------------------------------------------------------------------------------------
// The engine

type CatStatus = 'ok' | 'almost_all' | 'suppressed';

interface GroupState {
  ref: GroupRef;
  n: number;
  counts?: readonly number[];
  mean?: Mean;
  structural: boolean;
  suppressed: boolean;
  cat: CatStatus;
  /** Category index blocks (when cat is ok). */
  blocks: number[][];
  mode: number;
  meanSuppressed: boolean;
}

function boundaries(blocks: number[][]): number[] {
  return blocks.slice(1).map((b) => b[0]!);
}

function isPublished(s: GroupState): boolean {
  return !s.suppressed && !s.structural;
}

function suppressGroup(s: GroupState): void {
  s.suppressed = true;
  s.cat = 'suppressed';
  s.meanSuppressed = true;
}

/** Rule 3 failed for this group: categories cannot be shown, nor (rule 4) the mean. */
function suppressCategories(s: GroupState): void {
  s.cat = 'suppressed';
  s.blocks = [];
  s.meanSuppressed = true;
}

function itemLayers(states: GroupState[], nCategories: number): Layer[] {
  const layers: Layer[] = [];
  const pub = states.filter(isPublished);
  layers.push({
    name: 'n',
    published: pub.map((s) => s.ref),
    hidden: states.filter((s) => s.suppressed && !s.structural).map((s) => s.ref),
  });
  for (let c = 1; c < nCategories; c++) {
    const withDist = pub.filter((s) => s.counts);
    const has = (s: GroupState) => s.cat === 'ok' && boundaries(s.blocks).includes(c);
    layers.push({
      name: `boundary:${c}`,
      published: withDist.filter(has).map((s) => s.ref),
      hidden: withDist.filter((s) => !has(s)).map((s) => s.ref),
    });
  }
  const withMean = pub.filter((s) => s.mean);
  layers.push({
    name: 'mean',
    published: withMean.filter((s) => !s.meanSuppressed).map((s) => s.ref),
    hidden: withMean.filter((s) => s.meanSuppressed).map((s) => s.ref),
  });
  return layers;
}

/** Rule 5 parent–children pattern, iterated to a fixed point. */
function applyParentChildRule(
  families: { total: GroupRef; parts: GroupRef[] }[],
  byKey: Map<string, GroupState>,
  threshold: number,
): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const fam of families) {
      const total = byKey.get(groupKey(fam.total));
      if (!total || !isPublished(total)) continue;
      const parts = fam.parts.map((p) => byKey.get(groupKey(p))).filter((p): p is GroupState => p !== undefined);
      const hidden = parts.filter((p) => !isPublished(p));
      if (hidden.length === 0) continue;
      let held = hidden.reduce((a, p) => a + p.n, 0);
      let count = hidden.length;
      if (count >= 2 && held >= threshold) continue;
      const candidates = parts.filter(isPublished).sort((a, b) => a.n - b.n || cmp(groupKey(a.ref), groupKey(b.ref)));
      const extra: GroupState[] = [];
      for (const c of candidates) {
        if (count >= 2 && held >= threshold) break;
        extra.push(c);
        held += c.n;
        count++;
      }
      if (count >= 2 && held >= threshold) for (const e of extra) suppressGroup(e);
      else suppressGroup(total);
      changed = true;
    }
  }
}

/**
 * Rank-check audit of one layer: for every hidden quantity an attacker could recompute, removes the
 * smallest published group its combination uses (children before totals). Hits whose combination
 * an earlier removal of the same round already broke wait for the next round, which rebuilds the
 * space; true if anything was removed.
 */
function auditOnce(
  geo: Geometry,
  states: GroupState[],
  byKey: Map<string, GroupState>,
  nCategories: number,
  layerName: string,
): boolean {
  const layer = itemLayers(states, nCategories).find((l) => l.name === layerName);
  if (!layer) return false;
  const removed = new Set<string>();
  for (const hit of recoverable(geo, layer, false)) {
    if (hit.using.some((r) => removed.has(groupKey(r)))) continue;
    const victim = hit.using
      .map((r) => byKey.get(groupKey(r))!)
      .sort(
        (a, b) =>
          a.n - b.n || LEVEL_RANK[b.ref.level] - LEVEL_RANK[a.ref.level] || cmp(groupKey(a.ref), groupKey(b.ref)),
      )[0]!;
    removed.add(groupKey(victim.ref));
    if (layer.name === 'n') suppressGroup(victim);
    else if (layer.name === 'mean') victim.meanSuppressed = true;
    else {
      const c = Number(layer.name.slice('boundary:'.length));
      const i = victim.blocks.findIndex((b) => b[0] === c);
      victim.blocks.splice(i - 1, 2, [...victim.blocks[i - 1]!, ...victim.blocks[i]!]);
      if (victim.blocks.length <= 1) suppressCategories(victim);
    }
  }
  return removed.size > 0;
}

function validateCounts(d: Distribution, item: ItemInfo): void {
  if (!item.categories) throw new DisclosureInputError(`item ${item.id} has distributions but no categories`);
  if (d.counts.length !== item.categories.length) {
    throw new DisclosureInputError(
      `item ${item.id}: ${d.counts.length} counts for ${item.categories.length} categories`,
    );
  }
  for (const c of d.counts) {
    if (!Number.isSafeInteger(c) || c < 0) throw new DisclosureInputError(`item ${item.id}: bad count ${c}`);
  }
}

/**
 * Applies rules 1–6 and 8 to one publication and returns every cell it shows, in a canonical
 * order (rule 11: the same input, in any order, gives identical output).
 */
export function applyDisclosureControl(
  publication: Publication,
  config: DisclosureConfig = DEFAULT_DISCLOSURE_CONFIG,
): PublishedCell[] {
  const geo = geometryFor(publication.hierarchy, config);
  const items = new Map(publication.items.map((i) => [i.id, i]));
  const byItem = new Map<string, Map<string, GroupState>>();

  const stateFor = (key: CellKey, n: number): GroupState => {
    const item = items.get(key.item);
    if (!item) throw new DisclosureInputError(`unknown item ${key.item}`);
    geo.support(key); // validates level, unit and group
    const m = getOrCreate(byItem, key.item, () => new Map<string, GroupState>());
    const k = groupKey(key);
    let s = m.get(k);
    if (!s) {
      const ref: GroupRef = { level: key.level, unitId: key.unitId, breakdown: key.breakdown, group: key.group };
      s = {
        ref,
        n,
        structural: geo.isStructural(ref),
        suppressed: false,
        cat: 'ok',
        blocks: [],
        mode: 0,
        meanSuppressed: false,
      };
      m.set(k, s);
    } else if (s.n !== n) {
      throw new DisclosureInputError(`item ${key.item} ${key.level} ${key.unitId} ${key.group}: n ${s.n} vs ${n}`);
    }
    return s;
  };

  for (const d of publication.distributions) {
    const item = items.get(d.item);
    if (!item) throw new DisclosureInputError(`unknown item ${d.item}`);
    validateCounts(d, item);
    const s = stateFor(
      d,
      d.counts.reduce((a, b) => a + b, 0),
    );
    if (s.counts) throw new DisclosureInputError(`duplicate distribution ${d.item} ${d.level} ${d.unitId} ${d.group}`);
    s.counts = d.counts;
  }
  for (const m of publication.means) {
    const item = items.get(m.item);
    if (!item?.scale) throw new DisclosureInputError(`item ${m.item} has means but no scale`);
    if (!Number.isSafeInteger(m.n) || m.n < 0) throw new DisclosureInputError(`item ${m.item}: bad n ${m.n}`);
    const s = stateFor(m, m.n);
    if (s.mean) throw new DisclosureInputError(`duplicate mean ${m.item} ${m.level} ${m.unitId} ${m.group}`);
    s.mean = m;
  }

  const forced = new Set((publication.forceSuppressed ?? []).map((c) => `${groupKey(c)}\u0000${c.item}`));

  const itemIds = [...byItem.keys()].sort(cmp);
  for (const itemId of itemIds) {
    const item = items.get(itemId)!;
    const byKey = byItem.get(itemId)!;
    const states = [...byKey.values()].sort((a, b) => cmp(groupKey(a.ref), groupKey(b.ref)));
    const threshold = item.sensitive ? config.nMinSensitive : config.nMin;
    const k = item.sensitive ? config.kSensitive : config.k;

    for (const s of states) {
      // Rule 2: minimum group size (an empty group is suppressed too, so that its emptiness and a
      // tiny group look the same).
      if (s.structural || s.n < threshold || forced.has(`${groupKey(s.ref)}\u0000${itemId}`)) suppressGroup(s);
      if (s.suppressed) continue;
      // Rule 3: group disclosure.
      if (s.counts) {
        const max = Math.max(...s.counts);
        if (s.n - max < k) {
          s.cat = 'almost_all';
          s.mode = s.counts.indexOf(max);
          s.meanSuppressed = true;
        } else {
          s.blocks = mergeSmallCategories(s.counts, k);
          if (s.blocks.length <= 1) suppressCategories(s);
        }
      }
      // Rule 4: means.
      if (s.mean && item.scale) {
        const shown = roundDecimals(s.mean.sum / s.mean.n, config.meanDecimals);
        if (s.mean.min === s.mean.max || shown <= item.scale.min || shown >= item.scale.max) s.meanSuppressed = true;
      }
    }

    // Rule 5: parent–children pattern and rank check, together to a fixed point.
    const groupsByBreakdown = new Map<Breakdown, Set<string>>();
    for (const s of states) {
      getOrCreate(groupsByBreakdown, s.ref.breakdown, () => new Set<string>()).add(s.ref.group);
    }
    for (const set of groupsByBreakdown.values()) {
      const sorted = [...set].sort(cmp);
      set.clear();
      for (const g of sorted) set.add(g);
    }
    const families = geo.families(groupsByBreakdown);
    const nCategories = item.categories?.length ?? 0;
    const audit = (layer: string) => auditOnce(geo, states, byKey, nCategories, layer);
    do applyParentChildRule(families, byKey, threshold);
    while (audit('n'));
    // Group sizes are settled now; category and mean fixes never hide a group, only more detail.
    for (let again = true; again; ) {
      again = false;
      for (let c = 1; c < nCategories; c++) while (audit(`boundary:${c}`)) again = true;
    }
    while (audit('mean'));
  }

  return render(geo, items, byItem, config);
}

function render(
  geo: Geometry,
  items: Map<string, ItemInfo>,
  byItem: Map<string, Map<string, GroupState>>,
  config: DisclosureConfig,
): PublishedCell[] {
  const out: { key: string; cells: PublishedCell[] }[] = [];
  for (const [itemId, byKey] of byItem) {
    const item = items.get(itemId)!;
    for (const s of byKey.values()) {
      const { level, unitId, breakdown, group } = s.ref;
      const base = { level, unit_id: unitId, unit_name: geo.unitName(level, unitId)!, breakdown, group, item: itemId };
      const cells: PublishedCell[] = [];
      const shown = isPublished(s);
      // Rule 6: group sizes rounded; rule 8: a suppressed cell is an empty value.
      cells.push({
        ...base,
        statistic: 'n',
        category: '',
        value: shown ? roundToMultiple(s.n, config.roundNTo) : null,
        flag: shown ? '' : 'suppressed',
      });
      if (s.counts) {
        const codes = item.categories!;
        if (shown && s.cat === 'ok') {
          for (const block of s.blocks) {
            const count = block.reduce((a, i) => a + s.counts![i]!, 0);
            const pct = percentage(count, s.n, config.pctDecimals);
            const category = block.map((i) => codes[i]).join('+');
            // Rule 3: no exact 0 % or 100 % below city level.
            if (level !== 'city' && pct <= 0)
              cells.push({ ...base, statistic: 'pct', category, value: null, flag: '<1' });
            else if (level !== 'city' && pct >= 100) {
              cells.push({ ...base, statistic: 'pct', category, value: null, flag: '>99' });
            } else cells.push({ ...base, statistic: 'pct', category, value: pct, flag: '' });
          }
        } else {
          codes.forEach((code, i) => {
            const flag: Flag = shown && s.cat === 'almost_all' && i === s.mode ? 'almost_all' : 'suppressed';
            cells.push({ ...base, statistic: 'pct', category: code, value: null, flag });
          });
        }
      }
      if (s.mean) {
        const ok = shown && !s.meanSuppressed;
        cells.push({
          ...base,
          statistic: 'mean',
          category: '',
          value: ok ? roundDecimals(s.mean.sum / s.mean.n, config.meanDecimals) : null,
          flag: ok ? '' : 'suppressed',
        });
      }
      out.push({ key: `${groupKey(s.ref)}\u0000${itemId}`, cells });
    }
  }
  return out.sort((a, b) => cmp(a.key, b.key)).flatMap((x) => x.cells);
}

// ---------------------------------------------------------------------------------------------
// Verification from the published output alone

/**
 * The rank check (DISCLOSURE.md rule 5) run on published rows only: every hidden group size,
 * hidden category boundary of a shown group, and hidden mean that an attacker could compute
 * exactly as a linear combination of published numbers (treated as exact). Sozialräume that are
 * not reported on their own (too few schools) are not targets: they are only sums of their
 * schools, shown or not. Empty result = safe.
 */
export function rankCheck(
  published: readonly PublishedCell[],
  hierarchy: Hierarchy,
  items: readonly ItemInfo[],
  config: DisclosureConfig = DEFAULT_DISCLOSURE_CONFIG,
): Recovery[] {
  const geo = new Geometry(hierarchy, config);
  const itemInfo = new Map(items.map((i) => [i.id, i]));
  type Seen = { ref: GroupRef; n: boolean; pct: PublishedCell[]; mean?: boolean };
  const byItem = new Map<string, Map<string, Seen>>();
  for (const c of published) {
    const ref: GroupRef = { level: c.level, unitId: c.unit_id, breakdown: c.breakdown, group: c.group };
    const m = getOrCreate(byItem, c.item, () => new Map<string, Seen>());
    const s = getOrCreate(m, groupKey(ref), (): Seen => ({ ref, n: false, pct: [] }));
    if (c.statistic === 'n') s.n = c.value !== null;
    else if (c.statistic === 'pct') s.pct.push(c);
    else s.mean = c.value !== null;
  }
  const result: Recovery[] = [];
  for (const itemId of [...byItem.keys()].sort(cmp)) {
    const seen = sortRefs([...byItem.get(itemId)!.values()].map((s) => ({ ...s.ref, s }))).map((x) => x.s);
    const codes = itemInfo.get(itemId)?.categories ?? [];
    const shownBoundaries = (s: Seen): number[] => {
      if (!s.n || s.pct.length === 0) return [];
      if (s.pct.some((c) => c.flag === 'suppressed' || c.flag === 'almost_all')) return [];
      const starts = s.pct.map((c) => codes.indexOf(c.category.split('+')[0]!));
      return starts.slice(1);
    };
    const pub = seen.filter((s) => s.n);
    const layers: Layer[] = [
      {
        name: 'n',
        published: pub.map((s) => s.ref),
        hidden: seen.filter((s) => !s.n && !geo.isStructural(s.ref)).map((s) => s.ref),
      },
    ];
    for (let c = 1; c < codes.length; c++) {
      const withPct = pub.filter((s) => s.pct.length > 0);
      layers.push({
        name: `boundary:${c}`,
        published: withPct.filter((s) => shownBoundaries(s).includes(c)).map((s) => s.ref),
        hidden: withPct.filter((s) => !shownBoundaries(s).includes(c)).map((s) => s.ref),
      });
    }
    layers.push({
      name: 'mean',
      published: pub.filter((s) => s.mean === true).map((s) => s.ref),
      hidden: pub.filter((s) => s.mean === false).map((s) => s.ref),
    });
    for (const layer of layers) {
      for (const hit of recoverable(geo, layer, false, exactSpace)) {
        result.push({ ...hit.target, item: itemId, layer: layer.name, using: hit.using });
      }
    }
  }
  return result;
}

/** True if any hidden number of the publication can be recomputed exactly (see `rankCheck`). */
export function attackerCanRecover(
  published: readonly PublishedCell[],
  hierarchy: Hierarchy,
  items: readonly ItemInfo[],
  config: DisclosureConfig = DEFAULT_DISCLOSURE_CONFIG,
): boolean {
  return rankCheck(published, hierarchy, items, config).length > 0;
}
