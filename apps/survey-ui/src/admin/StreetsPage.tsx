import type { StreetImportResult } from '@uwe/schema';
import { type ChangeEvent, type FormEvent, useState } from 'react';
import { getStreetList, ImportError, importStreets } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { Panel } from '../staff/Panel.tsx';
import { useLoad } from '../staff/use-load.ts';
import { ImportErrors, type ImportFailure } from './ImportErrors.tsx';
import { readTextFile } from './read-file.ts';

const EXAMPLE =
  'strasse;hausnummern;sozialraum\nLindenstraße;;SR01\nBahnhofstraße;1-49 ungerade;SR02\nBahnhofstraße;2-50 gerade;SR03';

/**
 * The city's street list for "Wo wohnst du?". Tablets receive it with the form and map a street to
 * its Sozialraum themselves; the server only ever stores the code. An import replaces the list.
 */
export function StreetsPage() {
  const list = useLoad(getStreetList, []);
  const [csv, setCsv] = useState('');
  const [city, setCity] = useState('');
  const [preview, setPreview] = useState<StreetImportResult | null>(null);
  const [error, setError] = useState<ImportFailure | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const cityName = city || list.data?.cityName || '';

  function change(text: string) {
    setCsv(text);
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
    setDone(null);
    try {
      const result = await importStreets(csv, cityName, dryRun);
      if (dryRun) setPreview(result);
      else {
        setPreview(null);
        setCsv('');
        setDone(`${result.streets} Straßen importiert.`);
        list.reload();
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
    <>
      <Panel title="Straßenverzeichnis">
        {list.data && list.data.streets > 0 ? (
          <p>
            {list.data.streets} Straßen ({list.data.rows} Zeilen) für {list.data.cityName}, importiert am{' '}
            {list.data.importedOn}.{' '}
            {list.data.ambiguous.length > 0 &&
              `Mehrdeutig (das Kind wählt den Sozialraum): ${list.data.ambiguous.join(', ')}.`}
          </p>
        ) : (
          <p>Noch kein Straßenverzeichnis. Kinder wählen dann ihren Stadtteil aus der Liste der Sozialräume.</p>
        )}
        <p className="hint">
          Die Tablets bekommen das Verzeichnis mit dem Fragebogen und ordnen die Straße, die ein Kind eintippt, selbst
          einem Sozialraum zu. Zum Server gelangt nur das Kürzel des Sozialraums, nie die Straße.
        </p>
      </Panel>
      <Panel title="Straßenverzeichnis aus CSV importieren">
        <p className="hint">
          Erste Zeile: <code>strasse;hausnummern;sozialraum</code>. Sozialraum als Kürzel oder Name. Hausnummern leer
          (ganze Straße) oder z. B. <code>1-49</code>, <code>2-50 gerade</code>, <code>ungerade</code>. Eine Straße in
          zwei Sozialräumen ohne Hausnummern ist mehrdeutig: Das Kind wählt dann selbst. Ein Import ersetzt das ganze
          Verzeichnis; es wird alles oder nichts importiert.
        </p>
        <form onSubmit={submitPreview} className="form-grid">
          <label>
            Name der Stadt (für „Nicht in …“)
            <input value={cityName} onChange={(e) => setCity(e.target.value)} maxLength={100} required />
          </label>
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
            <button type="submit" disabled={busy || !csv.trim() || !cityName.trim()}>
              Vorschau
            </button>
          </div>
        </form>
        {done && (
          <p role="status" className="alert">
            {done}
          </p>
        )}
        {error && <ImportErrors error={error} />}
        {preview && (
          <div className="import-preview">
            <p>
              {preview.streets} Straßen in {preview.rows} Zeilen, alle Zeilen in Ordnung.
              {preview.ambiguous.length > 0 && ` Mehrdeutig: ${preview.ambiguous.join(', ')}.`}
            </p>
            <div className="table-wrap">
              <table>
                <caption>
                  Vorschau
                  {preview.preview.length < preview.rows ? ` (die ersten ${preview.preview.length} Zeilen)` : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      Zeile
                    </th>
                    <th scope="col">Straße</th>
                    <th scope="col">Hausnummern</th>
                    <th scope="col">Sozialraum</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.preview.map((s) => (
                    <tr key={s.line}>
                      <td className="num">{s.line}</td>
                      <td>{s.street}</td>
                      <td>{s.houseNumbers || 'alle'}</td>
                      <td>{s.sozialraum}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="form-actions">
              <button type="button" onClick={() => run(false)} disabled={busy}>
                Importieren ({preview.streets} Straßen)
              </button>
              <button type="button" className="secondary" onClick={() => setPreview(null)}>
                Verwerfen
              </button>
            </div>
          </div>
        )}
      </Panel>
    </>
  );
}
