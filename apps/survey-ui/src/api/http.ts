import type { ApiError } from '@uwe/schema';

/** An error answer of the API, with its stable code and a message a person understands. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
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
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new HttpError(0, 'NETWORK', 'Keine Verbindung zum Server. Bitte prüfen Sie die Internetverbindung.');
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = data as Partial<ApiError> | null;
    throw new HttpError(res.status, err?.code ?? 'UNKNOWN', err?.message ?? `Fehler ${res.status}`);
  }
  return data as T;
}
