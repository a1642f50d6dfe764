import type { SchoolImportResult } from '@uwe/schema';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { ImportError, importSchools } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { SCHOOL_TYPES } from '../staff/format.ts';
import { Panel } from '../staff/Panel.tsx';
import { ImportErrors, type ImportFailure } from './ImportErrors.tsx';
import { readTextFile } from './read-file.ts';

const EXAMPLE = 'name;sozialraum;typ\nGrundschule Am Teich;Am Stadtpark;grundschule\nGymnasium Nord;SR02;gymnasium';

/**
 * CSV import in two steps: the server checks every line and shows a preview (nothing written);
 * then "Importieren" writes all of it or, if anything changed meanwhile, nothing.
 */
export function SchoolImport({
  onImported,
  onCancel,
}: {
  onImported: (created: number) => void;
  onCancel: () => void;
}) {
  const [csv, setCsv] = useState('');
  const [preview, setPreview] = useState<SchoolImportResult | null>(null);
  const [error, setError] = useState<ImportFailure | null>(null);
  const [busy, setBusy] = useState(false);

  function change(text: string) {
    setCsv(text);
    // A preview belongs to exactly the text it was made from.
    setPreview(null);
    setError(null);
  }

  async function pickFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (file) change(await readTextFile(file));
  }

  async function run(dryRun: boolean) {
    setBusy(true);
    setError(null);
    try {
      const result = await importSchools(csv, dryRun);
      if (dryRun) setPreview(result);
      else {
        setPreview(null);
        setCsv('');
        onImported(result.created);
      }
    } catch (err) {
      setPreview(null);
      setError({ message: errorMessage(err), lines: err instanceof ImportError ? err.lines : [] });
    } finally {
      setBusy(false);
    }
  }

  function submitPreview(e: FormEvent) {
    e.preventDefault();
    void run(true);
  }

  return (
    <Panel title="Schulen aus CSV importieren">
      <p className="hint">
        Erste Zeile: <code>name;sozialraum;typ</code>. Sozialraum als Name oder Kürzel; Schulform z. B.{' '}
        <code>grundschule</code>, <code>gymnasium</code> (leer = Grundschule). Es wird alles oder nichts importiert.
      </p>
      <form onSubmit={submitPreview} className="form-grid">
        <label className="full">
          CSV-Datei
          <input type="file" accept=".csv,text/csv,text/plain" onChange={pickFile} />
        </label>
        <label className="full">
          oder CSV-Text
          <textarea
            rows={6}
            spellCheck={false}
            placeholder={EXAMPLE}
            value={csv}
            onChange={(e) => change(e.target.value)}
          />
        </label>
        <div className="form-actions full">
          <button type="submit" disabled={busy || !csv.trim()}>
            Vorschau
          </button>
          <button type="button" className="secondary" onClick={onCancel}>
            Schließen
          </button>
        </div>
      </form>

      {error && <ImportErrors error={error} />}

      {preview && (
        <div className="import-preview">
          <div className="table-wrap">
            <table>
              <caption>
                Vorschau: {preview.schools.length} {preview.schools.length === 1 ? 'Schule' : 'Schulen'}, alle Zeilen in
                Ordnung
              </caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Zeile
                  </th>
                  <th scope="col">Name</th>
                  <th scope="col">Sozialraum</th>
                  <th scope="col">Schulform</th>
                </tr>
              </thead>
              <tbody>
                {preview.schools.map((s) => (
                  <tr key={s.line}>
                    <td className="num">{s.line}</td>
                    <td>{s.name}</td>
                    <td>{s.sozialraum}</td>
                    <td>{SCHOOL_TYPES[s.type] ?? s.type}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="form-actions">
            <button type="button" onClick={() => run(false)} disabled={busy}>
              Importieren ({preview.schools.length})
            </button>
            <button type="button" className="secondary" onClick={() => setPreview(null)}>
              Verwerfen
            </button>
          </div>
        </div>
      )}
    </Panel>
  );
}
