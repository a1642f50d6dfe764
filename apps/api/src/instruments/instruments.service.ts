import { createHash } from 'node:crypto';
import {
  builtinInstruments,
  createAnswerValidator,
  type FormId,
  formForGrade,
  getBuiltinInstrument,
  type InstrumentVersion,
  type PupilInstrument,
  paperTexts,
  surveyInLanguage,
  uiTexts,
  validateInstrumentDefinition,
} from '@uwe/schema';
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.repository.ts';
import type { DB } from '../db/types.ts';
import { isUniqueViolation } from '../lib/db-errors.ts';
import { AppError, conflict } from '../lib/errors.ts';
import * as repo from './instruments.repository.ts';

/**
 * Instrument versions never change once they exist (a wave and its answers are bound to one), so
 * each is parsed, checked and compiled once per process.
 */
const loaded = new Map<string, InstrumentVersion>();
const validators = new Map<string, ReturnType<typeof createAnswerValidator>>();
const payloads = new Map<string, { body: PupilInstrument; etag: string }>();

export async function findInstrument(db: Kysely<DB>, id: string): Promise<InstrumentVersion | undefined> {
  const builtin = getBuiltinInstrument(id);
  if (builtin) return builtin;
  const cached = loaded.get(id);
  if (cached) return cached;
  const row = await repo.findStoredInstrument(db, id);
  if (!row) return undefined;
  const result = validateInstrumentDefinition(row.definition);
  if (!result.ok) throw new AppError(500, 'INTERNAL_ERROR', `stored instrument ${id} no longer validates`);
  loaded.set(id, result.instrument);
  return result.instrument;
}

export function formFor(grade: number) {
  return formForGrade(grade as 4 | 7 | 9);
}

export interface AnswerError {
  itemId: string;
  reason: string;
}

export function validateAnswers(instrument: InstrumentVersion, grade: number, answers: unknown): AnswerError[] {
  let validate = validators.get(instrument.id);
  if (!validate) {
    validate = createAnswerValidator(instrument);
    validators.set(instrument.id, validate);
  }
  const result = validate(grade as 4 | 7 | 9, answers);
  return result.ok ? [] : result.errors;
}

/**
 * One form of a version, with an ETag for revalidation: in every language (the print version, old
 * tablets), or in the child's language only, with the list of languages (what a tablet loads).
 */
export function pupilInstrument(
  instrument: InstrumentVersion,
  form: FormId,
  language?: string,
): { body: PupilInstrument; etag: string } {
  const key = `${instrument.id}/${form}/${language ?? '*'}`;
  let payload = payloads.get(key);
  if (!payload) {
    const shown =
      language === undefined ? instrument.languages : instrument.languages.filter((l) => l.code === language);
    const survey = instrument.forms[form] as Record<string, unknown>;
    const audio = instrument.audio ?? {};
    const body: PupilInstrument = {
      id: instrument.id,
      form,
      ...(language === undefined ? {} : { language }),
      survey: language === undefined ? survey : surveyInLanguage(survey, language),
      languages: instrument.languages.map(({ code, name, dir }) => ({ code, name, dir })),
      ui: Object.fromEntries(shown.map((l) => [l.code, uiTexts(l.code)])),
      audio:
        language === undefined
          ? audio
          : Object.fromEntries(
              Object.entries(audio)
                .filter(([, byLanguage]) => byLanguage[language] !== undefined)
                .map(([item, byLanguage]) => [item, { [language]: byLanguage[language]! }]),
            ),
    };
    const etag = `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
    payload = { body, etag };
    payloads.set(key, payload);
  }
  return payload;
}

export async function listInstruments(db: Kysely<DB>) {
  const stored = await repo.listStoredInstruments(db);
  const all = [...builtinInstruments];
  for (const row of stored) {
    const i = await findInstrument(db, row.id);
    if (i) all.push(i);
  }
  return all.map((i) => ({
    id: i.id,
    title: i.title,
    builtin: getBuiltinInstrument(i.id) !== undefined,
    forms: Object.keys(i.forms),
    languages: i.languages.map(({ code, name, dir, review }) => ({ code, name, dir, review })),
  }));
}

/** An admin uploads a version (e.g. a municipality's licensed wording); checked before any wave may use it. */
export async function uploadInstrument(db: Kysely<DB>, actorId: string, definition: unknown) {
  const result = validateInstrumentDefinition(definition);
  if (!result.ok) {
    throw new AppError(
      422,
      'VALIDATION_FAILED',
      `Die Instrument-Version ist ungültig: ${result.errors.slice(0, 5).join('; ')}`,
      {
        errors: result.errors,
      },
    );
  }
  const instrument = result.instrument;
  if (getBuiltinInstrument(instrument.id))
    throw conflict(`Die Version "${instrument.id}" ist eingebaut und kann nicht ersetzt werden.`);
  await db
    .transaction()
    .execute(async (trx) => {
      await repo.insertInstrument(trx, {
        id: instrument.id,
        title: instrument.title,
        definition: JSON.stringify(definition),
        uploaded_by: actorId,
      });
      await writeAudit(trx, { actorId, action: 'upload', entity: 'instrument_version', entityId: instrument.id });
    })
    .catch((err) => {
      if (isUniqueViolation(err))
        throw conflict(`Die Version "${instrument.id}" gibt es schon; Versionen werden nie überschrieben.`);
      throw err;
    });
  return (await listInstruments(db)).find((i) => i.id === instrument.id)!;
}

/**
 * A form for staff: the paper version and the data entry of paper sheets, and a preview. Its `ui`
 * texts include the paper form's own (how to tick, the routing sentences), which tablets never load.
 */
export async function staffForm(db: Kysely<DB>, id: string, form: string): Promise<PupilInstrument> {
  const instrument = await findInstrument(db, id);
  if (!instrument) throw new AppError(404, 'NOT_FOUND', `Die Instrument-Version "${id}" gibt es nicht.`);
  if (!(form in instrument.forms))
    throw new AppError(404, 'NOT_FOUND', `Die Form "${form}" gibt es nicht (grade4, grade7).`);
  const { body } = pupilInstrument(instrument, form as FormId);
  return {
    ...body,
    ui: Object.fromEntries(Object.entries(body.ui).map(([code, texts]) => [code, { ...texts, ...paperTexts(code) }])),
  };
}
