import type { Session, SessionCreate, SessionPatch } from '@uwe/schema';
import { request } from './http.ts';

export const listSessions = () => request<Session[]>('GET', '/api/sessions');
export const getSession = (id: string) => request<Session>('GET', `/api/sessions/${encodeURIComponent(id)}`);
export const openSession = (body: SessionCreate) => request<Session>('POST', '/api/sessions', body);
export const closeSession = (id: string) => request<Session>('POST', `/api/sessions/${encodeURIComponent(id)}/close`);
/** Raises the pupils present (open sessions only) or corrects the class size (also after closing). */
export const updateSession = (id: string, patch: SessionPatch) =>
  request<Session>('PATCH', `/api/sessions/${encodeURIComponent(id)}`, patch);
/** "Code sperren": no more seats with this code; children already in keep going. */
export const lockCode = (id: string) => request<Session>('POST', `/api/sessions/${encodeURIComponent(id)}/lock`);

export type LiveState = 'live' | 'reconnecting';

/**
 * Follows a session through Server-Sent Events. The browser reconnects by itself after a network
 * drop; when the server refuses the stream (for example after a restart with an expired login) we
 * try again a little later. The stream ends for good once the session is closed.
 * Returns the function that stops watching.
 */
export function watchSession(
  id: string,
  onSession: (s: Session) => void,
  onState: (state: LiveState) => void,
  retryMs = 5000,
): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const connect = () => {
    source = new EventSource(`/api/sessions/${encodeURIComponent(id)}/live`);
    source.addEventListener('session', (e) => {
      const s = JSON.parse((e as MessageEvent<string>).data) as Session;
      onState('live');
      onSession(s);
      // The server ends the stream after a closed session; without this the browser would reconnect.
      if (s.status === 'closed') stop();
    });
    source.addEventListener('error', () => {
      if (stopped) return;
      onState('reconnecting');
      if (source?.readyState === EventSource.CLOSED) {
        source = null;
        retry = setTimeout(connect, retryMs);
      }
    });
  };
  const stop = () => {
    stopped = true;
    clearTimeout(retry);
    source?.close();
    source = null;
  };
  connect();
  return stop;
}
