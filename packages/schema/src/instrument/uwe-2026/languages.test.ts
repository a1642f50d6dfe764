import { describe, expect, it } from 'vitest';
import { languages } from './languages.ts';
import { texts } from './survey.ts';

describe('uwe-2026 languages', () => {
  it('offers German, simple German and the seven home languages, each with texts', () => {
    expect(languages.map((l) => l.code)).toEqual(['de', 'de-simple', 'en', 'tr', 'ar', 'uk', 'pl', 'ro', 'bg']);
    expect(Object.keys(texts).sort()).toEqual(languages.map((l) => l.code).sort());
  });

  it('names each language in its own script', () => {
    expect(Object.fromEntries(languages.map((l) => [l.code, l.name]))).toEqual({
      de: 'Deutsch',
      'de-simple': 'Einfache Sprache',
      en: 'English',
      tr: 'Türkçe',
      ar: 'العربية',
      uk: 'Українська',
      pl: 'Polski',
      ro: 'Română',
      bg: 'Български',
    });
  });

  it('writes Arabic right to left and everything else left to right', () => {
    for (const l of languages) expect(l.dir, l.code).toBe(l.code === 'ar' ? 'rtl' : 'ltr');
  });

  it('has German as the only source; machine translations need review', () => {
    expect(languages.filter((l) => l.review === 'source').map((l) => l.code)).toEqual(['de']);
    for (const l of languages.filter((x) => x.code !== 'de')) expect(l.review, l.code).toBe('needs_review');
  });

  it('uses German survey-core UI strings for simple German', () => {
    expect(languages.find((l) => l.code === 'de-simple')?.surveyLocale).toBe('de');
    for (const l of languages.filter((x) => x.code !== 'de-simple')) expect(l.surveyLocale).toBe(l.code);
  });
});
