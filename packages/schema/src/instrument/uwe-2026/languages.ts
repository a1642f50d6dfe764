/**
 * Languages of "uwe-2026". German is the source; every other text was written by a machine (simple
 * German included) and stays 'needs_review' until a native speaker has read it.
 *
 * Simple German uses the key 'de-simple' in the forms' localizable texts and as `model.locale`.
 * survey-core 3 accepts any string as a locale key for texts; for its own UI strings it falls back
 * from 'de-simple' to the root 'de' (the part before the hyphen), so buttons read "Weiter" without
 * registering anything (checked in survey.i18n.test.ts).
 */
import type { LanguageInfo } from '../instrument.ts';

export type Uwe2026LanguageCode = 'de' | 'de-simple' | 'en' | 'tr' | 'ar' | 'uk' | 'pl' | 'ro' | 'bg';

export const languages: readonly (LanguageInfo & { code: Uwe2026LanguageCode })[] = [
  { code: 'de', name: 'Deutsch', dir: 'ltr', review: 'source', surveyLocale: 'de' },
  { code: 'de-simple', name: 'Einfache Sprache', dir: 'ltr', review: 'needs_review', surveyLocale: 'de' },
  { code: 'en', name: 'English', dir: 'ltr', review: 'needs_review', surveyLocale: 'en' },
  { code: 'tr', name: 'Türkçe', dir: 'ltr', review: 'needs_review', surveyLocale: 'tr' },
  { code: 'ar', name: 'العربية', dir: 'rtl', review: 'needs_review', surveyLocale: 'ar' },
  { code: 'uk', name: 'Українська', dir: 'ltr', review: 'needs_review', surveyLocale: 'uk' },
  { code: 'pl', name: 'Polski', dir: 'ltr', review: 'needs_review', surveyLocale: 'pl' },
  { code: 'ro', name: 'Română', dir: 'ltr', review: 'needs_review', surveyLocale: 'ro' },
  { code: 'bg', name: 'Български', dir: 'ltr', review: 'needs_review', surveyLocale: 'bg' },
];
