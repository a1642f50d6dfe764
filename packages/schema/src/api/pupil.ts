import { type Static, Type } from '@sinclair/typebox';

export const JoinBodySchema = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20 }) },
  { additionalProperties: false },
);
export type JoinBody = Static<typeof JoinBodySchema>;

export const LanguageInfoSchema = Type.Object({
  code: Type.String(),
  name: Type.String(),
  dir: Type.Union([Type.Literal('ltr'), Type.Literal('rtl')]),
});

export const JoinResultSchema = Type.Object({
  token: Type.String(),
  instrument: Type.Object({ id: Type.String(), form: Type.String() }),
  languages: Type.Array(LanguageInfoSchema),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type JoinResult = Static<typeof JoinResultSchema>;

/** Codes of one response, item id → code (a number, a string, a list for multiple choice, text). */
export const AnswersSchema = Type.Record(
  Type.String({ maxLength: 64 }),
  Type.Union([
    Type.Number(),
    Type.String({ maxLength: 2000 }),
    Type.Array(Type.Union([Type.String(), Type.Number()]), { maxItems: 50 }),
  ]),
  { maxProperties: 400 },
);
export type Answers = Static<typeof AnswersSchema>;

export const SaveResponseBodySchema = Type.Object(
  {
    answers: AnswersSchema,
    language: Type.String({ pattern: '^[a-z]{2}(-[a-z]+)?$', maxLength: 20 }),
    page: Type.Integer({ minimum: 0, maximum: 1000 }),
    revision: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    complete: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SaveResponseBody = Static<typeof SaveResponseBodySchema>;

export const SaveResponseResultSchema = Type.Object({
  status: Type.Union([Type.Literal('in_progress'), Type.Literal('finished')]),
  /** The revision the server holds now. */
  revision: Type.Integer(),
  /** False when the server already held this or a newer revision (nothing was overwritten). */
  applied: Type.Boolean(),
});
export type SaveResponseResult = Static<typeof SaveResponseResultSchema>;

/**
 * What a tablet loads once per seat: the SurveyJS form for the seat's grade, in the child's language
 * (`?lang=`) or in every language.
 */
export const PupilInstrumentSchema = Type.Object({
  id: Type.String(),
  form: Type.String(),
  /** Set when the form was asked for in one language: every text is then a plain string of it. */
  language: Type.Optional(Type.String()),
  /** SurveyJS JSON; without `language`, every text is a localizable object with one entry per language. */
  survey: Type.Record(Type.String(), Type.Unknown()),
  languages: Type.Array(LanguageInfoSchema),
  /** The app's own texts around the survey (intro, end, withdraw, read aloud), per language served. */
  ui: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
  /** Recorded audio, item id → language → path; played instead of the device's voice. */
  audio: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
});
export type PupilInstrument = Static<typeof PupilInstrumentSchema>;
