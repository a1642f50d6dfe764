import { type Static, Type } from '@sinclair/typebox';
import { IdSchema, RoleSchema } from './common.ts';

export const LoginBodySchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBodySchema>;

export const StaffUserSchema = Type.Object({
  id: IdSchema,
  email: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
  schoolIds: Type.Array(IdSchema),
});
export type StaffUser = Static<typeof StaffUserSchema>;

export const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  db: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')]),
});
export type Health = Static<typeof HealthSchema>;
