import { type Static, Type } from '@sinclair/typebox';

export const IdSchema = Type.String({ format: 'uuid' });
export const IdParamsSchema = Type.Object({ id: IdSchema }, { additionalProperties: false });

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable machine code, e.g. SESSION_CLOSED' }),
    error: Type.String(),
    message: Type.String({ description: 'For a person to read' }),
  },
  { additionalProperties: true },
);
export type ApiError = Static<typeof ErrorSchema>;

export const RoleSchema = Type.Union([Type.Literal('admin'), Type.Literal('monitor'), Type.Literal('teacher')]);
export type Role = Static<typeof RoleSchema>;

export const GradeSchema = Type.Union([Type.Literal(4), Type.Literal(7), Type.Literal(9)]);
export type Grade = Static<typeof GradeSchema>;

/** YYYY-MM-DD */
export const DateSchema = Type.String({ format: 'date' });
