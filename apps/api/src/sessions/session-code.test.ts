import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, formatCode, generateCode, normaliseCode, seatCap } from './session-code.ts';

describe('class codes', () => {
  it('use an alphabet without look-alikes', () => {
    for (const ch of '01OIL') expect(CODE_ALPHABET).not.toContain(ch);
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
  });

  it('are six characters of that alphabet', () => {
    for (let i = 0; i < 500; i++) expect(generateCode()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
  });

  it('use every character (no modulo bias towards the front of the alphabet)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) for (const ch of generateCode()) seen.add(ch);
    expect(seen.size).toBe(CODE_ALPHABET.length);
  });

  it('are read with or without the dash, in any case, with stray spaces', () => {
    expect(normaliseCode('k7m-4qx')).toBe('K7M4QX');
    expect(normaliseCode(' K7M 4QX ')).toBe('K7M4QX');
    expect(normaliseCode('K7M4QX')).toBe('K7M4QX');
  });

  it.each(['', 'K7M4Q', 'K7M4QXX', 'K7M4Q0', 'K7M4QO', 'K7M4QI', 'K7M4QL', 'K7M4Q1', 'K7M;4QX', "'; drop"])(
    'refuse %j',
    (input) => expect(normaliseCode(input)).toBeNull(),
  );

  it('are shown grouped', () => expect(formatCode('K7M4QX')).toBe('K7M-4QX'));
});

describe('seat cap', () => {
  it.each([
    [1, 3],
    [10, 12],
    [20, 22],
    [21, 24],
    [25, 28],
    [30, 33],
  ])('%i pupils present → %i seats', (expected, cap) => expect(seatCap(expected)).toBe(cap));
});
