import type {
  ApiError,
  AuditEntry,
  School,
  SchoolCreate,
  SchoolImportResult,
  SchoolPatch,
  Sozialraum,
  SozialraumCreate,
  SozialraumPatch,
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
 * Sends a CSV file as it is (text/csv), which the JSON `request` helper cannot do.
 * `dryRun` checks every line and answers with a preview; nothing is written.
 */
export async function importSchools(csv: string, dryRun: boolean): Promise<SchoolImportResult> {
  let res: Response;
  try {
    res = await fetch(`/api/admin/schools/import${dryRun ? '?dryRun=true' : ''}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'text/csv; charset=utf-8' },
      body: csv,
    });
  } catch {
    throw new HttpError(0, 'NETWORK', 'Keine Verbindung zum Server. Bitte prüfen Sie die Internetverbindung.');
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = data as (Partial<ApiError> & { errors?: ImportLineError[] }) | null;
    throw new ImportError(
      res.status,
      err?.code ?? 'UNKNOWN',
      err?.message ?? `Fehler ${res.status}`,
      Array.isArray(err?.errors) ? err.errors : [],
    );
  }
  return data as SchoolImportResult;
}
