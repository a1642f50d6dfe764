import { createHmac } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { AppError } from '../lib/errors.ts';
import * as repo from './throttle.repository.ts';

export interface Budget {
  max: number;
  windowSeconds: number;
}

export interface Reading {
  hits: number;
  /** Seconds until this window ends. */
  retryAfterSeconds: number;
}

/**
 * Failed-attempt budgets kept in PostgreSQL, so every API process behind a load balancer counts
 * against the same budget. What is counted (a client address, an e-mail) is stored only as an
 * HMAC under the app's secret: the table holds no address and no e-mail.
 */
export class Throttle {
  private calls = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly secret: string,
  ) {}

  private key(scope: string, subject: string): string {
    return `${scope}:${createHmac('sha256', this.secret).update(`${scope}\n${subject}`).digest('base64url')}`;
  }

  private reading(c: repo.Count): Reading {
    return { hits: c.hits, retryAfterSeconds: Math.max(1, Math.ceil((c.resetsAt.getTime() - Date.now()) / 1000)) };
  }

  async hit(scope: string, subject: string, budget: Budget): Promise<Reading> {
    // Expired counters are swept now and then, by whichever request comes along.
    if (++this.calls % 500 === 0) await repo.deleteExpired(this.db);
    return this.reading(await repo.hit(this.db, this.key(scope, subject), budget.windowSeconds));
  }

  async peek(scope: string, subject: string): Promise<Reading> {
    return this.reading(await repo.peek(this.db, this.key(scope, subject)));
  }

  release(scope: string, subject: string): Promise<void> {
    return repo.release(this.db, this.key(scope, subject));
  }

  /**
   * Reserves one attempt before the caller checks it (a password): over the budget it throws 429
   * without the check running, so concurrent attempts can never exceed `max`.
   */
  async reserve(scope: string, subject: string, budget: Budget): Promise<{ release(): Promise<void> }> {
    const r = await this.hit(scope, subject, budget);
    if (r.hits > budget.max) throw tooManyFailures(r.retryAfterSeconds);
    return { release: () => this.release(scope, subject) };
  }
}

export function tooManyFailures(seconds: number) {
  return new AppError(
    429,
    'TOO_MANY_REQUESTS',
    `Zu viele Fehlversuche. Bitte in ${Math.max(1, Math.ceil(seconds / 60))} Minute(n) erneut versuchen.`,
    { retryAfterSeconds: seconds },
  );
}
