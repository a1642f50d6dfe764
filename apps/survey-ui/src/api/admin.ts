import { queryOptions } from '@tanstack/react-query';
import type {
  AuditEntry,
  Fieldwork,
  FreeTexts,
  School,
  SchoolCreate,
  SchoolImportResult,
  SchoolPatch,
  Sozialraum,
  SozialraumCreate,
  SozialraumPatch,
  StreetImportResult,
  StreetListSummary,
  User,
  UserCreate,
  UserPatch,
  Wave,
  WaveCreate,
  WavePatch,
} from '@uwe/schema';
import { HttpError, request } from './http.ts';

const id = (v: string) => encodeURIComponent(v);

export const listSozialraeume = () => request<Sozialraum[]>('GET', '/api/admin/sozialraeume');
export const createSozialraum = (body: SozialraumCreate) =>
  request<Sozialraum>('POST', '/api/admin/sozialraeume', body);
export const patchSozialraum = (sid: string, body: SozialraumPatch) =>
  request<Sozialraum>('PATCH', `/api/admin/sozialraeume/${id(sid)}`, body);

/** Admins get all schools; teachers only their own. */
export const listSchools = () => request<School[]>('GET', '/api/admin/schools');
export const createSchool = (body: SchoolCreate) => request<School>('POST', '/api/admin/schools', body);
export const patchSchool = (sid: string, body: SchoolPatch) =>
  request<School>('PATCH', `/api/admin/schools/${id(sid)}`, body);

export const listWaves = () => request<Wave[]>('GET', '/api/admin/waves');
export const createWave = (body: WaveCreate) => request<Wave>('POST', '/api/admin/waves', body);
export const patchWave = (wid: string, body: WavePatch) => request<Wave>('PATCH', `/api/admin/waves/${id(wid)}`, body);

/** An instrument version a wave can use (GET /api/instruments, readable by all staff). */
export interface InstrumentInfo {
  id: string;
  title: string;
  builtin: boolean;
}
export const listInstruments = () => request<InstrumentInfo[]>('GET', '/api/instruments');

export const listUsers = () => request<User[]>('GET', '/api/admin/users');
export const createUser = (body: UserCreate) => request<User>('POST', '/api/admin/users', body);
export const endUserSessions = (uid: string) => request<void>('DELETE', `/api/admin/users/${id(uid)}/sessions`);
export const patchUser = (uid: string, body: UserPatch) => request<User>('PATCH', `/api/admin/users/${id(uid)}`, body);

export interface AuditFilter {
  entity?: string;
  action?: string;
  limit?: number;
  /** Only entries older than this entry id (paging). */
  before?: string;
}
export function listAudit(f: AuditFilter) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v !== undefined && v !== '') q.set(k, String(v));
  return request<AuditEntry[]>('GET', `/api/admin/audit${q.size ? `?${q}` : ''}`);
}

export interface ImportLineError {
  line: number;
  message: string;
}

/** A refused import: nothing was written, and every bad line is named. */
export class ImportError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly lines: ImportLineError[],
  ) {
    super(status, code, message);
  }
}

/**
 * Sends a CSV file as it is (text/csv). `dryRun` checks every line and answers with a preview;
 * nothing is written. A refused file throws an ImportError naming each bad line.
 */
export async function importSchools(csv: string, dryRun: boolean): Promise<SchoolImportResult> {
  try {
    return await request<SchoolImportResult>('POST', `/api/admin/schools/import${dryRun ? '?dryRun=true' : ''}`, csv, {
      'content-type': 'text/csv; charset=utf-8',
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const lines = Array.isArray(err.body.errors) ? (err.body.errors as ImportLineError[]) : [];
    throw new ImportError(err.status, err.code, err.message, lines);
  }
}

/** Operational counts of a wave in the field (admins only). */
export const getFieldwork = (wid: string) => request<Fieldwork>('GET', `/api/admin/waves/${id(wid)}/fieldwork`);
export const fieldworkCsvUrl = (wid: string) => `/api/admin/waves/${id(wid)}/fieldwork.csv`;

/** The wave's free-text answers, city-wide and shuffled (admins only). */
export const getFreeTexts = (wid: string) => request<FreeTexts>('GET', `/api/admin/waves/${id(wid)}/free-texts`);
export const deleteFreeText = (wid: string, textId: string) =>
  request<void>('DELETE', `/api/admin/waves/${id(wid)}/free-texts/${encodeURIComponent(textId)}`);

/** The street list (where children live): how many streets, which are ambiguous. */
export const getStreetList = () => request<StreetListSummary>('GET', '/api/admin/streets');

/** Replaces the street list from CSV (strasse;hausnummern;sozialraum); a refused file names its bad lines. */
export async function importStreets(csv: string, city: string, dryRun: boolean): Promise<StreetImportResult> {
  const q = new URLSearchParams({ city });
  if (dryRun) q.set('dryRun', 'true');
  try {
    return await request<StreetImportResult>('POST', `/api/admin/streets/import?${q}`, csv, {
      'content-type': 'text/csv; charset=utf-8',
    });
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    const lines = Array.isArray(err.body.errors) ? (err.body.errors as ImportLineError[]) : [];
    throw new ImportError(err.status, err.code, err.message, lines);
  }
}

/**
 * Server state of the admin pages for TanStack Query: one key per list, so a change invalidates
 * exactly the lists it touches (`adminKeys.*`).
 */
export const adminKeys = {
  sozialraeume: ['admin', 'sozialraeume'] as const,
  schools: ['admin', 'schools'] as const,
  waves: ['admin', 'waves'] as const,
  users: ['admin', 'users'] as const,
  instruments: ['admin', 'instruments'] as const,
  fieldwork: (wid: string) => ['admin', 'waves', wid, 'fieldwork'] as const,
  freeTexts: (wid: string) => ['admin', 'waves', wid, 'free-texts'] as const,
};

export const adminQueries = {
  sozialraeume: () => queryOptions({ queryKey: adminKeys.sozialraeume, queryFn: listSozialraeume }),
  schools: () => queryOptions({ queryKey: adminKeys.schools, queryFn: listSchools }),
  waves: () => queryOptions({ queryKey: adminKeys.waves, queryFn: listWaves }),
  users: () => queryOptions({ queryKey: adminKeys.users, queryFn: listUsers }),
  // Without the instrument list (an older server) the wave form offers the versions it knows.
  instruments: () =>
    queryOptions({
      queryKey: adminKeys.instruments,
      queryFn: () => listInstruments().catch((): InstrumentInfo[] => []),
    }),
  fieldwork: (wid: string) => queryOptions({ queryKey: adminKeys.fieldwork(wid), queryFn: () => getFieldwork(wid) }),
  freeTexts: (wid: string) => queryOptions({ queryKey: adminKeys.freeTexts(wid), queryFn: () => getFreeTexts(wid) }),
};
