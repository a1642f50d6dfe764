/**
 * Class codes, shared by the API (which issues and reads them) and the pupil page (which shows
 * what a child types the way the teacher projects it).
 */

/** No 0/O, no 1/I/L: a child copying from a projector cannot confuse two characters. */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 6;

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

/** "K7M4QX" → "K7M-4QX", as projected for the class; a partly typed code is grouped the same way. */
export function formatCode(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}-${code.slice(3)}` : code;
}
