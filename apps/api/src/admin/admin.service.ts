import type {
  School,
  SchoolCreate,
  SchoolImportResult,
  SchoolPatch,
  Sozialraum,
  SozialraumCreate,
  SozialraumPatch,
  User,
  UserCreate,
  UserPatch,
  Wave,
  WaveCreate,
  WavePatch,
} from '@uwe/schema';
import type { Kysely, Selectable } from 'kysely';
import { writeAudit } from '../audit/audit.repository.ts';
import type { DB, SchoolTable, SchoolType, SozialraumTable, WaveTable } from '../db/types.ts';
import { findInstrument } from '../instruments/instruments.service.ts';
import { readCsvRecords } from '../lib/csv.ts';
import { isUniqueViolation } from '../lib/db-errors.ts';
import { AppError, badRequest, conflict, notFound } from '../lib/errors.ts';
import { hashPassword } from '../lib/passwords.ts';
import { deleteStaffSessionsOfUser, findUserById, insertUser, setUserSchools } from '../users/users.repository.ts';
import * as repo from './admin.repository.ts';
import { parseBoundary } from './geometry.ts';

const toSozialraum = (r: Selectable<SozialraumTable>): Sozialraum => ({
  id: r.id,
  name: r.name,
  code: r.code,
  district: r.district,
  geometry: (r.geometry as Sozialraum['geometry']) ?? null,
  active: r.active,
});
const toSchool = (r: Selectable<SchoolTable>): School => ({
  id: r.id,
  name: r.name,
  sozialraumId: r.sozialraum_id,
  type: r.type,
  active: r.active,
});
export const toWave = (r: Selectable<WaveTable>): Wave => ({
  id: r.id,
  name: r.name,
  instrumentId: r.instrument_id,
  grades: r.grades as Wave['grades'],
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  status: r.status,
});

function geometryJson(input: unknown): string | null {
  if (input === null || input === undefined) return null;
  const result = parseBoundary(input);
  if (!result.ok)
    throw new AppError(422, 'VALIDATION_FAILED', `Die Grenze ist ungültig: ${result.message}`, {
      fields: ['body/geometry'],
    });
  return JSON.stringify(result.geometry);
}

function duplicate(err: unknown, what: string): never {
  if (isUniqueViolation(err)) throw conflict(`${what} gibt es schon.`);
  throw err;
}

// --- Sozialräume

export async function listSozialraeume(db: Kysely<DB>) {
  return (await repo.listSozialraeume(db)).map(toSozialraum);
}

export async function createSozialraum(db: Kysely<DB>, actorId: string, body: SozialraumCreate) {
  const geometry = geometryJson(body.geometry);
  return db.transaction().execute(async (trx) => {
    const row = await repo
      .insertSozialraum(trx, {
        name: body.name.trim(),
        code: body.code ?? null,
        district: body.district ?? null,
        geometry,
      })
      .catch((e) => duplicate(e, 'Ein Sozialraum mit diesem Namen oder Kürzel'));
    await writeAudit(trx, {
      actorId,
      action: 'create',
      entity: 'sozialraum',
      entityId: row.id,
      details: { name: row.name },
    });
    return toSozialraum(row);
  });
}

export async function patchSozialraum(db: Kysely<DB>, actorId: string, id: string, body: SozialraumPatch) {
  const { geometry, ...rest } = body;
  const values = {
    ...rest,
    ...(rest.name !== undefined ? { name: rest.name.trim() } : {}),
    ...(geometry !== undefined ? { geometry: geometryJson(geometry) } : {}),
  };
  return db.transaction().execute(async (trx) => {
    const row = await repo
      .updateSozialraum(trx, id, values)
      .catch((e) => duplicate(e, 'Ein Sozialraum mit diesem Namen oder Kürzel'));
    if (!row) throw notFound('Diesen Sozialraum gibt es nicht.');
    await writeAudit(trx, {
      actorId,
      action: 'update',
      entity: 'sozialraum',
      entityId: id,
      details: { fields: Object.keys(body) },
    });
    return toSozialraum(row);
  });
}

// --- Schools

export async function listSchools(db: Kysely<DB>) {
  return (await repo.listSchools(db)).map(toSchool);
}

async function requireSozialraum(db: Kysely<DB>, id: string) {
  const sr = await repo.findSozialraum(db, id);
  if (!sr)
    throw new AppError(422, 'VALIDATION_FAILED', 'Diesen Sozialraum gibt es nicht.', { fields: ['body/sozialraumId'] });
  return sr;
}

export async function createSchool(db: Kysely<DB>, actorId: string, body: SchoolCreate) {
  await requireSozialraum(db, body.sozialraumId);
  return db.transaction().execute(async (trx) => {
    const [row] = await repo
      .insertSchools(trx, [
        { name: body.name.trim(), sozialraum_id: body.sozialraumId, type: body.type as SchoolType | undefined },
      ])
      .catch((e) => duplicate(e, 'Eine Schule mit diesem Namen'));
    await writeAudit(trx, {
      actorId,
      action: 'create',
      entity: 'school',
      entityId: row!.id,
      details: { name: row!.name },
    });
    return toSchool(row!);
  });
}

export async function patchSchool(db: Kysely<DB>, actorId: string, id: string, body: SchoolPatch) {
  if (body.sozialraumId) await requireSozialraum(db, body.sozialraumId);
  return db.transaction().execute(async (trx) => {
    const row = await repo
      .updateSchool(trx, id, {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.sozialraumId !== undefined ? { sozialraum_id: body.sozialraumId } : {}),
        ...(body.type !== undefined ? { type: body.type as SchoolType } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
      })
      .catch((e) => duplicate(e, 'Eine Schule mit diesem Namen'));
    if (!row) throw notFound('Diese Schule gibt es nicht.');
    await writeAudit(trx, {
      actorId,
      action: 'update',
      entity: 'school',
      entityId: id,
      details: { fields: Object.keys(body) },
    });
    return toSchool(row);
  });
}

const SCHOOL_TYPES: Record<string, SchoolType> = {
  grundschule: 'grundschule',
  hauptschule: 'hauptschule',
  realschule: 'realschule',
  gymnasium: 'gymnasium',
  gesamtschule: 'gesamtschule',
  sekundarschule: 'sekundarschule',
  foerderschule: 'foerderschule',
  förderschule: 'foerderschule',
  sonstige: 'sonstige',
};

/** The documented limits of a school import; a bigger file is refused with 413, never a 500. */
export const SCHOOL_IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const SCHOOL_IMPORT_MAX_ROWS = 5000;
/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters per statement. */
const INSERT_BATCH = 1000;

/**
 * Imports schools from CSV (columns name, sozialraum, type; `;` or `,`; header required).
 * All or nothing: one bad line and nothing is written; every bad line is named with its number.
 */
export async function importSchools(
  db: Kysely<DB>,
  actorId: string,
  csv: string,
  dryRun: boolean,
): Promise<SchoolImportResult> {
  const records = readCsvRecords(csv);
  if (records.length - 1 > SCHOOL_IMPORT_MAX_ROWS) {
    throw new AppError(
      413,
      'PAYLOAD_TOO_LARGE',
      `Die Datei enthält ${records.length - 1} Zeilen; ein Import nimmt höchstens ${SCHOOL_IMPORT_MAX_ROWS} Schulen auf. Bitte teilen Sie die Datei auf.`,
      { maxRows: SCHOOL_IMPORT_MAX_ROWS },
    );
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const iName = col(['name', 'schule']);
  const iArea = col(['sozialraum', 'sozialraum_code', 'sozialraum_name']);
  const iType = col(['type', 'typ', 'schulform']);
  if (iName < 0 || iArea < 0) {
    throw new AppError(
      422,
      'VALIDATION_FAILED',
      'Die erste Zeile muss die Spalten "name" und "sozialraum" (optional "typ") nennen.',
      {
        errors: [{ line: 1, message: 'Kopfzeile ohne name/sozialraum' }],
      },
    );
  }
  const areas = await repo.listSozialraeume(db);
  const byKey = new Map<string, string>();
  for (const a of areas) {
    byKey.set(a.name.toLowerCase(), a.id);
    if (a.code) byKey.set(a.code.toLowerCase(), a.id);
  }
  const existing = new Set((await repo.listSchools(db)).map((s) => s.name.toLowerCase()));
  const seen = new Map<string, number>();
  const errors: { line: number; message: string }[] = [];
  const rows: { line: number; name: string; sozialraum: string; type: SchoolType; sozialraumId: string }[] = [];
  records.slice(1).forEach((rec, i) => {
    const line = i + 2;
    const name = rec[iName] ?? '';
    const area = rec[iArea] ?? '';
    const typeRaw = (iType >= 0 ? rec[iType] : '') || 'grundschule';
    const type = SCHOOL_TYPES[typeRaw.toLowerCase()];
    const areaId = byKey.get(area.toLowerCase());
    if (!name) errors.push({ line, message: 'Name fehlt' });
    else if (name.length > 200) errors.push({ line, message: 'Name ist länger als 200 Zeichen' });
    else if (existing.has(name.toLowerCase())) errors.push({ line, message: `Die Schule "${name}" gibt es schon` });
    else if (seen.has(name.toLowerCase()))
      errors.push({ line, message: `"${name}" steht schon in Zeile ${seen.get(name.toLowerCase())}` });
    else if (!areaId) errors.push({ line, message: `Sozialraum "${area}" unbekannt` });
    else if (!type)
      errors.push({
        line,
        message: `Schulform "${typeRaw}" unbekannt (erlaubt: ${Object.values(SCHOOL_TYPES)
          .filter((v, j, a) => a.indexOf(v) === j)
          .join(', ')})`,
      });
    else rows.push({ line, name, sozialraum: area, type, sozialraumId: areaId });
    seen.set(name.toLowerCase(), line);
  });
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 2, message: 'Die Datei enthält keine Schulen' });
  if (errors.length > 0) {
    throw new AppError(
      422,
      'VALIDATION_FAILED',
      `Nichts importiert: ${errors.length} fehlerhafte Zeile(n). ${errors
        .slice(0, 5)
        .map((e) => `Zeile ${e.line}: ${e.message}`)
        .join('; ')}`,
      { errors },
    );
  }
  const result = {
    dryRun,
    created: dryRun ? 0 : rows.length,
    schools: rows.map(({ line, name, sozialraum, type }) => ({ line, name, sozialraum, type })),
  };
  if (dryRun) return result;
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += INSERT_BATCH) {
      await repo
        .insertSchools(
          trx,
          rows
            .slice(start, start + INSERT_BATCH)
            .map((r) => ({ name: r.name, sozialraum_id: r.sozialraumId, type: r.type })),
        )
        .catch((e) => duplicate(e, 'Eine der Schulen'));
    }
    await writeAudit(trx, { actorId, action: 'import', entity: 'school', details: { created: rows.length } });
  });
  return result;
}

// --- Waves

export async function listWaves(db: Kysely<DB>) {
  return (await repo.listWaves(db)).map(toWave);
}

function checkPeriod(startsOn: string, endsOn: string) {
  if (endsOn < startsOn) {
    throw new AppError(422, 'VALIDATION_FAILED', 'Das Ende der Feldphase liegt vor ihrem Beginn.', {
      fields: ['body/endsOn'],
    });
  }
}

export async function createWave(db: Kysely<DB>, actorId: string, body: WaveCreate) {
  checkPeriod(body.startsOn, body.endsOn);
  if (!(await findInstrument(db, body.instrumentId))) {
    throw new AppError(422, 'VALIDATION_FAILED', `Die Instrument-Version "${body.instrumentId}" gibt es nicht.`, {
      fields: ['body/instrumentId'],
    });
  }
  return db.transaction().execute(async (trx) => {
    const row = await repo
      .insertWave(trx, {
        name: body.name.trim(),
        instrument_id: body.instrumentId,
        grades: [...body.grades].sort(),
        starts_on: body.startsOn,
        ends_on: body.endsOn,
        ...(body.status ? { status: body.status } : {}),
      })
      .catch((e) => duplicate(e, 'Eine Welle mit diesem Namen'));
    await writeAudit(trx, { actorId, action: 'create', entity: 'wave', entityId: row.id, details: { name: row.name } });
    return toWave(row);
  });
}

export async function patchWave(db: Kysely<DB>, actorId: string, id: string, body: WavePatch) {
  const current = await repo.findWave(db, id);
  if (!current) throw notFound('Diese Welle gibt es nicht.');
  checkPeriod(body.startsOn ?? current.starts_on, body.endsOn ?? current.ends_on);
  return db.transaction().execute(async (trx) => {
    const row = await repo
      .updateWave(trx, id, {
        ...(body.name !== undefined ? { name: body.name.trim() } : {}),
        ...(body.grades !== undefined ? { grades: [...body.grades].sort() } : {}),
        ...(body.startsOn !== undefined ? { starts_on: body.startsOn } : {}),
        ...(body.endsOn !== undefined ? { ends_on: body.endsOn } : {}),
        ...(body.status !== undefined ? { status: body.status } : {}),
      })
      .catch((e) => duplicate(e, 'Eine Welle mit diesem Namen'));
    await writeAudit(trx, {
      actorId,
      action: 'update',
      entity: 'wave',
      entityId: id,
      details: { fields: Object.keys(body) },
    });
    return toWave(row!);
  });
}

// --- Staff accounts

export async function listUsers(db: Kysely<DB>): Promise<User[]> {
  return (await repo.listUsersWithSchools(db)).map((r) => ({
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    role: r.role,
    schoolIds: r.school_ids,
    active: r.active,
  }));
}

async function checkSchools(db: Kysely<DB>, ids: string[]) {
  const found = await repo.existingSchoolIds(db, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new AppError(422, 'VALIDATION_FAILED', `Diese Schulen gibt es nicht: ${missing.join(', ')}`, {
      fields: ['body/schoolIds'],
    });
  }
}

export async function createUser(db: Kysely<DB>, actorId: string, body: UserCreate): Promise<User> {
  const schoolIds = body.role === 'teacher' ? (body.schoolIds ?? []) : [];
  if (body.role !== 'teacher' && body.schoolIds?.length) {
    throw badRequest('Nur Lehrkräfte werden Schulen zugeordnet.');
  }
  await checkSchools(db, schoolIds);
  const passwordHash = await hashPassword(body.password);
  return db.transaction().execute(async (trx) => {
    const row = await insertUser(trx, {
      email: body.email.trim(),
      password_hash: passwordHash,
      role: body.role,
      display_name: body.displayName ?? null,
    }).catch((e) => duplicate(e, 'Ein Konto mit dieser E-Mail-Adresse'));
    await setUserSchools(trx, row.id, schoolIds);
    await writeAudit(trx, {
      actorId,
      action: 'create',
      entity: 'staff_user',
      entityId: row.id,
      details: { role: row.role },
    });
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      schoolIds,
      active: row.active,
    };
  });
}

export async function patchUser(db: Kysely<DB>, actorId: string, id: string, body: UserPatch): Promise<User> {
  if (body.schoolIds) await checkSchools(db, body.schoolIds);
  if (id === actorId && (body.active === false || (body.role && body.role !== 'admin'))) {
    throw conflict('Sie können Ihr eigenes Konto nicht deaktivieren oder herabstufen.');
  }
  const passwordHash = body.password ? await hashPassword(body.password) : undefined;
  // A password reset, a deactivation or a new role ends the sessions the account has open.
  const bump = body.password !== undefined || body.active === false || body.role !== undefined;
  return db.transaction().execute(async (trx) => {
    const row = await repo.updateUser(
      trx,
      id,
      {
        ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
        ...(body.role !== undefined ? { role: body.role } : {}),
        ...(body.active !== undefined ? { active: body.active } : {}),
        ...(passwordHash ? { password_hash: passwordHash } : {}),
      },
      bump,
    );
    if (!row) throw notFound('Dieses Konto gibt es nicht.');
    if (bump) await deleteStaffSessionsOfUser(trx, id);
    if (body.schoolIds !== undefined || (body.role && body.role !== 'teacher')) {
      await setUserSchools(trx, id, row.role === 'teacher' ? (body.schoolIds ?? []) : []);
    }
    const fields = Object.keys(body).map((k) => (k === 'password' ? 'password (reset)' : k));
    await writeAudit(trx, { actorId, action: 'update', entity: 'staff_user', entityId: id, details: { fields } });
    const schools = await trx.selectFrom('staff_user_school').select('school_id').where('user_id', '=', id).execute();
    return {
      id: row.id,
      email: row.email,
      displayName: row.display_name,
      role: row.role,
      schoolIds: schools.map((s) => s.school_id),
      active: row.active,
    };
  });
}

/** Ends every sign-in of an account at once; its live streams end at their next poll. */
export async function endUserSessions(db: Kysely<DB>, actorId: string, id: string): Promise<void> {
  if (!(await findUserById(db, id))) throw notFound('Dieses Konto gibt es nicht.');
  await db.transaction().execute(async (trx) => {
    const ended = await deleteStaffSessionsOfUser(trx, id);
    await writeAudit(trx, { actorId, action: 'end_sessions', entity: 'staff_user', entityId: id, details: { ended } });
  });
}

export async function listAudit(
  db: Kysely<DB>,
  f: { action?: string; entity?: string; actorId?: string; limit?: number; before?: string },
) {
  const rows = await repo.listAudit(db, { ...f, limit: Math.min(f.limit ?? 100, 500) });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorEmail: r.actor_email,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    entityName: r.entity_name,
    details: r.details,
  }));
}
