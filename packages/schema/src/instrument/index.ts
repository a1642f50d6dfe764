/**
 * Public surface of the instrument: catalogue types, instrument versions, the built-in version,
 * answer validation, scoring and the checks for uploaded versions.
 *
 * `Grade` of ./types.ts is not re-exported: api/common.ts already exports the same `Grade`
 * (4 | 7 | 9) from the package root, and two `export *` of one name would clash.
 */
import type { InstrumentVersion } from './instrument.ts';
import { uwe2026 } from './uwe-2026/index.ts';
import { uwe2026r2 } from './uwe-2026/revision-2.ts';

export {
  checkSurveyAgainstCatalogue,
  type InstrumentDefinitionResult,
  isSameOriginPath,
  validateInstrumentDefinition,
} from './consistency.ts';
export { type ExampleAnswers, exampleResponse } from './example-response.ts';
export {
  type AssetDefinition,
  type AssetRule,
  type Catalogue,
  type Cutoffs,
  defaultCutoffs,
  type FormId,
  formForGrade,
  formIds,
  gradesOfForm,
  type InstrumentVersion,
  type LanguageInfo,
  type LocalizedText,
  type ReviewStatus,
  type ScaleCategory,
  type SurveyChoiceJson,
  type SurveyJson,
  type SurveyPageJson,
  type SurveyQuestionJson,
  type SurveyQuestionType,
  surveySourceLocale,
  TEXT_MAX_LENGTH,
} from './instrument.ts';
export { type InstrumentVersionJson, InstrumentVersionSchema } from './instrument-schema.ts';
export {
  type EntryResult,
  entryOf,
  filterOpens,
  type PaperBlock,
  type PaperChoice,
  type PaperCondition,
  type PaperForm,
  type PaperQuestion,
  type PaperSection,
  type PaperText,
  paperForm,
  paperText,
  parseEntry,
} from './paper.ts';
export {
  type AnswerMap,
  type AssetsBand,
  type AssetsIndexResult,
  assetsBand,
  assetsIndex,
  type ResponseScores,
  type ScoringInstrument,
  scaleCategory,
  scaleScore,
  scoreResponse,
  type WellbeingCategory,
  wellbeingIndex,
} from './scoring.ts';
export {
  buildSurveyForm,
  choicesOf,
  localizer,
  parseVisibleIf,
  type ScaleLayout,
  scaleLayoutOfForm,
  surveyInLanguage,
  visibleIfExpression,
} from './survey-json.ts';
export type {
  AnswerScale,
  AnswerScaleId,
  CatalogueItem,
  Choice,
  ChoiceCode,
  Dimension,
  FollowUpFilter,
  PageDefinition,
  ScaleDefinition,
} from './types.ts';
export {
  languages,
  type PaperTextKey,
  paperTextKeys,
  paperTexts,
  type UiTextKey,
  type Uwe2026LanguageCode,
  uiTextKeys,
  uiTexts,
  uwe2026,
} from './uwe-2026/index.ts';
export { revision2Patches, uwe2026r2 } from './uwe-2026/revision-2.ts';
export {
  type AnswerErrorReason,
  type AnswerValidationError,
  type AnswerValidationResult,
  type AnswerValidator,
  createAnswerValidator,
} from './validation.ts';

/** Built-in versions, oldest first; a wave stays bound to the one it was created with. */
export const builtinInstruments: readonly InstrumentVersion[] = [uwe2026, uwe2026r2];

export function getBuiltinInstrument(id: string): InstrumentVersion | undefined {
  return builtinInstruments.find((i) => i.id === id);
}
