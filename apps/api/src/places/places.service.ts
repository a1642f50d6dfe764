/**
 * The city's street list: imported by admins from CSV, handed to tablets with the form. A tablet
 * maps the street a child types to a Sozialraum code itself; the server never sees a street.
 */
import type { PupilPlaces, StreetImportResult, StreetListSummary, StreetPart } from '@uwe/schema';
import type { Kysely } from 'kysely';
import { writeAudit } from '../audit/audit.repository.ts';
import type { DB } from '../db/types.ts';
import { readCsvRecords } from '../lib/csv.ts';
import { AppError } from '../lib/errors.ts';
import * as repo from './places.repository.ts';

export const STREET_IMPORT_MAX_BYTES = 4 * 1024 * 1024;
export const STREET_IMPORT_MAX_ROWS = 30_000;
const PREVIEW_ROWS = 200;

const HOUSE_NUMBERS = /^(?:(\d{1,5})\s*[-–]\s*(\d{1,5}))?\s*(ungerade|gerade)?$/i;

/** "1-49 ungerade" → from, to, parity; '' → the whole street; null: not readable. */
export function parseHouseNumbers(raw: string): Omit<StreetPart, 'code'> | null {
  const m = HOUSE_NUMBERS.exec(raw.trim());
  if (!m) return null;
  const [, a, b, side] = m;
  const parity = side ? (side.toLowerCase() === 'gerade' ? 'even' : 'odd') : 'all';
  if (a === undefined || b === undefined) return { from: null, to: null, parity };
  const from = Number(a);
  const to = Number(b);
  if (from < 1 || to < from) return null;
  return { from, to, parity };
}

function describe(p: Omit<StreetPart, 'code'>): string {
  const range = p.from === null ? '' : `${p.from}–${p.to}`;
  const side = p.parity === 'odd' ? 'ungerade' : p.parity === 'even' ? 'gerade' : '';
  return [range, side].filter(Boolean).join(' ');
}

/** Streets whose parts name several Sozialräume without telling them apart by house number. */
function ambiguousStreets(parts: Map<string, { name: string; parts: StreetPart[] }>): string[] {
  const out: string[] = [];
  for (const s of parts.values()) {
    const whole = s.parts.filter((p) => p.from === null && p.parity === 'all');
    if (new Set(s.parts.map((p) => p.code)).size > 1 && whole.length > 0) out.push(s.name);
  }
  return out.sort((a, b) => a.localeCompare(b, 'de'));
}

const streetKey = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * CSV with the columns strasse;hausnummern;sozialraum (Sozialraum as code or name). All or
 * nothing; every bad line is named. `?dryRun` checks and previews without writing.
 */
export async function importStreets(
  db: Kysely<DB>,
  actorId: string,
  csv: string,
  cityName: string,
  dryRun: boolean,
): Promise<StreetImportResult> {
  const city = cityName.trim();
  if (!city || city.length > 100) {
    throw new AppError(422, 'VALIDATION_FAILED', 'Bitte den Namen der Stadt angeben (für „Nicht in <Stadt>“).', {
      errors: [{ line: 0, message: 'Name der Stadt fehlt' }],
    });
  }
  const records = readCsvRecords(csv);
  if (records.length - 1 > STREET_IMPORT_MAX_ROWS) {
    throw new AppError(
      413,
      'PAYLOAD_TOO_LARGE',
      `Die Datei enthält ${records.length - 1} Zeilen; ein Straßenverzeichnis hat höchstens ${STREET_IMPORT_MAX_ROWS}.`,
      { maxRows: STREET_IMPORT_MAX_ROWS },
    );
  }
  const header = (records[0] ?? []).map((h) => h.toLowerCase());
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const iStreet = col(['strasse', 'straße', 'street', 'name']);
  const iNumbers = col(['hausnummern', 'hausnummer', 'house_numbers']);
  const iArea = col(['sozialraum', 'sozialraum_code', 'sozialraum_name']);
  if (iStreet < 0 || iArea < 0) {
    throw new AppError(
      422,
      'VALIDATION_FAILED',
      'Die erste Zeile muss die Spalten "strasse" und "sozialraum" (optional "hausnummern") nennen.',
      { errors: [{ line: 1, message: 'Kopfzeile ohne strasse/sozialraum' }] },
    );
  }
  const areas = await db.selectFrom('sozialraum').select(['id', 'name', 'code']).execute();
  const byKey = new Map<string, (typeof areas)[number]>();
  for (const a of areas) {
    byKey.set(a.name.toLowerCase(), a);
    if (a.code) byKey.set(a.code.toLowerCase(), a);
  }
  const errors: { line: number; message: string }[] = [];
  const rows: repo.SegmentRow[] = [];
  const preview: StreetImportResult['preview'] = [];
  const streets = new Map<string, { name: string; parts: StreetPart[] }>();
  const seen = new Map<string, number>();
  const bad = (line: number, message: string) => {
    errors.push({ line, message });
  };
  for (const [i, rec] of records.slice(1).entries()) {
    const line = i + 2;
    const street = (rec[iStreet] ?? '').replace(/\s+/g, ' ');
    const rawNumbers = iNumbers >= 0 ? (rec[iNumbers] ?? '') : '';
    const area = rec[iArea] ?? '';
    const numbers = parseHouseNumbers(rawNumbers);
    const sr = byKey.get(area.toLowerCase());
    const problem = !street
      ? 'Straße fehlt'
      : street.length > 200
        ? 'Straße ist länger als 200 Zeichen'
        : !numbers
          ? `Hausnummern "${rawNumbers}" nicht lesbar (z. B. leer, "1-49", "2-50 gerade", "ungerade")`
          : !sr
            ? `Sozialraum "${area}" unbekannt`
            : !sr.code
              ? `Sozialraum "${sr.name}" hat kein Kürzel`
              : null;
    if (problem !== null || !numbers || !sr?.code) {
      bad(line, problem ?? 'Zeile nicht lesbar');
      continue;
    }
    const key = `${streetKey(street)}|${numbers.from}|${numbers.to}|${numbers.parity}|${sr.id}`;
    const before = seen.get(key);
    if (before !== undefined) {
      bad(line, `"${street}" ${describe(numbers)} steht schon in Zeile ${before}`.replace(/\s+steht/, ' steht'));
      continue;
    }
    seen.set(key, line);
    rows.push({ street, house_from: numbers.from, house_to: numbers.to, parity: numbers.parity, sozialraum_id: sr.id });
    const s = streets.get(streetKey(street)) ?? { name: street, parts: [] };
    s.parts.push({ code: sr.code, ...numbers });
    streets.set(streetKey(street), s);
    if (preview.length < PREVIEW_ROWS)
      preview.push({ line, street, houseNumbers: describe(numbers), sozialraum: sr.name });
  }
  if (rows.length === 0 && errors.length === 0) errors.push({ line: 2, message: 'Die Datei enthält keine Straßen' });
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
  const result: StreetImportResult = {
    dryRun,
    cityName: city,
    streets: streets.size,
    rows: rows.length,
    ambiguous: ambiguousStreets(streets),
    preview,
  };
  if (dryRun) return result;
  await db.transaction().execute(async (trx) => {
    await repo.replaceStreetList(trx, city, rows);
    await writeAudit(trx, {
      actorId,
      action: 'streets.import',
      entity: 'street_list',
      entityId: null,
      details: { streets: streets.size, rows: rows.length },
    });
  });
  return result;
}

/** The list as tablets get it: streets with their parts, and the Sozialräume to pick from. */
export async function pupilPlaces(db: Kysely<DB>): Promise<PupilPlaces> {
  const [list, segments, areas] = await Promise.all([
    repo.findStreetList(db),
    repo.listSegments(db),
    repo.residenceCodes(db),
  ]);
  const streets = new Map<string, PupilPlaces['streets'][number]>();
  for (const s of segments) {
    if (!s.code) continue;
    const key = streetKey(s.street);
    const entry = streets.get(key) ?? { name: s.street, parts: [] };
    entry.parts.push({ code: s.code, from: s.house_from, to: s.house_to, parity: s.parity });
    streets.set(key, entry);
  }
  return {
    city: list?.city_name ?? '',
    sozialraeume: areas.flatMap((a) => (a.code ? [{ code: a.code, name: a.name }] : [])),
    streets: [...streets.values()].sort((a, b) => a.name.localeCompare(b.name, 'de')),
  };
}

export async function streetListSummary(db: Kysely<DB>): Promise<StreetListSummary> {
  const places = await pupilPlaces(db);
  const list = await repo.findStreetList(db);
  const byName = new Map(places.streets.map((s) => [streetKey(s.name), s]));
  return {
    cityName: list?.city_name ?? null,
    importedOn: list?.imported_on ?? null,
    streets: places.streets.length,
    rows: places.streets.reduce((n, s) => n + s.parts.length, 0),
    ambiguous: ambiguousStreets(byName),
  };
}

/**
 * Whether `code` is a Sozialraum code a residence answer may carry. Read at most every 30 s per
 * process (`cache` is the caller's), so an autosave costs no extra query.
 */
export async function isResidenceCode(
  db: Kysely<DB>,
  cache: { codes: Set<string>; at: number },
  code: string,
): Promise<boolean> {
  if (Date.now() - cache.at > 30_000 || !cache.codes.has(code)) {
    if (Date.now() - cache.at > 1_000) {
      cache.codes = new Set((await repo.residenceCodes(db)).flatMap((r) => (r.code ? [r.code] : [])));
      cache.at = Date.now();
    }
  }
  return cache.codes.has(code);
}
