import { type Static, Type } from '@sinclair/typebox';
import { IdSchema } from './common.ts';

export const ReportLevelSchema = Type.Union([Type.Literal('city'), Type.Literal('sozialraum'), Type.Literal('school')]);
export type ReportLevel = Static<typeof ReportLevelSchema>;

/** Sozialraum tables by where the school is (default) or where the children live (issue 19). */
export const GeographySchema = Type.Union([Type.Literal('school_location'), Type.Literal('residence')], {
  description: 'Sozialraum tables by school location (default) or by where the children live',
});
export type Geography = Static<typeof GeographySchema>;

/**
 * The level of a stored number: the three report levels, and `residence` for Sozialraum tables by
 * where the children live (`?geography=residence`; in the export a level of its own).
 */
export const CellLevelSchema = Type.Union([
  Type.Literal('city'),
  Type.Literal('sozialraum'),
  Type.Literal('residence'),
  Type.Literal('school'),
]);
export type CellLevel = Static<typeof CellLevelSchema>;

/** One published number: a row of the long export format (ARCHITECTURE.md), same field names. */
export const ReportCellSchema = Type.Object({
  level: CellLevelSchema,
  unit_id: Type.String(),
  unit_name: Type.String(),
  breakdown: Type.Union([Type.Literal('none'), Type.Literal('grade'), Type.Literal('gender')]),
  group: Type.String({ description: "'all', a grade, or a gender group: f, m, other (divers / keine Angabe)" }),
  item: Type.String({
    description:
      'Item, choice (item.code), scale.<id>, index.<id>, asset.<id>, participation (n: children who took part; pct response_rate), participation.enrolled (n: class sizes) or participation.paper (n: paper questionnaires; pct paper_share)',
  }),
  statistic: Type.Union([Type.Literal('n'), Type.Literal('pct'), Type.Literal('mean')]),
  category: Type.String({ description: "Answer code, merged codes joined by '+'; empty for n and mean" }),
  value: Type.Union([Type.Number(), Type.Null()], {
    description:
      'Empty where suppressed or banded. Counts are perturbed (cell key method), percentages come from perturbed counts',
  }),
  flag: Type.String({
    description:
      "'' published, 'suppressed' (keine Angabe), 'almost_all' (fast alle), '<1' or '>99' (instead of 0 % / 100 % below city level)",
  }),
});
export type ReportCell = Static<typeof ReportCellSchema>;

export const ReleaseStatusSchema = Type.Union([
  Type.Literal('building'),
  Type.Literal('ready'),
  Type.Literal('failed'),
]);

export const ReleaseSchema = Type.Object({
  id: IdSchema,
  waveId: IdSchema,
  number: Type.Integer({ description: '1, 2, … per wave' }),
  status: ReleaseStatusSchema,
  progress: Type.Number({ minimum: 0, maximum: 1 }),
  createdAt: Type.String({ format: 'date-time' }),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  responses: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Children who took part, city-wide, as published (perturbed like every count)',
  }),
  cells: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  /** The release monitoring staff read. */
  current: Type.Boolean(),
});
export type Release = Static<typeof ReleaseSchema>;

export const ReportCategorySchema = Type.Object({ code: Type.String(), label: Type.String() });

export const ReportItemSchema = Type.Object({
  id: Type.String(),
  kind: Type.Union(['item', 'choice', 'scale', 'index', 'asset'].map((k) => Type.Literal(k))),
  label: Type.String(),
  dimension: Type.String(),
  scaleId: Type.Union([Type.String(), Type.Null()]),
  sensitive: Type.Boolean(),
  categories: Type.Array(ReportCategorySchema),
  mean: Type.Union([Type.Object({ min: Type.Number(), max: Type.Number() }), Type.Null()]),
});
export type ReportItemInfo = Static<typeof ReportItemSchema>;

export const ReportUnitSchema = Type.Object({
  level: ReportLevelSchema,
  id: Type.String(),
  name: Type.String(),
  /** Schools: their Sozialraum. */
  sozialraumId: Type.Optional(Type.String()),
});
export type ReportUnit = Static<typeof ReportUnitSchema>;

export const ReportWaveSchema = Type.Object({
  id: IdSchema,
  name: Type.String(),
  grades: Type.Array(Type.Integer()),
  startsOn: Type.String(),
  endsOn: Type.String(),
  status: Type.String(),
  /** The release the reports read (the newest ready one), if any. */
  release: Type.Union([ReleaseSchema, Type.Null()]),
});
export type ReportWave = Static<typeof ReportWaveSchema>;

export const DIMENSION_LABELS: Record<string, string> = {
  index: 'Indizes',
  social_emotional: 'Sozial-emotionale Entwicklung',
  connectedness: 'Verbundenheit',
  school: 'Schulerfahrungen',
  physical_health: 'Körperliche Gesundheit und Wohlbefinden',
  after_school: 'Freizeit nach der Schule',
  uwe_additions: 'Weitere Lebensbereiche',
  background: 'Hintergrund',
};

/** Everything a report page needs to label and arrange a release's numbers. */
export const ReportCatalogueSchema = Type.Object({
  release: ReleaseSchema,
  items: Type.Array(ReportItemSchema),
  units: Type.Array(ReportUnitSchema),
  /** How the numbers are protected; thresholds and the noise variance stay configuration (rule 12). */
  disclosure: Type.Object({
    method: Type.Literal('cell_key'),
    maxDeviation: Type.Integer({ description: 'A published count differs from the true one by at most this much' }),
  }),
});
export type ReportCatalogue = Static<typeof ReportCatalogueSchema>;

export const ReportCellsSchema = Type.Object({
  release: ReleaseSchema,
  cells: Type.Array(ReportCellSchema),
});
export type ReportCells = Static<typeof ReportCellsSchema>;

export const ComparisonSchema = Type.Object({
  /** This wave and the earlier waves of its instrument family that have a release, oldest first. */
  waves: Type.Array(Type.Object({ waveId: IdSchema, name: Type.String(), releaseNumber: Type.Integer() })),
  rows: Type.Array(
    Type.Object({
      item: Type.String(),
      statistic: Type.Union([Type.Literal('pct'), Type.Literal('mean')]),
      category: Type.String(),
      /** One value per wave, in the order of `waves`; null where not published. */
      values: Type.Array(Type.Union([Type.Number(), Type.Null()])),
      /** This wave minus the previous one, only where both were published (rule 9). */
      change: Type.Union([Type.Number(), Type.Null()]),
      /** The published (perturbed) number of answers behind each value, in the order of `waves`. */
      n: Type.Array(Type.Union([Type.Integer(), Type.Null()])),
      /**
       * Change from each wave's predecessor, one per wave (null for the first and wherever either
       * value was not published); `clear` ("deutlich") where its 95 % interval, computed from the
       * published values, their group sizes and the disclosure noise, excludes zero. The interval's
       * ends are not sent: with the published numbers they would give away the noise variance
       * (DISCLOSURE.md rule 12).
       */
      changes: Type.Array(Type.Union([Type.Object({ change: Type.Number(), clear: Type.Boolean() }), Type.Null()])),
    }),
  ),
});
export type Comparison = Static<typeof ComparisonSchema>;

export const ReleaseQuerySchema = Type.Object(
  {
    release: Type.Optional(Type.Integer({ minimum: 1, description: 'Release number; default: the newest ready one' })),
  },
  { additionalProperties: false },
);

export const CsvDialectSchema = Type.Union([Type.Literal('excel-de')], {
  description:
    "excel-de: for German Excel (';' between fields, decimal comma, UTF-8 with byte order mark, CRLF); default: RFC 4180 with ',' and '.'",
});
export type CsvDialect = Static<typeof CsvDialectSchema>;

export const ExportQuerySchema = Type.Object(
  {
    release: ReleaseQuerySchema.properties.release,
    dialect: Type.Optional(CsvDialectSchema),
  },
  { additionalProperties: false },
);

export const CodebookQuerySchema = Type.Object(
  { dialect: Type.Optional(CsvDialectSchema) },
  { additionalProperties: false },
);

export const ReleaseBuildSchema = Type.Object(
  {
    makeCurrent: Type.Optional(
      Type.Boolean({ description: 'Monitoring staff read the new release once it is ready (default true)' }),
    ),
  },
  { additionalProperties: false },
);

export const SetCurrentReleaseSchema = Type.Object(
  { release: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  { additionalProperties: false },
);

/** What a new release would publish against the current one, per level. */
export const ReleasePreviewSchema = Type.Object({
  /** The release compared with (the current one); null: the wave has none yet. */
  baseRelease: Type.Union([Type.Integer(), Type.Null()]),
  /** Children who took part, city-wide, as the new release would publish it. */
  responses: Type.Union([Type.Integer(), Type.Null()]),
  levels: Type.Array(
    Type.Object({
      level: CellLevelSchema,
      cells: Type.Integer(),
      published: Type.Integer(),
      becomeVisible: Type.Integer(),
      becomeHidden: Type.Integer(),
      changed: Type.Integer(),
      unchanged: Type.Integer(),
      /** Mean and largest change of percentages shown in both (percentage points). */
      meanAbsChangePct: Type.Union([Type.Number(), Type.Null()]),
      maxAbsChangePct: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
});
export type ReleasePreview = Static<typeof ReleasePreviewSchema>;
