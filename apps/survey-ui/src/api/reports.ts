import type {
  Comparison,
  Release,
  ReleasePreview,
  ReportCatalogue,
  ReportCells,
  ReportLevel,
  ReportWave,
} from '@uwe/schema';
import { request } from './http.ts';

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

/**
 * A release is frozen once it is ready, so an answer read for a given release number stays right
 * for good: keep the last few (a school report is several hundred kB) so that moving between the
 * monitoring pages does not download them again.
 */
const cache = new Map<string, Promise<unknown>>();
const CACHE_SIZE = 24;

function frozen<T>(url: string): Promise<T> {
  const hit = cache.get(url);
  if (hit) {
    cache.delete(url);
    cache.set(url, hit);
    return hit as Promise<T>;
  }
  const p = request<T>('GET', url);
  cache.set(url, p);
  p.catch(() => cache.delete(url));
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return p;
}

export const getCatalogue = (waveId: string, release: number) =>
  frozen<ReportCatalogue>(`${base(waveId)}/catalogue?release=${release}`);

/** Participation, indices, assets and scales of every unit of a level (whole groups only). */
export const getOverview = (waveId: string, level: ReportLevel, release: number) =>
  frozen<ReportCells>(`${base(waveId)}/overview?level=${level}&release=${release}`);

/** Every number of one unit, all breakdowns: the school or Sozialraum report. */
export const getUnitCells = (waveId: string, level: ReportLevel, unitId: string, release: number) =>
  frozen<ReportCells>(`${base(waveId)}/units/${level}/${id(unitId)}?release=${release}`);

/** One item (or scale, index, asset) for every unit of a level, all breakdowns. */
export const getItemCells = (waveId: string, itemId: string, level: ReportLevel, release: number) =>
  frozen<ReportCells>(`${base(waveId)}/items/${id(itemId)}?level=${level}&release=${release}`);

/** Indices and scales of one unit across waves; reads each wave's current release. */
export const getComparison = (waveId: string, level: ReportLevel, unitId: string) =>
  request<Comparison>('GET', `${base(waveId)}/comparison?level=${level}&unitId=${id(unitId)}`);

export const exportUrl = (waveId: string, format: 'csv' | 'xlsx', release: number) =>
  `${base(waveId)}/export.${format}?release=${release}`;
