/**
 * TypeBox schema of an instrument version, for the structural half of checking an uploaded
 * definition. Catalogue and version fields are closed (unknown fields are rejected); the SurveyJS
 * parts stay open here because `checkSurveyAgainstCatalogue` names the offending item for every
 * property it does not allow (e.g. isRequired).
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { InstrumentVersion } from './instrument.ts';

const closed = { additionalProperties: false } as const;

const Code = Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Number()]);
const Grade = Type.Union([Type.Literal(4), Type.Literal(7), Type.Literal(9)]);
const AnswerScaleId = Type.Union(
  (['agree5', 'freq5', 'bully5', 'days0to7', 'yesno', 'multi', 'single', 'text', 'residence'] as const).map((id) =>
    Type.Literal(id),
  ),
);
const Dimension = Type.Union(
  (
    [
      'social_emotional',
      'connectedness',
      'school',
      'physical_health',
      'after_school',
      'uwe_additions',
      'free_text',
      'background',
    ] as const
  ).map((d) => Type.Literal(d)),
);

const AnswerScale = Type.Object(
  {
    id: AnswerScaleId,
    codes: Type.Union([Type.Array(Type.Number()), Type.Array(Type.String())]),
    choiceTextKeys: Type.Array(Type.String()),
  },
  closed,
);

const CatalogueItem = Type.Object(
  {
    id: Type.String(),
    dimension: Dimension,
    scale: Type.Union([Type.String(), Type.Null()]),
    answerScale: AnswerScaleId,
    choices: Type.Optional(
      Type.Array(Type.Object({ code: Code, textKey: Type.String(), exclusive: Type.Optional(Type.Boolean()) }, closed)),
    ),
    reverse: Type.Boolean(),
    sensitive: Type.Boolean(),
    followUpOf: Type.Union([
      Type.Object({ itemId: Type.String(), codes: Type.Array(Code, { minItems: 1 }) }, closed),
      Type.Null(),
    ]),
    grades: Type.Array(Grade, { minItems: 1 }),
    textKey: Type.String(),
    topCode: Type.Optional(Type.Number()),
  },
  closed,
);

const ScaleDefinition = Type.Object(
  { id: Type.String(), dimension: Dimension, itemIds: Type.Array(Type.String()), scored: Type.Boolean() },
  closed,
);

const PageDefinition = Type.Object(
  {
    id: Type.String(),
    titleKey: Type.String(),
    descriptionKey: Type.Optional(Type.String()),
    itemIds: Type.Array(Type.String()),
    grades: Type.Array(Grade, { minItems: 1 }),
  },
  closed,
);

const LocalizedText = Type.Object({ default: Type.String() }, { additionalProperties: Type.String() });

const SurveyChoice = Type.Object({ value: Code, text: LocalizedText, isExclusive: Type.Optional(Type.Boolean()) });

const SurveyQuestion = Type.Object({
  type: Type.Union([
    Type.Literal('radiogroup'),
    Type.Literal('checkbox'),
    Type.Literal('comment'),
    Type.Literal('residence'),
  ]),
  name: Type.String(),
  title: LocalizedText,
  description: Type.Optional(LocalizedText),
  choices: Type.Optional(Type.Array(SurveyChoice)),
  visibleIf: Type.Optional(Type.String()),
  maxLength: Type.Optional(Type.Integer()),
  colCount: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
  residenceTexts: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), LocalizedText)),
});

const SurveyPage = Type.Object({
  name: Type.String(),
  title: LocalizedText,
  description: Type.Optional(LocalizedText),
  elements: Type.Array(SurveyQuestion),
});

const SurveyJson = Type.Object({
  showQuestionNumbers: Type.Literal('off'),
  showProgressBar: Type.Boolean(),
  progressBarLocation: Type.Optional(
    Type.Union(
      (['top', 'bottom', 'topbottom', 'aboveHeader', 'belowHeader', 'auto'] as const).map((l) => Type.Literal(l)),
    ),
  ),
  clearInvisibleValues: Type.Optional(
    Type.Union([Type.Literal('onHidden'), Type.Literal('onComplete'), Type.Literal('none')]),
  ),
  pages: Type.Array(SurveyPage, { minItems: 1 }),
});

const ScaleCategory = Type.Union([Type.Literal('high'), Type.Literal('medium'), Type.Literal('low')]);

const AssetRule = Type.Recursive((This) =>
  Type.Union([
    Type.Object({ kind: Type.Literal('scaleCategory'), scale: Type.String(), category: ScaleCategory }, closed),
    Type.Object({ kind: Type.Literal('allOf'), rules: Type.Array(This, { minItems: 1 }) }, closed),
    Type.Object({ kind: Type.Literal('itemAtLeast'), itemId: Type.String(), min: Type.Number() }, closed),
    Type.Object(
      { kind: Type.Literal('multiAny'), itemId: Type.String(), codes: Type.Array(Code, { minItems: 1 }) },
      closed,
    ),
  ]),
);

const answerScaleRecord: Record<string, TSchema> = Object.fromEntries(
  ['agree5', 'freq5', 'bully5', 'days0to7', 'yesno', 'multi', 'single', 'text', 'residence'].map((id) => [
    id,
    AnswerScale,
  ]),
);

export const InstrumentVersionSchema = Type.Object(
  {
    id: Type.String({ maxLength: 64 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    catalogue: Type.Object(
      {
        items: Type.Array(CatalogueItem, { minItems: 1, maxItems: 1000 }),
        scales: Type.Array(ScaleDefinition),
        answerScales: Type.Object(
          answerScaleRecord as Record<
            'agree5' | 'freq5' | 'bully5' | 'days0to7' | 'yesno' | 'multi' | 'single' | 'text' | 'residence',
            typeof AnswerScale
          >,
          closed,
        ),
        pages: Type.Array(PageDefinition, { minItems: 1 }),
      },
      closed,
    ),
    forms: Type.Object({ grade4: SurveyJson, grade7: SurveyJson }, closed),
    languages: Type.Array(
      Type.Object(
        {
          code: Type.String(),
          name: Type.String({ minLength: 1 }),
          dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
          review: Type.Union([Type.Literal('source'), Type.Literal('needs_review'), Type.Literal('reviewed')]),
          surveyLocale: Type.String({ minLength: 2 }),
        },
        closed,
      ),
      { minItems: 1 },
    ),
    cutoffs: Type.Object({ high: Type.Number(), medium: Type.Number() }, closed),
    wellbeing: Type.Object({ scales: Type.Array(Type.String()) }, closed),
    assets: Type.Array(Type.Object({ id: Type.String(), rule: AssetRule }, closed)),
    /** Recorded audio: item id → language → same-origin path of the recording. */
    audio: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.String({ maxLength: 300 })))),
  },
  closed,
);

/** Whatever passes the schema can be used as an InstrumentVersion (checked at compile time). */
export type InstrumentVersionJson = Static<typeof InstrumentVersionSchema>;
const _assignable = (v: InstrumentVersionJson): InstrumentVersion => v;
void _assignable;
