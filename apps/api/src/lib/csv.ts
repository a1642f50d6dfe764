/** CSV writing shared by the exports (one place that neutralises formulas), and reading for the imports. */
import type { CsvDialect } from '@uwe/schema';
import { parse } from 'csv-parse/sync';
import { AppError } from './errors.ts';

/** How a CSV file is written: the RFC 4180 default, or the dialect German Excel opens directly. */
export interface CsvFormat {
  separator: string;
  decimal: string;
  newline: string;
  bom: string;
}

export const CSV_FORMATS: Record<'default' | CsvDialect, CsvFormat> = {
  default: { separator: ',', decimal: '.', newline: '\n', bom: '' },
  // German Excel splits on ';', reads '1,5' as a number and needs the BOM to read UTF-8 (umlauts).
  'excel-de': { separator: ';', decimal: ',', newline: '\r\n', bom: '\uFEFF' },
};

/**
 * One CSV field. Text that a spreadsheet would read as a formula (OWASP CSV injection: a leading
 * =, +, -, @, tab or carriage return) gets a leading apostrophe; numbers are written as numbers
 * (with the dialect's decimal mark).
 */
export function csvField(v: string | number | boolean | null, format: CsvFormat = CSV_FORMATS.default): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'number') return format.decimal === '.' ? String(v) : String(v).replace('.', format.decimal);
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  const needsQuotes = s.includes('"') || s.includes('\r') || s.includes('\n') || s.includes(format.separator);
  return needsQuotes ? `"${s.replaceAll('"', '""')}"` : s;
}

/** One CSV line of fields, ended by the format's line break. */
export function csvLine(fields: readonly (string | number | boolean | null)[], format: CsvFormat): string {
  return `${fields.map((f) => csvField(f, format)).join(format.separator)}${format.newline}`;
}

/**
 * The records of an uploaded CSV file (a BOM, `;`, `,` or tab as separator, trimmed, empty lines
 * skipped), or a 422 VALIDATION_FAILED naming the line it could not read.
 */
export function readCsvRecords(csv: string): string[][] {
  try {
    return parse(csv.replace(/^\uFEFF/, ''), {
      delimiter: [';', ',', '\t'],
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
    });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new AppError(422, 'VALIDATION_FAILED', `Die CSV-Datei ist nicht lesbar${line ? ` (Zeile ${line})` : ''}.`, {
      errors: [{ line: line ?? 0, message: 'Datei nicht lesbar' }],
    });
  }
}
