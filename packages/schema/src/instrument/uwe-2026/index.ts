/** The built-in instrument version "uwe-2026": the project's own wording in nine languages. */
import { defaultCutoffs, type InstrumentVersion } from '../instrument.ts';
import { assets } from './assets.ts';
import { languages } from './languages.ts';
import { buildForm, catalogue } from './survey.ts';

export const uwe2026: InstrumentVersion = {
  id: 'uwe-2026',
  title: "Wie geht's dir? UWE 2026 (eigene Formulierung)",
  catalogue,
  forms: { grade4: buildForm('grade4'), grade7: buildForm('grade7') },
  languages: languages.map((l) => ({ ...l })),
  cutoffs: { ...defaultCutoffs },
  wellbeing: { scales: ['optimism', 'happiness', 'self_esteem', 'absence_of_sadness', 'general_health'] },
  assets,
};

export { assets } from './assets.ts';
export { languages, type Uwe2026LanguageCode } from './languages.ts';
export { type PaperTextKey, paperTextKeys, paperTexts, texts, type UiTextKey, uiTextKeys, uiTexts } from './survey.ts';
