import { randomInt } from 'node:crypto';

/** No 0/O, no 1/I/L: a child copying from a projector cannot confuse two characters. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 6;

export function generateCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[random(CODE_ALPHABET.length)];
  return code;
}

/**
 * Reads what a child typed: any case, with or without the dash or spaces. Characters outside the
 * alphabet (0, O, 1, I, L and anything else) make the code invalid rather than being guessed at.
 * Returns null for anything that cannot be a code.
 */
export function normaliseCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** "K7M4QX" → "K7M-4QX", as projected for the class. */
export function formatCode(code: string): string {
  return `${code.slice(0, 3)}-${code.slice(3)}`;
}

/** Seats per session: the pupils present plus a small margin for a restarted tablet. */
export function seatCap(expectedPupils: number): number {
  return expectedPupils + Math.max(2, Math.ceil(expectedPupils * 0.1));
}
