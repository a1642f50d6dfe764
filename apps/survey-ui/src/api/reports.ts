import { queryOptions } from '@tanstack/react-query';
import type {
  Comparison,
  Geography,
  Release,
  ReleasePreview,
  ReportCatalogue,
  ReportCells,
  ReportLevel,
  ReportWave,
} from '@uwe/schema';
import { HttpError, request } from './http.ts';

const id = (v: string) => encodeURIComponent(v);
const base = (waveId: string) => `/api/reports/waves/${id(waveId)}`;

export const listReportWaves = () => request<ReportWave[]>('GET', '/api/reports/waves');

export const listReleases = (waveId: string) => request<Release[]>('GET', `${base(waveId)}/releases`);
export const getRelease = (waveId: string, number: number) =>
  request<Release>('GET', `${base(waveId)}/releases/${number}`);
/**
 * Starts building a release (admin); answers at once with the release in status 'building'.
 * `makeCurrent`: monitoring staff read it once it is ready (the API's default).
 */
export const createRelease = (waveId: string, makeCurrent = true) =>
  request<Release>('POST', `${base(waveId)}/releases?makeCurrent=${makeCurrent}`);
/** What a new release would show, hide or change against the current one, per level (admin); builds nothing. */
export const previewRelease = (waveId: string) => request<ReleasePreview>('POST', `${base(waveId)}/releases/preview`);
/** Chooses the ready release monitoring staff read (admin). */
export const setCurrentRelease = (waveId: string, release: number) =>
  request<Release>('PUT', `${base(waveId)}/current`, { release });

export const getCatalogue = (waveId: string, release: number) =>
  request<ReportCatalogue>('GET', `${base(waveId)}/catalogue?release=${release}`);

/**
 * Sozialraum cells by residence read as Sozialraum cells: the pages show one geography at a time,
 * so the chosen one's Sozialräume are simply "the Sozialräume" there.
 */
const asSozialraum = (r: ReportCells): ReportCells => ({
  ...r,
  cells: r.cells.map((c) => (c.level === 'residence' ? { ...c, level: 'sozialraum' } : c)),
});
const geo = (geography: Geography) => (geography === 'residence' ? '&geography=residence' : '');

/** Participation, indices, assets and scales of every unit of a level (whole groups only). */
export const getOverview = (waveId: string, level: ReportLevel, release: number, geography: Geography) =>
  request<ReportCells>('GET', `${base(waveId)}/overview?level=${level}&release=${release}${geo(geography)}`).then(
    asSozialraum,
  );

/** Every number of one unit, all breakdowns: the school or Sozialraum report. */
export const getUnitCells = (
  waveId: string,
  level: ReportLevel,
  unitId: string,
  release: number,
  geography: Geography = 'school_location',
) =>
  request<ReportCells>('GET', `${base(waveId)}/units/${level}/${id(unitId)}?release=${release}${geo(geography)}`).then(
    asSozialraum,
  );

/** One item (or scale, index, asset) for every unit of a level, all breakdowns. */
export const getItemCells = (waveId: string, itemId: string, level: ReportLevel, release: number) =>
  request<ReportCells>('GET', `${base(waveId)}/items/${id(itemId)}?level=${level}&release=${release}`);

/** Indices and scales of one unit across waves; reads each wave's current release. */
export const getComparison = (waveId: string, level: ReportLevel, unitId: string) =>
  request<Comparison>('GET', `${base(waveId)}/comparison?level=${level}&unitId=${id(unitId)}`);

export const exportUrl = (waveId: string, format: 'csv' | 'xlsx', release: number) =>
  `${base(waveId)}/export.${format}?release=${release}`;

/**
 * Server state of the monitoring pages for TanStack Query. A ready release is frozen, so whatever
 * was read for a release number stays right for good (`staleTime: Infinity`): moving between the
 * pages does not download a school report again. The wave list and the comparison (which reads each
 * wave's current release) do go stale.
 */
export const reportKeys = {
  all: ['reports'] as const,
  waves: ['reports', 'waves'] as const,
  wave: (waveId: string) => ['reports', 'waves', waveId] as const,
  release: (waveId: string, release: number) => ['reports', 'waves', waveId, 'release', release] as const,
};

const frozen = { staleTime: Number.POSITIVE_INFINITY };

export const reportQueries = {
  waves: () => queryOptions({ queryKey: reportKeys.waves, queryFn: listReportWaves }),
  releases: (waveId: string) =>
    queryOptions({ queryKey: [...reportKeys.wave(waveId), 'releases'], queryFn: () => listReleases(waveId) }),
  catalogue: (waveId: string, release: number) =>
    queryOptions({
      queryKey: [...reportKeys.release(waveId, release), 'catalogue'],
      queryFn: () => getCatalogue(waveId, release),
      ...frozen,
    }),
  overview: (waveId: string, level: ReportLevel, release: number, geography: Geography = 'school_location') =>
    queryOptions({
      queryKey: [...reportKeys.release(waveId, release), 'overview', level, geography],
      queryFn: () => getOverview(waveId, level, release, geography),
      ...frozen,
    }),
  /** A unit without any number reads like one whose numbers are all hidden (DISCLOSURE.md rule 8). */
  unit: (
    waveId: string,
    level: ReportLevel,
    unitId: string,
    release: number,
    geography: Geography = 'school_location',
  ) =>
    queryOptions({
      queryKey: [...reportKeys.release(waveId, release), 'unit', level, unitId, geography],
      queryFn: () => getUnitCells(waveId, level, unitId, release, geography).catch(emptyOn404),
      ...frozen,
    }),
  /** One item of every unit of a level; a release without the item (built before it existed) has no cells. */
  item: (waveId: string, itemId: string, level: ReportLevel, release: number) =>
    queryOptions({
      queryKey: [...reportKeys.release(waveId, release), 'item', itemId, level],
      queryFn: () => getItemCells(waveId, itemId, level, release).catch(emptyOn404),
      ...frozen,
    }),
  comparison: (waveId: string, level: ReportLevel, unitId: string) =>
    queryOptions({
      queryKey: [...reportKeys.wave(waveId), 'comparison', level, unitId],
      queryFn: () => getComparison(waveId, level, unitId),
      staleTime: 60_000,
    }),
};

function emptyOn404(err: unknown): Pick<ReportCells, 'cells'> {
  if (err instanceof HttpError && err.status === 404) return { cells: [] };
  throw err;
}
