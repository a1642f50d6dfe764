/**
 * One PostgreSQL connection per API process that LISTENs for changed sessions (the triggers of
 * migration 013 send the session id, nothing else) and hands them to the live hub, so a teacher
 * watching on process A sees a child's finish saved by process B at once. A lost connection is
 * opened again with growing pauses; meanwhile the hub's slow poll keeps the counts right.
 */
import { pg } from '../db/pool.ts';

export const SESSION_CHANNEL = 'uwe_session';

export interface ListenerLog {
  warn(obj: object, msg: string): void;
}

export interface SessionListener {
  close(): Promise<void>;
}

export function listenForSessions(
  connectionString: string,
  handlers: { changed(sessionId: string): void; reconnected(): void },
  log: ListenerLog,
): SessionListener {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let delay = 500;
  let everConnected = false;

  const retry = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, 30_000);
  };

  const connect = async () => {
    const c = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000, keepAlive: true });
    c.on('notification', (msg) => {
      if (msg.channel === SESSION_CHANNEL && msg.payload) handlers.changed(msg.payload);
    });
    c.on('error', (err) => {
      log.warn({ err: err.message }, 'live notifications: connection lost');
      if (client === c) client = undefined;
      c.end().catch(() => {});
      retry();
    });
    try {
      await c.connect();
      await c.query(`listen ${SESSION_CHANNEL}`);
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'live notifications: cannot connect');
      c.end().catch(() => {});
      retry();
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    delay = 500;
    // Changes during the gap were not heard: every watched session is read again.
    if (everConnected) handlers.reconnected();
    everConnected = true;
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await client?.end().catch(() => {});
      client = undefined;
    },
  };
}
