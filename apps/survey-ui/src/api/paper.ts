import type {
  DoubleEntryCommitResult,
  DoubleEntryList,
  DoubleEntryResolveBody,
  DoubleEntrySheet,
  PaperSheetBody,
  PaperSheetResult,
  PaperStatus,
} from '@uwe/schema';
import { request } from './http.ts';

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/paper`;

/** Sheets entered against the class size, the session's form and code, and whether entry is open. */
export const getPaperStatus = (sessionId: string) => request<PaperStatus>('GET', base(sessionId));

export const enterSheet = (sessionId: string, body: PaperSheetBody) =>
  request<PaperSheetResult>('POST', base(sessionId), body);

/** Undo: removes the sheet this browser entered last (its id is known only here). */
export const undoSheet = (sessionId: string, sheetId: string) =>
  request<PaperStatus>('DELETE', `${base(sessionId)}/${encodeURIComponent(sheetId)}`);

export const listDoubleEntry = (sessionId: string) => request<DoubleEntryList>('GET', `${base(sessionId)}/double`);

export const putDoubleEntry = (sessionId: string, sheet: number, pass: 1 | 2, body: PaperSheetBody) =>
  request<DoubleEntrySheet>('PUT', `${base(sessionId)}/double/${sheet}/${pass}`, body);

export const deleteDoubleEntry = (sessionId: string, sheet: number, pass: 1 | 2) =>
  request<DoubleEntryList>('DELETE', `${base(sessionId)}/double/${sheet}/${pass}`);

export const resolveSheet = (sessionId: string, sheet: number, body: DoubleEntryResolveBody) =>
  request<PaperSheetResult>('POST', `${base(sessionId)}/double/${sheet}/resolve`, body);

export const commitMatching = (sessionId: string) =>
  request<DoubleEntryCommitResult>('POST', `${base(sessionId)}/double/commit`);
