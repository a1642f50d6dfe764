import { AppError } from '../lib/errors.ts';
import { type Throttle, tooManyFailures } from '../throttle/throttle.service.ts';

export interface JoinLimits {
  /** Wrong codes one address may send per window and still be told "unknown code". */
  perAddress: number;
  addressWindowSeconds: number;
  /** Wrong codes from all addresses together per window. */
  overall: number;
  overallWindowSeconds: number;
  /** The per-address budget while the overall one is used up (someone guesses from many addresses). */
  perAddressUnderAttack: number;
}

export const JOIN_LIMITS: JoinLimits = {
  perAddress: 30,
  addressWindowSeconds: 60,
  overall: 2000,
  overallWindowSeconds: 10 * 60,
  perAddressUnderAttack: 3,
};

const OVERALL = 'all';

/**
 * Wrong class codes are limited per address and overall, but a right code is not: a prankster
 * typing nonsense on one tablet must not lock out the whole school behind the same address.
 *
 * - A code is looked up even when its address has used its budget, so a class still joins; a
 *   wrong code past the budget gets 429 instead of 404.
 * - Every wrong code also counts against an overall budget. While that is used up, an address that
 *   is over its (then much smaller) budget is refused without its code being looked up at all, so
 *   guessing from one address or from many stays bounded.
 */
export async function guardedJoin<T>(
  throttle: Throttle,
  address: string,
  limits: JoinLimits,
  join: () => Promise<T>,
): Promise<T> {
  const addressBudget = { max: limits.perAddress, windowSeconds: limits.addressWindowSeconds };
  const overallBudget = { max: limits.overall, windowSeconds: limits.overallWindowSeconds };
  const [mine, all] = await Promise.all([throttle.peek('join', address), throttle.peek('join-all', OVERALL)]);
  const underAttack = all.hits >= limits.overall;
  const myMax = underAttack ? limits.perAddressUnderAttack : limits.perAddress;
  if (underAttack && mine.hits >= myMax) throw tooManyFailures(Math.max(mine.retryAfterSeconds, 1));
  try {
    return await join();
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'SESSION_NOT_FOUND') throw err;
    const [now] = await Promise.all([
      throttle.hit('join', address, addressBudget),
      throttle.hit('join-all', OVERALL, overallBudget),
    ]);
    if (now.hits > myMax) throw tooManyFailures(now.retryAfterSeconds);
    throw err;
  }
}
