import type { Answers, JoinResult, SaveResponseBody } from '@uwe/schema';
import { type DBSchema, type IDBPDatabase, openDB } from 'idb';

/** The child currently at this tablet. Only ever one; it is deleted when the child finishes or stops. */
export interface CurrentSeat {
  token: string;
  expiresAt: string;
  instrument: JoinResult['instrument'];
  languages: JoinResult['languages'];
  language: string | null;
  introSeen: boolean;
  answers: Answers;
  page: number;
  /** Raised on every change; the server keeps the highest it has seen. */
  revision: number;
  /** The highest revision the server confirmed. */
  savedRevision: number;
}

/**
 * Work the server has not confirmed yet, kept after the child has left the tablet: a finished
 * response to upload, or a withdrawal to carry out. Deleted as soon as the server confirms.
 */
export type OutboxEntry =
  | { id: string; kind: 'finish'; token: string; expiresAt: string; body: SaveResponseBody }
  | { id: string; kind: 'withdraw'; token: string; expiresAt: string };

interface PupilDb extends DBSchema {
  seat: { key: string; value: CurrentSeat };
  outbox: { key: string; value: OutboxEntry };
}

const CURRENT = 'current';
let dbPromise: Promise<IDBPDatabase<PupilDb>> | undefined;

function db() {
  dbPromise ??= openDB<PupilDb>('uwe-pupil', 1, {
    upgrade(d) {
      d.createObjectStore('seat');
      d.createObjectStore('outbox', { keyPath: 'id' });
    },
  });
  return dbPromise;
}

export async function loadSeat(): Promise<CurrentSeat | undefined> {
  return (await db()).get('seat', CURRENT);
}

export async function saveSeat(seat: CurrentSeat): Promise<void> {
  await (await db()).put('seat', seat, CURRENT);
}

/** Moves the seat into the outbox in one transaction: a crash in between loses nothing. */
export async function moveSeatToOutbox(entry: OutboxEntry): Promise<void> {
  const tx = (await db()).transaction(['seat', 'outbox'], 'readwrite');
  await Promise.all([tx.objectStore('outbox').put(entry), tx.objectStore('seat').delete(CURRENT), tx.done]);
}

export async function outboxEntries(): Promise<OutboxEntry[]> {
  return (await db()).getAll('outbox');
}

export async function removeOutboxEntry(id: string): Promise<void> {
  await (await db()).delete('outbox', id);
}

/** The seat id (the token's subject) names an outbox entry; it is random and says nothing. */
export function seatIdOf(token: string): string {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    return String(payload.sub);
  } catch {
    return token.slice(-24);
  }
}
