import type { ApiError } from '@uwe/schema';

/** An error answer of the API, with its stable code and a message a person understands. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole error answer, for fields beyond the message (e.g. the bad lines of an import). */
    readonly body: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function request<T>(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      // Objects go as JSON; a string (a CSV file) goes as it is, with the caller's content type.
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  } catch {
    throw new HttpError(0, 'NETWORK', 'Keine Verbindung zum Server. Bitte prüfen Sie die Internetverbindung.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = data as (Partial<ApiError> & Record<string, unknown>) | null;
    throw new HttpError(res.status, err?.code ?? 'UNKNOWN', err?.message ?? `Fehler ${res.status}`, err ?? {});
  }
  return data as T;
}
