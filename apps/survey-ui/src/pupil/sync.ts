import type { JoinResult } from '@uwe/schema';
import { HttpError } from '../api/http.ts';
import { deleteResponse, putResponse } from '../api/pupil.ts';
import {
  type CurrentSeat,
  loadSeat,
  moveSeatToOutbox,
  type OutboxEntry,
  outboxEntries,
  removeOutboxEntry,
  saveSeat,
  seatIdOf,
} from './device-store.ts';

export type SyncStatus = 'saved' | 'sending' | 'offline';

export interface SyncSnapshot {
  status: SyncStatus;
  /** Finished or withdrawn children whose data still waits for the server. */
  waiting: number;
}

/** Errors after which sending the same thing again can never succeed. */
function isFinal(err: unknown): boolean {
  return err instanceof HttpError && err.status >= 400 && err.status < 500 && err.status !== 408 && err.status !== 429;
}

/**
 * Keeps the current child's answers on the device first and on the server second. Every change is
 * written to IndexedDB at once; uploads are debounced, retried with backoff and on the `online`
 * event, and carry a rising revision so a late, older upload never overwrites a newer one.
 */
class DeviceSync {
  private seat: CurrentSeat | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private again = false;
  private failures = 0;
  private snapshot: SyncSnapshot = { status: 'saved', waiting: 0 };
  private readonly listeners = new Set<(s: SyncSnapshot) => void>();
  private started = false;

  async start(): Promise<CurrentSeat | null> {
    if (!this.started) {
      this.started = true;
      window.addEventListener('online', () => this.schedule(0));
    }
    this.seat = (await loadSeat()) ?? null;
    this.schedule(0);
    return this.seat;
  }

  current(): CurrentSeat | null {
    return this.seat;
  }

  subscribe(fn: (s: SyncSnapshot) => void): () => void {
    this.listeners.add(fn);
    fn(this.snapshot);
    return () => this.listeners.delete(fn);
  }

  async begin(joined: JoinResult): Promise<CurrentSeat> {
    this.seat = {
      token: joined.token,
      expiresAt: joined.expiresAt,
      instrument: joined.instrument,
      languages: joined.languages,
      language: null,
      introSeen: false,
      answers: {},
      page: 0,
      revision: 0,
      savedRevision: 0,
    };
    await saveSeat(this.seat);
    return this.seat;
  }

  /** Records a change on the device at once; answers, page and language also go to the server. */
  async update(patch: Partial<Pick<CurrentSeat, 'answers' | 'page' | 'language' | 'introSeen'>>): Promise<void> {
    if (!this.seat) return;
    const upload = patch.answers !== undefined || patch.page !== undefined || patch.language !== undefined;
    this.seat = { ...this.seat, ...patch, revision: this.seat.revision + (upload ? 1 : 0) };
    await saveSeat(this.seat);
    if (upload) this.schedule(800);
  }

  /** "Fertig": the response leaves the tablet's seat for the outbox; the next child can start. */
  async finish(): Promise<void> {
    const seat = this.seat;
    if (!seat) return;
    await moveSeatToOutbox({
      id: seatIdOf(seat.token),
      kind: 'finish',
      token: seat.token,
      expiresAt: seat.expiresAt,
      body: {
        answers: seat.answers,
        language: seat.language ?? 'de',
        page: seat.page,
        revision: seat.revision + 1,
        complete: true,
      },
    });
    this.seat = null;
    this.schedule(0);
  }

  /** The child stops: its answers leave the device now and the server is told to delete its copy. */
  async withdraw(): Promise<void> {
    const seat = this.seat;
    if (!seat) return;
    await moveSeatToOutbox({
      id: seatIdOf(seat.token),
      kind: 'withdraw',
      token: seat.token,
      expiresAt: seat.expiresAt,
    });
    this.seat = null;
    this.schedule(0);
  }

  /** Resolves once nothing waits for the server (used by tests and before a deliberate reload). */
  async flushNow(): Promise<SyncSnapshot> {
    await this.run();
    return this.snapshot;
  }

  private schedule(delay: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.run(), delay);
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    let offline = false;
    try {
      do {
        this.again = false;
        offline = !(await this.sendSeat()) || offline;
        for (const entry of await outboxEntries()) {
          if (!(await this.sendEntry(entry))) offline = true;
        }
      } while (this.again);
    } finally {
      this.running = false;
    }
    const waiting = (await outboxEntries()).length;
    const pending = waiting > 0 || (this.seat !== null && this.seat.revision > this.seat.savedRevision);
    this.emit({ status: offline ? 'offline' : pending ? 'sending' : 'saved', waiting });
    if (offline) {
      this.failures++;
      // 1 s, 2 s, 4 s … at most 30 s, with jitter so a classroom does not retry in lockstep.
      this.schedule(Math.min(30_000, 1000 * 2 ** (this.failures - 1)) * (0.75 + Math.random() * 0.5));
    } else {
      this.failures = 0;
      if (pending) this.schedule(500);
    }
  }

  /** Returns false when the server could not be reached. */
  private async sendSeat(): Promise<boolean> {
    const seat = this.seat;
    if (!seat || seat.revision <= seat.savedRevision) return true;
    this.emit({ ...this.snapshot, status: 'sending' });
    try {
      const res = await putResponse(seat.token, {
        answers: seat.answers,
        language: seat.language ?? 'de',
        page: seat.page,
        revision: seat.revision,
        complete: false,
      });
      if (this.seat && this.seat.token === seat.token) {
        this.seat = { ...this.seat, savedRevision: Math.max(this.seat.savedRevision, seat.revision, res.revision) };
        await saveSeat(this.seat);
      }
      return true;
    } catch (err) {
      if (isFinal(err)) {
        // The server will never take this seat's autosave (withdrawn elsewhere, expired): the
        // answers stay on the device until the child finishes, which goes through the outbox.
        console.warn('autosave refused', (err as HttpError).code);
        if (this.seat && this.seat.token === seat.token) this.seat = { ...this.seat, savedRevision: seat.revision };
        return true;
      }
      return false;
    }
  }

  private async sendEntry(entry: OutboxEntry): Promise<boolean> {
    try {
      if (entry.kind === 'finish') await putResponse(entry.token, entry.body);
      else await deleteResponse(entry.token);
    } catch (err) {
      if (!isFinal(err)) return false;
      console.warn('upload refused', entry.kind, (err as HttpError).code);
    }
    await removeOutboxEntry(entry.id);
    return true;
  }

  private emit(s: SyncSnapshot) {
    this.snapshot = s;
    for (const fn of this.listeners) fn(s);
  }
}

export const deviceSync = new DeviceSync();
