import { describe, expect, it } from 'vitest';
import { builtinInstruments, getBuiltinInstrument } from './index.ts';
import { defaultCutoffs, formForGrade, gradesOfForm } from './instrument.ts';
import type { Grade } from './types.ts';
import { uwe2026 } from './uwe-2026/index.ts';

describe('formForGrade', () => {
  it('gives grade 4 its own form and grades 7 and 9 the secondary one', () => {
    expect(formForGrade(4)).toBe('grade4');
    expect(formForGrade(7)).toBe('grade7');
    expect(formForGrade(9)).toBe('grade7');
    expect(gradesOfForm('grade7')).toEqual([7, 9]);
    expect(() => formForGrade(5 as Grade)).toThrow(RangeError);
  });
});

describe('uwe-2026 as an instrument version', () => {
  it('is the built-in version', () => {
    expect(builtinInstruments.map((i) => i.id)).toEqual(['uwe-2026', 'uwe-2026-r2']);
    expect(getBuiltinInstrument('uwe-2026')).toBe(uwe2026);
    expect(getBuiltinInstrument('uwe-2017')).toBeUndefined();
  });

  it('carries the INSTRUMENT.md defaults as data', () => {
    expect(uwe2026.cutoffs).toEqual({ high: 4, medium: 3 });
    expect(defaultCutoffs).toEqual({ high: 4, medium: 3 });
    expect(uwe2026.wellbeing.scales).toEqual([
      'optimism',
      'happiness',
      'self_esteem',
      'absence_of_sadness',
      'general_health',
    ]);
    expect(uwe2026.assets.map((a) => a.id)).toEqual([
      'adults_school',
      'adults_home',
      'adults_neighbourhood',
      'peer_belonging',
      'close_friends',
      'nutrition_sleep',
      'organised_activities',
    ]);
  });

  it('is plain JSON (an upload can carry all of it)', () => {
    expect(JSON.parse(JSON.stringify(uwe2026))).toEqual(uwe2026);
  });
});
