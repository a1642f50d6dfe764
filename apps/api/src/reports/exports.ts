/**
 * Export files of a release. A release is frozen, so each of its files (the CSV, the CSV for German
 * Excel, the XLSX workbook) is written once, by the worker, right after the build, and stored in
 * parts in PostgreSQL; any API process then serves it as stored bytes. No API process ever runs
 * the XLSX writer (seconds of CPU per file) or holds a whole file in memory.
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { DEFAULT_DISCLOSURE_CONFIG, type DisclosureConfig, type Level } from '@uwe/disclosure';
import type { CsvDialect } from '@uwe/schema';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import pLimit from 'p-limit';
import type { DB } from '../db/types.ts';
import { sendExports } from '../jobs/queue.ts';
import { CSV_FORMATS, csvLine } from '../lib/csv.ts';
import { AppError } from '../lib/errors.ts';
import { CODEBOOK_COLUMNS, type CodebookRow, codebookRows } from './codebook.ts';
import * as files from './export-files.repository.ts';
import * as repo from './reports.repository.ts';
import { itemsOfWave, readableRelease, requireWave, toCell } from './reports.service.ts';

type Db = Kysely<DB>;

export const EXPORT_COLUMNS = [
  'level',
  'unit_id',
  'unit_name',
  'breakdown',
  'group',
  'item',
  'statistic',
  'category',
  'value',
  'flag',
] as const;

export type ExportKind = 'csv' | 'csv-excel-de' | 'xlsx';
/** In the order the worker writes them: the small, most used CSV first. */
export const EXPORT_KINDS: readonly ExportKind[] = ['csv', 'csv-excel-de', 'xlsx'];

export const csvKind = (dialect?: CsvDialect): ExportKind => (dialect === 'excel-de' ? 'csv-excel-de' : 'csv');

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPE = 'text/csv; charset=utf-8';
/** Stored parts of about a megabyte: serving a file holds one part at a time. */
const PART_BYTES = 1 << 20;

function fileName(waveName: string, number: number, ext: string, suffix = ''): string {
  const slug = waveName
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/\s+/g, '-')
    .toLowerCase();
  return `uwe-${slug || 'welle'}-freigabe-${number}${suffix}.${ext}`;
}

interface ReleaseInfo {
  id: string;
  number: number;
  config: unknown;
  waveName: string;
  instrumentId: string;
}

// ---------------------------------------------------------------------------------------------
// Writing (the worker)

function csvRows(db: Db, release: ReleaseInfo, dialect?: CsvDialect): Readable {
  const format = CSV_FORMATS[dialect ?? 'default'];
  async function* lines() {
    yield `${format.bom}${csvLine(EXPORT_COLUMNS, format)}`;
    for await (const page of repo.streamCells(db, release.id)) {
      let chunk = '';
      for (const r of page) {
        const c = toCell(r);
        chunk += csvLine(
          EXPORT_COLUMNS.map((k) => c[k]),
          format,
        );
      }
      yield chunk;
    }
  }
  return Readable.from(lines());
}

const SHEETS: Record<Level, string> = {
  city: 'Gesamtstadt',
  sozialraum: 'Sozialräume',
  residence: 'Sozialräume (Wohnort)',
  school: 'Schulen',
};

const METHODS = (maxDeviation: number) => [
  'Methoden und Lesehilfe',
  '',
  'Blätter Gesamtstadt, Sozialräume, Schulen: jede Zeile ist eine veröffentlichte Zahl der Freigabe (Langformat, dieselben',
  '  Spalten wie die CSV-Datei, dazu question = Fragetext und category_label = Antwort im Wortlaut neben den Codes).',
  'Blätter „Breit …“: eine Zeile je Einheit, eine Spalte je Kennzahl der ganzen Gruppe (für Pivot-Tabellen und Karten).',
  'Blatt Codebuch: was jede Frage (item) und jeder Antwortcode (code) bedeutet.',
  'level: Gesamtstadt (city), Sozialraum oder Schule. Klassen werden nie ausgewiesen.',
  'breakdown/group: ohne Aufteilung (all), nach Jahrgang oder nach Geschlecht (f, m, other = divers / keine Angabe).',
  'item: Frage, Antwortmöglichkeit (frage.code), Skala (scale.…), Index (index.…), Ressource (asset.…),',
  '  Beteiligung (participation: n = Kinder, die teilgenommen haben; pct response_rate = Beteiligungsquote)',
  '  und Klassengrößen (participation.enrolled); Papierfragebögen (participation.paper: n, pct paper_share = Anteil).',
  'statistic: n = Zahl der gültigen Antworten, pct = Anteil in Prozent, mean = Mittelwert.',
  'category: Antwortcode; zusammengefasste Kategorien sind mit + verbunden (z. B. 4+5).',
  'flag: leer = veröffentlicht; suppressed = keine Angabe (zu wenige Antworten); almost_all = fast alle;',
  '  <1 / >99 = statt genau 0 % oder 100 % unterhalb der Gesamtstadt.',
  '',
  'Schutz der Kinder (Zellschlüsselverfahren, wie beim Zensus 2022):',
  `Jede ausgewiesene Anzahl ist leicht verändert: Sie weicht um höchstens ${maxDeviation} von der wahren Zahl ab, meist um 0 oder 1.`,
  'Dieselben Kinder ergeben immer dieselbe Zahl, in jeder Tabelle und jeder Freigabe. Anteile werden aus den veränderten',
  'Anzahlen berechnet, Mittelwerte sind ebenso leicht verändert. Deshalb ergeben Teilsummen nicht immer genau die Summe,',
  'und aus Differenzen lassen sich verborgene kleine Gruppen nicht zurückrechnen. Sehr kleine Gruppen werden nicht gezeigt',
  '(strengere Grenze bei sensiblen Fragen), sehr kleine Antwortgruppen werden zusammengefasst.',
  'Ein Sozialraum wird nur mit mehreren Schulen mit Daten eigens ausgewiesen. Freitext erscheint nie.',
  'Sozialräume nach Wohnort (Ebene „residence“, nur mit der Frage „Wo wohnst du?“): die Kinder, die angegeben haben, in',
  'welchem Sozialraum sie wohnen, gleich welche Schule sie besuchen; Kinder ohne Angabe zählen nur für die Gesamtstadt.',
  'Es zählen fertige Fragebögen und begonnene, von denen mindestens eine Frage beantwortet ist, sobald die Sitzung vorbei ist.',
  'Wohlbefindensindex: aufblühend, mittleres oder niedriges Wohlbefinden (aus Optimismus, Glück, Selbstwert,',
  'keine Traurigkeit, allgemeine Gesundheit). Ressourcenindex: Zahl der vorhandenen Ressourcen (0–1, 2–3, 4 und mehr).',
];

/** The long sheets: the export's columns with the question text and the answer label beside the codes. */
const DATA_COLUMNS = [
  'level',
  'unit_id',
  'unit_name',
  'breakdown',
  'group',
  'item',
  'question',
  'statistic',
  'category',
  'category_label',
  'value',
  'flag',
] as const;

const FLAG_TEXT: Record<string, string> = { almost_all: 'fast alle', '<1': '< 1 %', '>99': '> 99 %' };

/** What the codes mean, from the codebook (so the workbook, the codebook and the CSV cannot drift). */
function labelsOf(rows: readonly CodebookRow[]) {
  const question = new Map<string, string>();
  const answer = new Map<string, string>();
  for (const r of rows) {
    if (!question.has(String(r.item))) question.set(String(r.item), String(r.question));
    if (r.code !== '') answer.set(`${r.item}|${r.code}`, String(r.label));
  }
  return {
    question: (item: string) => question.get(item) ?? '',
    // Merged categories ("4+5") read as their labels joined.
    answer: (item: string, category: string) =>
      category === ''
        ? ''
        : category
            .split('+')
            .map((c) => answer.get(`${item}|${c}`) ?? c)
            .join(' / '),
  };
}

/** Spreadsheet column name of the n-th column (1 → A, 27 → AA). */
export function columnName(n: number): string {
  let name = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) name = String.fromCharCode(65 + ((i - 1) % 26)) + name;
  return name;
}

/**
 * A worksheet of the streaming writer with a bold, frozen header row; `rows` counts the rows so the
 * autofilter can cover the whole table when the sheet is committed.
 */
function addTable(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: { header: string; width: number }[],
) {
  const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
  ws.getRow(1).font = { bold: true };
  let rows = 1;
  return {
    add(values: unknown[]) {
      ws.addRow(values).commit();
      rows++;
    },
    commit() {
      ws.autoFilter = `A1:${columnName(columns.length)}${rows}`;
      ws.commit();
    },
  };
}

/** The whole-group numbers a wide sheet pivots: participation, indices, assets and scales. */
const WIDE_PREFIXES = ['participation', 'index.', 'asset.', 'scale.'];

/**
 * One row per unit, one column per published number (item, statistic, category) of the whole
 * group: ready for pivot tables and maps. Held in memory one level at a time; its size is units ×
 * indicators, never the number of answers.
 */
async function writeWideSheet(
  db: Db,
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  release: ReleaseInfo,
  level: Level,
  labels: ReturnType<typeof labelsOf>,
) {
  const cells = await repo.findCells(db, release.id, { level, breakdown: 'none', itemPrefixes: WIDE_PREFIXES });
  const columns = new Map<string, string>();
  const units = new Map<string, { name: string; values: Map<string, number | string> }>();
  for (const r of cells) {
    const c = toCell(r);
    const key = `${c.item} ${c.statistic}${c.category ? ` ${c.category}` : ''}`;
    if (!columns.has(key)) {
      const what =
        c.statistic === 'n'
          ? 'Anzahl'
          : c.statistic === 'mean'
            ? 'Mittelwert'
            : `${labels.answer(c.item, c.category)} (%)`;
      columns.set(key, `${labels.question(c.item) || c.item}: ${what} [${key}]`);
    }
    let unit = units.get(c.unit_id);
    if (!unit) {
      unit = { name: c.unit_name, values: new Map() };
      units.set(c.unit_id, unit);
    }
    const value = c.value ?? FLAG_TEXT[c.flag];
    if (value !== undefined) unit.values.set(key, value);
  }
  const keys = [...columns.keys()];
  const sheet = addTable(workbook, `Breit ${SHEETS[level]}`, [
    { header: 'unit_id', width: 14 },
    { header: 'unit_name', width: 32 },
    ...keys.map((k) => ({ header: columns.get(k) ?? k, width: 18 })),
  ]);
  for (const [id, unit] of units) sheet.add([id, unit.name, ...keys.map((k) => unit.values.get(k) ?? null)]);
  sheet.commit();
}

/** The workbook, written as a stream that waits for its reader (memory stays flat on large releases). */
function xlsxWorkbook(db: Db, release: ReleaseInfo): Readable {
  const out = new PassThrough({ highWaterMark: PART_BYTES });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'UWE';
  (async () => {
    const codebook = codebookRows(await itemsOfWave(db, release.instrumentId));
    const labels = labelsOf(codebook);
    const levels: Level[] = [];
    let sheet: ReturnType<typeof addTable> | undefined;
    // Sheets in level order; the cells come ordered by level, so a sheet is finished before the next starts.
    for await (const page of repo.streamCells(db, release.id)) {
      for (const r of page) {
        const c = toCell(r);
        if (levels[levels.length - 1] !== c.level) {
          sheet?.commit();
          levels.push(c.level);
          sheet = addTable(
            workbook,
            SHEETS[c.level],
            DATA_COLUMNS.map((k) => ({
              header: k,
              width: k === 'unit_name' || k === 'question' ? 32 : k === 'category_label' ? 20 : 12,
            })),
          );
        }
        const row = { ...c, question: labels.question(c.item), category_label: labels.answer(c.item, c.category) };
        sheet?.add(DATA_COLUMNS.map((k) => row[k]));
      }
      if (out.writableNeedDrain) await once(out, 'drain');
    }
    sheet?.commit();
    for (const level of levels) await writeWideSheet(db, workbook, release, level, labels);
    const book = addTable(
      workbook,
      'Codebuch',
      CODEBOOK_COLUMNS.map((k) => ({ header: k, width: k === 'question' || k === 'label' ? 48 : 16 })),
    );
    for (const r of codebook)
      book.add(CODEBOOK_COLUMNS.map((k) => (typeof r[k] === 'boolean' ? (r[k] ? 1 : 0) : r[k])));
    book.commit();
    const methods = workbook.addWorksheet('Methoden');
    methods.getColumn(1).width = 120;
    const config = { ...DEFAULT_DISCLOSURE_CONFIG, ...(release.config as Partial<DisclosureConfig>) };
    for (const line of [
      ...METHODS(config.maxDeviation),
      '',
      `Befragungsrunde: ${release.waveName}, Freigabe ${release.number}`,
    ]) {
      methods.addRow([line]).commit();
    }
    await workbook.commit();
  })().catch((err) => out.destroy(err instanceof Error ? err : new Error(String(err))));
  return out;
}

function produce(db: Db, release: ReleaseInfo, kind: ExportKind) {
  if (kind === 'xlsx') {
    return {
      stream: xlsxWorkbook(db, release),
      encoding: 'identity',
      contentType: XLSX_TYPE,
      fileName: fileName(release.waveName, release.number, 'xlsx'),
    };
  }
  const dialect = kind === 'csv-excel-de' ? 'excel-de' : undefined;
  return {
    // Stored gzip-compressed (a tenth of the size); served as is to every browser.
    stream: csvRows(db, release, dialect).pipe(createGzip({ level: 6 })),
    encoding: 'gzip',
    contentType: CSV_TYPE,
    fileName: fileName(release.waveName, release.number, 'csv', dialect ? `-${dialect}` : ''),
  };
}

/**
 * Writes the export files a ready release does not have yet. Parts first, the file's row last: a
 * writer that dies half-way leaves no file, and the next attempt starts again from nothing.
 */
export async function writeExportFiles(db: Db, releaseId: string, kinds: readonly ExportKind[] = EXPORT_KINDS) {
  const row = await files.readyReleaseWithWave(db, releaseId);
  if (row?.status !== 'ready') return [];
  const release: ReleaseInfo = {
    id: row.id,
    number: row.number,
    config: row.config,
    waveName: row.wave_name,
    instrumentId: row.instrument_id,
  };
  const written: ExportKind[] = [];
  for (const kind of kinds) {
    if (await files.findFile(db, releaseId, kind)) continue;
    await files.deleteParts(db, releaseId, kind);
    const file = produce(db, release, kind);
    let part = 0;
    let bytes = 0;
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const flush = async () => {
      if (pendingBytes === 0) return;
      await files.insertPart(db, releaseId, kind, part++, Buffer.concat(pending, pendingBytes));
      bytes += pendingBytes;
      pending = [];
      pendingBytes = 0;
    };
    for await (const chunk of file.stream) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      pending.push(buf);
      pendingBytes += buf.length;
      if (pendingBytes >= PART_BYTES) await flush();
    }
    await flush();
    await files.insertFile(db, {
      release_id: releaseId,
      kind,
      encoding: file.encoding,
      file_name: file.fileName,
      content_type: file.contentType,
      bytes,
      parts: part,
    });
    written.push(kind);
  }
  return written;
}

// ---------------------------------------------------------------------------------------------
// Serving (API processes)

export interface ExportLimits {
  /** Downloads one process serves at once; more wait in line. */
  concurrent: number;
  /** Downloads waiting for a slot; beyond, 429. */
  waiting: number;
  /** How long a request waits for the worker to write a file that is missing. */
  waitForFileMs: number;
}

export const EXPORT_LIMITS: ExportLimits = { concurrent: 4, waiting: 16, waitForFileMs: 90_000 };

export interface StoredExport {
  fileName: string;
  contentType: string;
  encoding: 'identity' | 'gzip';
  bytes: number;
  stream: Readable;
}

async function waitForFile(db: Db, releaseId: string, kind: ExportKind, ms: number, signal?: AbortSignal) {
  const until = Date.now() + ms;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
    const file = await files.findFile(db, releaseId, kind);
    if (file || Date.now() >= until || signal?.aborted) return file;
    await new Promise((r) => setTimeout(r, delay));
  }
}

/**
 * A download of a stored export file, streamed part by part. A file the worker has not written
 * yet (the release is seconds old, or was built before files were stored) is asked for and waited
 * for; a download slot is held from the first byte to the last.
 */
export function createExportServer(db: Db, limits: ExportLimits = EXPORT_LIMITS) {
  const limit = pLimit(limits.concurrent);
  const openExport = async function openExport(
    waveId: string,
    number: number | undefined,
    kind: ExportKind,
    signal?: AbortSignal,
  ): Promise<StoredExport> {
    const release = await readableRelease(db, waveId, number);
    if (limit.activeCount >= limits.concurrent && limit.pendingCount >= limits.waiting) {
      throw new AppError(
        429,
        'TOO_MANY_REQUESTS',
        'Gerade werden sehr viele Dateien heruntergeladen. Bitte versuchen Sie es in einer Minute noch einmal.',
        { retryAfterSeconds: 30 },
      );
    }
    let file = await files.findFile(db, release.id, kind);
    if (!file) {
      await sendExports(db, { releaseId: release.id });
      file = await waitForFile(db, release.id, kind, limits.waitForFileMs, signal);
    }
    if (!file) {
      throw new AppError(
        503,
        'EXPORT_PREPARING',
        'Die Datei wird gerade erstellt. Bitte versuchen Sie es in einer Minute noch einmal.',
        { retryAfterSeconds: 30 },
      );
    }
    const stored = file;
    let slot!: (out: Readable) => void;
    const started = new Promise<Readable>((resolve) => {
      slot = resolve;
    });
    void limit(async () => {
      const out = new PassThrough();
      slot(out);
      try {
        for (let part = 0; part < stored.parts; part++) {
          if (out.destroyed) return;
          const data = await files.readPart(db, release.id, kind, part);
          if (!out.write(data)) await Promise.race([once(out, 'drain'), once(out, 'close')]);
        }
        out.end();
        await Promise.race([once(out, 'finish'), once(out, 'close')]);
      } catch (err) {
        out.destroy(err as Error);
      }
    });
    return {
      fileName: stored.file_name,
      contentType: stored.content_type,
      encoding: stored.encoding as StoredExport['encoding'],
      bytes: Number(stored.bytes),
      stream: await started,
    };
  };
  /** Downloads being served and waiting for a slot (tests, monitoring). */
  const stats = () => ({ active: limit.activeCount, waiting: limit.pendingCount });
  return Object.assign(openExport, { stats });
}

/** What every item and category of the export means; the instrument's, so no release is needed. */
export async function exportCodebook(db: Db, waveId: string, dialect?: CsvDialect) {
  const wave = await requireWave(db, waveId);
  const format = CSV_FORMATS[dialect ?? 'default'];
  const rows = codebookRows(await itemsOfWave(db, wave.instrument_id));
  const text =
    format.bom +
    csvLine(CODEBOOK_COLUMNS, format) +
    rows
      .map((r) =>
        csvLine(
          CODEBOOK_COLUMNS.map((k) => r[k]),
          format,
        ),
      )
      .join('');
  const slug = fileName(wave.name, 0, 'csv').replace(/-freigabe-0\.csv$/, '');
  return { text, fileName: `${slug}-codebuch${dialect ? `-${dialect}` : ''}.csv` };
}
