import { type Static, Type } from '@sinclair/typebox';
import { GradeSchema, IdSchema } from './common.ts';
import { AnswersSchema } from './pupil.ts';

const LanguageSchema = Type.String({ pattern: '^[a-z]{2}(-[a-z]+)?$', maxLength: 20 });

/** One paper questionnaire as staff typed it in: answer codes as a tablet sends them. */
export const PaperSheetBodySchema = Type.Object(
  { answers: AnswersSchema, language: LanguageSchema },
  { additionalProperties: false },
);
export type PaperSheetBody = Static<typeof PaperSheetBodySchema>;

export const PaperStatusSchema = Type.Object({
  sessionId: IdSchema,
  instrumentId: Type.String(),
  /** The form of the session's grade (grade4 or grade7). */
  form: Type.String(),
  grade: GradeSchema,
  classLabel: Type.String(),
  /** Printed on every sheet, e.g. "K7M-4QX". */
  codeDisplay: Type.String(),
  sessionStatus: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  /** Class size entered by the teacher; null where it is missing. */
  enrolledPupils: Type.Union([Type.Integer(), Type.Null()]),
  /** Most responses the session can hold: the class size, or the seat cap where none is entered. */
  limit: Type.Integer(),
  counts: Type.Object({
    /** Paper sheets that count (finished responses with mode paper). */
    paper: Type.Integer(),
    /** Tablet responses (not withdrawn). */
    tablet: Type.Integer(),
    /** Double-entry sheets typed in but not yet resolved: they do not count yet. */
    pending: Type.Integer(),
  }),
  entry: Type.Object({
    /** Whether this user may enter (and undo) sheets now. */
    open: Type.Boolean(),
    /** For a teacher: the end of the window after the session closed; null while it is open-ended. */
    until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** The rule in words. */
    note: Type.String(),
  }),
});
export type PaperStatus = Static<typeof PaperStatusSchema>;

export const PaperSheetResultSchema = Type.Object({
  /** Handle for undoing this sheet; known only to the client that entered it. */
  sheetId: IdSchema,
  status: PaperStatusSchema,
});
export type PaperSheetResult = Static<typeof PaperSheetResultSchema>;

export const PaperSheetParamsSchema = Type.Object({ id: IdSchema, sheetId: IdSchema }, { additionalProperties: false });

/** A value of one item as typed in one pass; null where that pass left the item empty. */
const EntryValueSchema = Type.Union([
  Type.Number(),
  Type.String(),
  Type.Array(Type.Union([Type.String(), Type.Number()])),
  Type.Null(),
]);

export const DoubleEntryParamsSchema = Type.Object(
  { id: IdSchema, sheet: Type.Integer({ minimum: 1, maximum: 999 }), pass: Type.Integer({ minimum: 1, maximum: 2 }) },
  { additionalProperties: false },
);
export const DoubleEntrySheetParamsSchema = Type.Object(
  { id: IdSchema, sheet: Type.Integer({ minimum: 1, maximum: 999 }) },
  { additionalProperties: false },
);

export const DoubleEntryDifferenceSchema = Type.Object({
  itemId: Type.String(),
  /** The question's number on the sheet, e.g. "42a". */
  number: Type.String(),
  first: EntryValueSchema,
  second: EntryValueSchema,
});
export type DoubleEntryDifference = Static<typeof DoubleEntryDifferenceSchema>;

export const DoubleEntrySheetSchema = Type.Object({
  sheet: Type.Integer(),
  first: Type.Boolean(),
  second: Type.Boolean(),
  /** Item by item where both entries exist and disagree. */
  differences: Type.Array(DoubleEntryDifferenceSchema),
  /** The sheet's language where the two entries disagree on it. */
  languages: Type.Union([Type.Object({ first: Type.String(), second: Type.String() }), Type.Null()]),
});
export type DoubleEntrySheet = Static<typeof DoubleEntrySheetSchema>;

export const DoubleEntryListSchema = Type.Object({
  sheets: Type.Array(DoubleEntrySheetSchema),
  /** Sheet numbers already resolved and counted. */
  counted: Type.Array(Type.Integer()),
  status: PaperStatusSchema,
});
export type DoubleEntryList = Static<typeof DoubleEntryListSchema>;

/**
 * Resolving one sheet: for every item the entries disagree on, the value that stands on the paper
 * (`values`) or that the item stays empty (`empty`); and the language where the entries disagree
 * on it. (Emptiness is a list rather than null values: query-style type coercion would read a null
 * as 0 or "".)
 */
export const DoubleEntryResolveBodySchema = Type.Object(
  {
    values: AnswersSchema,
    empty: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 400, uniqueItems: true })),
    language: Type.Optional(LanguageSchema),
  },
  { additionalProperties: false },
);
export type DoubleEntryResolveBody = Static<typeof DoubleEntryResolveBodySchema>;

export const DoubleEntryCommitResultSchema = Type.Object({
  /** Sheets whose two entries agreed and that now count. */
  committed: Type.Integer(),
  list: DoubleEntryListSchema,
});
export type DoubleEntryCommitResult = Static<typeof DoubleEntryCommitResultSchema>;
