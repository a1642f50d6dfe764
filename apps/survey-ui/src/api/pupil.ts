import type { JoinResult, PupilInstrument, PupilPlaces, SaveResponseBody, SaveResponseResult } from '@uwe/schema';
import { request } from './http.ts';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export const joinSession = (code: string) => request<JoinResult>('POST', '/api/pupil/join', { code });

/**
 * The seat's form in the child's language. Form and language are part of the URL, so the service
 * worker and the browser can cache each for good.
 */
export const fetchInstrument = (token: string, id: string, form: string, language: string) =>
  request<PupilInstrument>(
    'GET',
    `/api/pupil/instrument/${encodeURIComponent(id)}?form=${encodeURIComponent(form)}&lang=${encodeURIComponent(language)}`,
    undefined,
    bearer(token),
  );

/** The city's street list for "Wo wohnst du?"; the tablet maps a street to a code itself. */
export const fetchPlaces = (token: string) =>
  request<PupilPlaces>('GET', '/api/pupil/places', undefined, bearer(token));

export const putResponse = (token: string, body: SaveResponseBody) =>
  request<SaveResponseResult>('PUT', '/api/pupil/response', body, bearer(token));

export const deleteResponse = (token: string) =>
  request<void>('DELETE', '/api/pupil/response', undefined, bearer(token));

/** Staff: one form in every language, for the print version. */
export const fetchStaffForm = (id: string, form: string) =>
  request<PupilInstrument>('GET', `/api/instruments/${encodeURIComponent(id)}/forms/${encodeURIComponent(form)}`);
