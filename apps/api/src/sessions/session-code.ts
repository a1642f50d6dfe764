import { randomInt } from 'node:crypto';
import { CODE_ALPHABET, CODE_LENGTH } from '@uwe/schema';

export { CODE_ALPHABET, formatCode, normaliseCode } from '@uwe/schema';

export function generateCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return code;
}

/** Seats per session: the pupils present plus a small margin for a restarted tablet. */
export function seatCap(expectedPupils: number): number {
  return expectedPupils + Math.max(2, Math.ceil(expectedPupils * 0.1));
}
