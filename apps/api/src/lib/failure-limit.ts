import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Counts only failed attempts (wrong password, unknown class code) with @fastify/rate-limit's
 * store: a whole class joining from one school address must never be throttled, a guesser must.
 */
export function failureLimiter(
  app: FastifyInstance,
  opts: { name: string; max: number; timeWindow: string | number; key: (req: FastifyRequest) => string },
) {
  const limiter = app.createRateLimit({
    max: opts.max,
    timeWindow: opts.timeWindow,
    keyGenerator: (req) => `${opts.name}:${opts.key(req)}`,
  });
  return {
    /** Throws 429 when this client already failed too often. */
    async check(req: FastifyRequest): Promise<void> {
      const state = await limiter(req, { increment: false });
      // isAllowed only means "on the allow list"; a peek is over the limit once max failures are in.
      if (!state.isAllowed && state.remaining <= 0) throw tooMany(state.ttlInSeconds);
    },
    async fail(req: FastifyRequest): Promise<void> {
      await limiter(req);
    },
  };
}

function tooMany(seconds: number) {
  return new AppError(
    429,
    'TOO_MANY_REQUESTS',
    `Zu viele Fehlversuche. Bitte in ${Math.max(1, Math.ceil(seconds / 60))} Minute(n) erneut versuchen.`,
    { retryAfterSeconds: seconds },
  );
}
