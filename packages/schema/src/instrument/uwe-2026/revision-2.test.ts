import { describe, expect, it } from 'vitest';
import { validateInstrumentDefinition } from '../consistency.ts';
import { getBuiltinInstrument } from '../index.ts';
import { createAnswerValidator } from '../validation.ts';
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

  it('asks the same items with the same answer codes, plus where the child lives', () => {
    expect(uwe2026r2.catalogue.items.filter((i) => i.id !== 'residence')).toEqual(uwe2026.catalogue.items);
    const names = (f: unknown) => [...all(f).matchAll(/"name":"([^"]+)"/g)].map((m) => m[1]);
    const withoutResidence = (f: unknown) => names(f).filter((n) => n !== 'residence');
    expect(withoutResidence(uwe2026r2.forms.grade4)).toEqual(names(uwe2026.forms.grade4));
    expect(withoutResidence(uwe2026r2.forms.grade7)).toEqual(names(uwe2026.forms.grade7));
    expect(names(uwe2026.forms.grade4)).not.toContain('residence');
  });

  it('asks "Wo wohnst du?" in every grade and language, optional, answered by a code', () => {
    for (const form of [uwe2026r2.forms.grade4, uwe2026r2.forms.grade7]) {
      const q = form.pages.flatMap((p) => p.elements).find((e) => e.name === 'residence');
      expect(q?.type).toBe('residence');
      expect(q?.title.default).toBe('Wo wohnst du?');
      for (const l of uwe2026r2.languages) {
        if (l.code === 'de') continue;
        expect(q?.title[l.code], l.code).toBeTruthy();
        expect(q?.residenceTexts?.which?.[l.code], l.code).toBeTruthy();
      }
      expect(q?.choices?.map((c) => c.value)).toEqual(['weiss_nicht', 'nicht_in_stadt']);
    }
    const validate = createAnswerValidator(uwe2026r2);
    expect(validate(4, { residence: 'SR-03' })).toEqual({ ok: true });
    expect(validate(4, { residence: 'weiss_nicht' })).toEqual({ ok: true });
    expect(validate(4, {})).toEqual({ ok: true });
    // A street name with a space or an umlaut is not a code; neither is a number.
    expect(validate(4, { residence: 'Lindenstraße 4' }).ok).toBe(false);
    expect(validate(4, { residence: 3 }).ok).toBe(false);
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
