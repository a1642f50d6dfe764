import { type Static, Type } from '@sinclair/typebox';
import { DateSchema, GradeSchema, IdSchema, RoleSchema } from './common.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

/** GeoJSON Polygon or MultiPolygon in WGS84 (lon, lat); checked in depth by the API. */
export const GeometrySchema = Type.Object(
  {
    type: Type.Union([Type.Literal('Polygon'), Type.Literal('MultiPolygon')]),
    coordinates: Type.Array(Type.Any(), { minItems: 1 }),
  },
  { additionalProperties: true },
);

export const SozialraumSchema = Type.Object({
  id: IdSchema,
  name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  district: Type.Union([Type.String(), Type.Null()]),
  geometry: Type.Union([GeometrySchema, Type.Null()]),
  active: Type.Boolean(),
});
export type Sozialraum = Static<typeof SozialraumSchema>;

export const SozialraumCreateSchema = Type.Object(
  {
    name: Name,
    code: Type.Optional(Nullable(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,40}$' }))),
    district: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    // Accepts a Feature or a bare geometry; stored as the geometry.
    geometry: Type.Optional(Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()])),
  },
  { additionalProperties: false },
);
export type SozialraumCreate = Static<typeof SozialraumCreateSchema>;
export const SozialraumPatchSchema = Type.Partial(
  Type.Object({ ...SozialraumCreateSchema.properties, active: Type.Boolean() }, { additionalProperties: false }),
);
export type SozialraumPatch = Static<typeof SozialraumPatchSchema>;

export const SchoolTypeSchema = Type.Union(
  [
    'grundschule',
    'hauptschule',
    'realschule',
    'gymnasium',
    'gesamtschule',
    'sekundarschule',
    'foerderschule',
    'sonstige',
  ].map((t) => Type.Literal(t)),
);
export const SchoolSchema = Type.Object({
  id: IdSchema,
  name: Type.String(),
  sozialraumId: IdSchema,
  type: Type.String(),
  active: Type.Boolean(),
});
export type School = Static<typeof SchoolSchema>;
export const SchoolCreateSchema = Type.Object(
  { name: Name, sozialraumId: IdSchema, type: Type.Optional(SchoolTypeSchema) },
  { additionalProperties: false },
);
export type SchoolCreate = Static<typeof SchoolCreateSchema>;
export const SchoolPatchSchema = Type.Partial(
  Type.Object(
    { ...SchoolCreateSchema.properties, type: SchoolTypeSchema, active: Type.Boolean() },
    { additionalProperties: false },
  ),
);
export type SchoolPatch = Static<typeof SchoolPatchSchema>;

export const SchoolImportResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  created: Type.Integer(),
  schools: Type.Array(
    Type.Object({ line: Type.Integer(), name: Type.String(), sozialraum: Type.String(), type: Type.String() }),
  ),
});
export type SchoolImportResult = Static<typeof SchoolImportResultSchema>;

export const WaveStatusSchema = Type.Union([
  Type.Literal('planned'),
  Type.Literal('in_field'),
  Type.Literal('closed'),
  Type.Literal('released'),
]);
export const WaveSchema = Type.Object({
  id: IdSchema,
  name: Type.String(),
  instrumentId: Type.String(),
  grades: Type.Array(GradeSchema),
  startsOn: DateSchema,
  endsOn: DateSchema,
  status: WaveStatusSchema,
});
export type Wave = Static<typeof WaveSchema>;
export const WaveCreateSchema = Type.Object(
  {
    name: Name,
    instrumentId: Type.String({ minLength: 1, maxLength: 100 }),
    grades: Type.Array(GradeSchema, { minItems: 1, maxItems: 3, uniqueItems: true }),
    startsOn: DateSchema,
    endsOn: DateSchema,
    status: Type.Optional(WaveStatusSchema),
  },
  { additionalProperties: false },
);
export type WaveCreate = Static<typeof WaveCreateSchema>;
/** The instrument is fixed once a wave exists: answers are only comparable within one version. */
export const WavePatchSchema = Type.Partial(
  Type.Object(
    {
      name: Name,
      grades: WaveCreateSchema.properties.grades,
      startsOn: DateSchema,
      endsOn: DateSchema,
      status: WaveStatusSchema,
    },
    { additionalProperties: false },
  ),
);
export type WavePatch = Static<typeof WavePatchSchema>;

export const UserSchema = Type.Object({
  id: IdSchema,
  email: Type.String(),
  displayName: Type.Union([Type.String(), Type.Null()]),
  role: RoleSchema,
  schoolIds: Type.Array(IdSchema),
  active: Type.Boolean(),
});
export type User = Static<typeof UserSchema>;
const Password = Type.String({ minLength: 10, maxLength: 200 });
export const UserCreateSchema = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' }),
    password: Password,
    role: RoleSchema,
    displayName: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
    schoolIds: Type.Optional(Type.Array(IdSchema, { uniqueItems: true, maxItems: 100 })),
  },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreateSchema>;
export const UserPatchSchema = Type.Partial(
  Type.Object(
    {
      displayName: Nullable(Type.String({ maxLength: 200 })),
      role: RoleSchema,
      schoolIds: Type.Array(IdSchema, { uniqueItems: true, maxItems: 100 }),
      active: Type.Boolean(),
      password: Password,
    },
    { additionalProperties: false },
  ),
);
export type UserPatch = Static<typeof UserPatchSchema>;

export const AuditEntrySchema = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  actorId: Type.Union([IdSchema, Type.Null()]),
  actorEmail: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  /** What the changed thing is called now (school, wave, account e-mail, "school, Jahrgang 7"; never a class label). */
  entityName: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntry = Static<typeof AuditEntrySchema>;

/** One school and grade of a wave in the field: operational counts for admins, never for reports. */
export const FieldworkRowSchema = Type.Object({
  schoolId: IdSchema,
  schoolName: Type.String(),
  sozialraumName: Type.String(),
  grade: GradeSchema,
  sessions: Type.Integer({ description: 'Class sessions opened' }),
  enrolled: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Sum of the class sizes; null if a session lacks one',
  }),
  joined: Type.Integer({ description: 'Seats taken' }),
  finished: Type.Integer(),
  partial: Type.Integer({ description: 'Begun, at least one answer, not finished' }),
  withdrawn: Type.Integer(),
  withoutSessions: Type.Boolean({ description: 'A school of the wave’s grades without any session' }),
});
export type FieldworkRow = Static<typeof FieldworkRowSchema>;

export const FieldworkSchema = Type.Object({
  waveId: IdSchema,
  waveName: Type.String(),
  rows: Type.Array(FieldworkRowSchema),
});
export type Fieldwork = Static<typeof FieldworkSchema>;

/** Free-text answers of a wave for admins: city-wide, shuffled, without school, class or date. */
export const FreeTextsSchema = Type.Object({
  waveId: IdSchema,
  texts: Type.Array(
    Type.Object({
      id: Type.String({ description: 'Handle for deleting the text; says nothing about who wrote it' }),
      item: Type.String({ description: 'The catalogue item, e.g. free_text' }),
      text: Type.String(),
    }),
  ),
});
export type FreeTexts = Static<typeof FreeTextsSchema>;

/** A checked street list (preview or import); the whole list is replaced by an import. */
export const StreetImportResultSchema = Type.Object({
  dryRun: Type.Boolean(),
  cityName: Type.String(),
  /** Distinct streets and their rows (a split street has one row per part). */
  streets: Type.Integer(),
  rows: Type.Integer(),
  /** Streets in several Sozialräume without house numbers: the child picks the Sozialraum. */
  ambiguous: Type.Array(Type.String()),
  /** The first rows of the file as read (a preview, not the whole list). */
  preview: Type.Array(
    Type.Object({
      line: Type.Integer(),
      street: Type.String(),
      houseNumbers: Type.String(),
      sozialraum: Type.String(),
    }),
  ),
});
export type StreetImportResult = Static<typeof StreetImportResultSchema>;

export const StreetListSummarySchema = Type.Object({
  cityName: Type.Union([Type.String(), Type.Null()]),
  importedOn: Type.Union([Type.String(), Type.Null()]),
  streets: Type.Integer(),
  rows: Type.Integer(),
  ambiguous: Type.Array(Type.String()),
});
export type StreetListSummary = Static<typeof StreetListSummarySchema>;
