import { describe, expect, it } from 'vitest';
import { validateInstrumentDefinition } from '../consistency.ts';
import { getBuiltinInstrument } from '../index.ts';
import { uwe2026 } from './index.ts';
import { uwe2026r2 } from './revision-2.ts';

const all = (form: unknown) => JSON.stringify(form);

describe('uwe-2026-r2, the reviewed wording', () => {
  it('is a version of its own: uwe-2026 keeps its texts for the waves bound to it', () => {
    expect(getBuiltinInstrument('uwe-2026-r2')).toBe(uwe2026r2);
    expect(all(uwe2026.forms.grade7)).toContain('weil du in etwas anders bist');
    expect(all(uwe2026r2.forms.grade7)).not.toContain('weil du in etwas anders bist');
    expect(all(uwe2026r2.forms.grade7)).toContain('weil etwas an dir anders ist');
  });

  it('asks the same items with the same answer codes, so answers of both versions compare', () => {
    expect(uwe2026r2.catalogue).toEqual(uwe2026.catalogue);
    const names = (f: unknown) => [...all(f).matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]);
    expect(names(uwe2026r2.forms.grade4)).toEqual(names(uwe2026.forms.grade4));
    expect(names(uwe2026r2.forms.grade7)).toEqual(names(uwe2026.forms.grade7));
  });

  it('has none of the wording the classroom review found, in German and simple German', () => {
    for (const form of [uwe2026r2.forms.grade4, uwe2026r2.forms.grade7]) {
      const text = all(form);
      expect(text).not.toContain('nach vorn schaust');
      expect(text).not.toMatch(/"(de|de-simple|default)":"divers"/);
      expect(text).not.toContain('ging es dir in den letzten Wochen');
    }
  });

  it('passes the checks an uploaded version must pass', () => {
    const result = validateInstrumentDefinition(JSON.parse(JSON.stringify(uwe2026r2)));
    expect(result.ok, JSON.stringify(result.ok ? null : result)).toBe(true);
  });
});
