import type { Session } from '@uwe/schema';
import { AppError } from '../lib/errors.ts';

export interface LiveLimits {
  /** Open streams one staff account may hold (a teacher with a few tabs and a projector). */
  perStaff: number;
  /** Open streams of the whole process. */
  overall: number;
  /**
   * How often a watched session is read anyway (once per session, however many streams watch
   * it): changes arrive through LISTEN/NOTIFY at once; this catches a lost notification and ends
   * streams whose sign-in ended.
   */
  pollMs: number;
}

export const LIVE_LIMITS: LiveLimits = { perStaff: 10, overall: 500, pollMs: 10_000 };

/** What a stream needs from its HTTP response. */
export interface LiveSink {
  send(session: Session): void;
  heartbeat(): void;
  end(): void;
}

/** The sign-in a stream was opened with: it ends when the sign-in ends (logout, deactivation). */
export interface LiveSignin {
  staffId: string;
  sessionId: string;
  version: number;
}

interface Stream {
  signin: LiveSignin;
  sink: LiveSink;
  channel?: Channel;
}

interface Channel {
  id: string;
  streams: Set<Stream>;
  timer: NodeJS.Timeout;
  last: string;
  ticks: number;
  busy: boolean;
  /** A change arrived while the session was being read: read it once more afterwards. */
  again: boolean;
}

export interface LiveSources {
  load(sessionId: string): Promise<Session | undefined>;
  /** Of these sign-ins, the ids that are still valid. */
  validSignins(signins: LiveSignin[]): Promise<Set<string>>;
}

/**
 * Live counts for the teacher's screen. Every watched session is polled by one timer shared by all
 * its streams; streams are counted per staff account and overall; a stream whose sign-in ended
 * (logout, deactivated account) is closed at the next poll.
 */
export class LiveHub {
  private readonly streams = new Set<Stream>();
  private readonly channels = new Map<string, Channel>();
  private readonly perStaff = new Map<string, number>();
  /** Session reads so far (for tests and monitoring). */
  loads = 0;

  constructor(
    private readonly sources: LiveSources,
    private readonly limits: LiveLimits,
  ) {}

  stats() {
    return { streams: this.streams.size, channels: this.channels.size, loads: this.loads };
  }

  /**
   * Takes a stream slot before anything is awaited, so a client that hangs up at once releases it
   * again; throws 429 over the caps. `release()` is safe to call more than once.
   */
  reserve(signin: LiveSignin): { attach(sessionId: string, first: Session, sink: LiveSink): void; release(): void } {
    const mine = this.perStaff.get(signin.staffId) ?? 0;
    if (mine >= this.limits.perStaff) {
      throw new AppError(
        429,
        'TOO_MANY_REQUESTS',
        'Sie haben schon zu viele Live-Ansichten offen. Bitte schließen Sie andere Tabs und laden Sie die Seite neu.',
        { retryAfterSeconds: 10 },
      );
    }
    if (this.streams.size >= this.limits.overall) {
      throw new AppError(
        429,
        'TOO_MANY_REQUESTS',
        'Der Server ist gerade ausgelastet. Die Zahlen werden in Kürze wieder angezeigt.',
        { retryAfterSeconds: 10 },
      );
    }
    const stream: Stream = {
      signin,
      sink: { send: () => {}, heartbeat: () => {}, end: () => {} },
    };
    this.streams.add(stream);
    this.perStaff.set(signin.staffId, mine + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.remove(stream);
    };
    return {
      release,
      attach: (sessionId, first, sink) => {
        if (released) return;
        stream.sink = sink;
        const channel = this.channel(sessionId, first);
        stream.channel = channel;
        channel.streams.add(stream);
      },
    };
  }

  /**
   * A session changed (a notification from PostgreSQL, sent by whichever API process saved it):
   * its streams get the new counts now. Changes arriving during a read are read once more after it.
   */
  changed(sessionId: string) {
    const channel = this.channels.get(sessionId);
    if (!channel) return;
    if (channel.busy) channel.again = true;
    else void this.poll(channel);
  }

  /** Every watched session is read again (after the notification connection was lost). */
  refreshAll() {
    for (const id of this.channels.keys()) this.changed(id);
  }

  /** Ends every stream (server shutdown). */
  closeAll() {
    for (const stream of [...this.streams]) {
      stream.sink.end();
      this.remove(stream);
    }
  }

  private remove(stream: Stream) {
    if (!this.streams.delete(stream)) return;
    const n = (this.perStaff.get(stream.signin.staffId) ?? 1) - 1;
    if (n <= 0) this.perStaff.delete(stream.signin.staffId);
    else this.perStaff.set(stream.signin.staffId, n);
    const channel = stream.channel;
    if (channel) {
      channel.streams.delete(stream);
      if (channel.streams.size === 0) {
        clearInterval(channel.timer);
        this.channels.delete(channel.id);
      }
    }
  }

  private channel(sessionId: string, first: Session): Channel {
    const existing = this.channels.get(sessionId);
    if (existing) return existing;
    const channel: Channel = {
      id: sessionId,
      streams: new Set(),
      last: JSON.stringify(first),
      ticks: 0,
      busy: false,
      again: false,
      timer: setInterval(() => void this.poll(channel), this.limits.pollMs),
    };
    this.channels.set(sessionId, channel);
    return channel;
  }

  private async poll(channel: Channel) {
    // A slow database must not stack polls of the same session on top of each other.
    if (channel.busy) return;
    channel.busy = true;
    try {
      this.loads++;
      const signins = [...channel.streams].map((s) => s.signin);
      const [next, valid] = await Promise.all([this.sources.load(channel.id), this.sources.validSignins(signins)]);
      for (const stream of [...channel.streams]) {
        if (!valid.has(stream.signin.sessionId)) {
          stream.sink.end();
          this.remove(stream);
        }
      }
      if (!next) {
        for (const stream of [...channel.streams]) {
          stream.sink.end();
          this.remove(stream);
        }
        return;
      }
      const text = JSON.stringify(next);
      if (text !== channel.last) {
        channel.last = text;
        for (const stream of channel.streams) stream.sink.send(next);
      } else if (++channel.ticks % 10 === 0) {
        for (const stream of channel.streams) stream.sink.heartbeat();
      }
      if (next.status === 'closed') {
        for (const stream of [...channel.streams]) {
          stream.sink.end();
          this.remove(stream);
        }
      }
    } catch {
      // The database is away for a moment: keep the streams, the next poll will tell.
    } finally {
      channel.busy = false;
      if (channel.again && this.channels.get(channel.id) === channel) {
        channel.again = false;
        void this.poll(channel);
      }
    }
  }
}
