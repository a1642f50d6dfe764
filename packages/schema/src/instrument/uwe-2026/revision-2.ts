/**
 * "uwe-2026-r2": the wording of "uwe-2026" after the classroom review of issue 17. A wave keeps the
 * version it is bound to (its answers were given to those texts), so the fixes are a new version
 * that new waves choose; items, answer codes, scales and translations are the same, only German and
 * simple German texts changed:
 * - "weil du in etwas anders bist" (a typo that children stumble over) → "weil etwas an dir anders ist";
 * - "Wie du nach vorn schaust" (an idiom nine-year-olds do not know) → "Wenn du an später denkst";
 * - "divers" (an administrative word) → "weder Mädchen noch Junge";
 * - "Wie oft ging es dir in den letzten Wochen so?" above present-tense items ("Ich bin traurig") →
 *   present tense, with the time frame as its own short sentence.
 * It also asks where the child lives ("Wo wohnst du?", issue 19): the answer is a Sozialraum code,
 * which the tablet finds from the street the child types (the street never leaves the tablet), or
 * "weiss_nicht" / "nicht_in_stadt". Waves on "uwe-2026" have no residence geography.
 */
import { defaultCutoffs, type InstrumentVersion } from '../instrument.ts';
import { buildSurveyForm, localizer } from '../survey-json.ts';
import type { CatalogueItem } from '../types.ts';
import { assets } from './assets.ts';
import type { Uwe2026LanguageCode } from './languages.ts';
import { languages } from './languages.ts';
import { catalogue, texts } from './survey.ts';
import type { TextKey } from './texts/de.ts';
import { type ResidenceTextKey, residenceTexts } from './texts/residence.ts';

export const revision2Patches: Readonly<Partial<Record<Uwe2026LanguageCode, Partial<Record<TextKey, string>>>>> = {
  de: {
    'item.disc_experienced':
      'Wurdest du in diesem Schuljahr schlechter behandelt als andere, weil etwas an dir anders ist? Zum Beispiel wegen deiner Herkunft, deiner Sprache, deiner Religion oder deines Aussehens.',
    'page.outlook.title': 'Wenn du an später denkst',
    'page.feelings.description': 'Denk an die letzten Wochen. Wie oft geht es dir so?',
    'page.worries.description': 'Denk an die letzten Wochen. Wie oft geht es dir so?',
    'choice.gender.d': 'weder Mädchen noch Junge',
  },
  'de-simple': {
    'page.feelings.description': 'Denk an die letzten Wochen. Wie oft ist das so?',
    'page.worries.description': 'Denk an die letzten Wochen. Wie oft ist das so?',
    'choice.gender.d': 'weder Mädchen noch Junge',
    'choice.disc_reason.gender': 'Weil ich ein Mädchen bin, ein Junge oder keins von beiden',
  },
};

const patched = Object.fromEntries(
  Object.entries(texts).map(([code, table]) => [
    code,
    { ...table, ...revision2Patches[code as Uwe2026LanguageCode], ...residenceTexts[code as Uwe2026LanguageCode] },
  ]),
) as unknown as Record<Uwe2026LanguageCode, Record<TextKey | ResidenceTextKey, string>>;

const text = localizer(patched, 'de');

/** Where the child lives, asked in every grade on the last page, before the free text. */
export const residenceItem: CatalogueItem = {
  id: 'residence',
  dimension: 'background',
  scale: null,
  answerScale: 'residence',
  choices: [
    { code: 'weiss_nicht', textKey: 'choice.residence.weiss_nicht' },
    { code: 'nicht_in_stadt', textKey: 'choice.residence.nicht_in_stadt' },
  ],
  reverse: false,
  sensitive: false,
  followUpOf: null,
  grades: [4, 7, 9],
  textKey: 'item.residence',
};

const revision2Catalogue = {
  ...catalogue,
  items: [...catalogue.items, residenceItem],
  pages: catalogue.pages.map((p) =>
    p.id === 'about_you'
      ? { ...p, itemIds: p.itemIds.flatMap((id) => (id === 'free_text' ? ['residence', id] : [id])) }
      : p,
  ),
};

export const uwe2026r2: InstrumentVersion = {
  id: 'uwe-2026-r2',
  title: "Wie geht's dir? UWE 2026, Fassung 2 (eigene Formulierung, nach der Klassenprobe überarbeitet)",
  catalogue: revision2Catalogue,
  forms: {
    grade4: buildSurveyForm(revision2Catalogue, 'grade4', text),
    grade7: buildSurveyForm(revision2Catalogue, 'grade7', text),
  },
  languages: languages.map((l) => ({ ...l })),
  cutoffs: { ...defaultCutoffs },
  wellbeing: { scales: ['optimism', 'happiness', 'self_esteem', 'absence_of_sadness', 'general_health'] },
  assets,
};
