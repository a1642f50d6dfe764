import { type Static, Type } from '@sinclair/typebox';
import { GradeSchema, IdSchema } from './common.ts';

export const SessionCreateSchema = Type.Object(
  {
    waveId: IdSchema,
    schoolId: IdSchema,
    grade: GradeSchema,
    classLabel: Type.String({ minLength: 1, maxLength: 40 }),
    expectedPupils: Type.Integer({ minimum: 1, maximum: 40 }),
    /** Children in the class (with and without consent), for response rates; at least expectedPupils. */
    enrolledPupils: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type SessionCreate = Static<typeof SessionCreateSchema>;

/**
 * The teacher may raise the number of pupils present while the session is open, and correct the
 * class size at any time (also after the session closed).
 */
export const SessionPatchSchema = Type.Object(
  {
    expectedPupils: Type.Optional(Type.Integer({ minimum: 1, maximum: 40 })),
    enrolledPupils: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SessionPatch = Static<typeof SessionPatchSchema>;

export const SessionCountsSchema = Type.Object({
  joined: Type.Integer(),
  answering: Type.Integer(),
  finished: Type.Integer(),
  withdrawn: Type.Integer(),
  /** Paper questionnaires typed in by staff; part of `finished`. */
  paper: Type.Integer(),
});
export type SessionCounts = Static<typeof SessionCountsSchema>;

export const SessionSchema = Type.Object({
  id: IdSchema,
  waveId: IdSchema,
  schoolId: IdSchema,
  grade: GradeSchema,
  classLabel: Type.String(),
  expectedPupils: Type.Integer(),
  /** Class size for response rates; null where it was not entered. */
  enrolledPupils: Type.Union([Type.Integer(), Type.Null()]),
  seatCap: Type.Integer(),
  /** Six characters from an alphabet without look-alikes, e.g. "K7M4QX". */
  code: Type.String(),
  /** The code as shown to the class, e.g. "K7M-4QX". */
  codeDisplay: Type.String(),
  /** Relative URL for the QR code. */
  joinUrl: Type.String(),
  openedAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  /** Set when the teacher locked the code ("Code sperren"): no more seats, taken seats keep working. */
  codeLockedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  counts: SessionCountsSchema,
});
export type Session = Static<typeof SessionSchema>;
