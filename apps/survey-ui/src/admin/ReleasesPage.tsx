import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { CellLevel, Release, ReleasePreview } from '@uwe/schema';
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { HttpError } from '../api/http.ts';
import { createRelease, previewRelease, reportKeys, reportQueries, setCurrentRelease } from '../api/reports.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert, StatusMessage } from '../staff/Feedback.tsx';
import { formatDateTime, WAVE_STATUS } from '../staff/format.ts';
import { queryError } from '../staff/query.ts';

const RELEASE_STATUS: Record<Release['status'], string> = {
  building: 'wird erstellt',
  ready: 'fertig',
  failed: 'fehlgeschlagen',
};

const LEVEL_NAMES: Record<CellLevel, string> = {
  city: 'Gesamtstadt',
  sozialraum: 'Sozialräume',
  residence: 'Sozialräume nach Wohnort',
  school: 'Schulen',
};

/** What a refused build or preview means, in words (the API's codes). */
const BUILD_ERRORS: Record<string, string> = {
  RELEASE_IN_PROGRESS:
    'Für diese Befragungsrunde wird gerade schon eine Freigabe erstellt. Bitte warten Sie, bis sie fertig ist.',
  NO_FINISHED_RESPONSES:
    'In dieser Befragungsrunde gibt es noch keinen Fragebogen, der zählt (fertig ausgefüllt, oder begonnen und die ' +
    'Sitzung ist vorbei). Es gibt noch nichts freizugeben.',
};

const buildError = (err: unknown) =>
  err instanceof HttpError && BUILD_ERRORS[err.code] ? BUILD_ERRORS[err.code]! : errorMessage(err);

const POLL_MS = 1000;

const count = (v: number) => v.toLocaleString('de-DE');
const points = (v: number | null) =>
  v === null ? '–' : `${v.toLocaleString('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 })}\u00a0Pp.`;

/**
 * Releases: an admin previews what a new release of a wave would publish, hide or change, freezes
 * the disclosure-checked numbers as a new numbered release, and chooses which ready release
 * monitoring staff read (DISCLOSURE.md rule 9).
 */
export function ReleasesPage() {
  const queries = useQueryClient();
  const waves = useQuery(reportQueries.waves());
  const [waveId, setWaveId] = useState('');
  const wave = waves.data?.find((w) => w.id === waveId) ?? waves.data?.[0];
  // While a build runs, the list is asked for again every second.
  const list = useQuery({
    ...reportQueries.releases(wave?.id ?? ''),
    enabled: Boolean(wave),
    refetchInterval: (q) => (q.state.data?.some((r) => r.status === 'building') ? POLL_MS : false),
  });
  const releases = list.data ?? null;
  const [preview, setPreview] = useState<{ waveId: string; at: string; result: ReleasePreview } | null>(null);
  const shownPreview = preview && preview.waveId === wave?.id ? preview : null;
  const [makeCurrent, setMakeCurrent] = useState(true);
  const [actionError, setError] = useState<string | null>(null);
  const error = actionError ?? queryError(list.error);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState<'build' | 'preview' | 'current' | null>(null);
  const building = releases?.some((r) => r.status === 'building') ?? false;
  const makeCurrentHint = useId();

  // The build started here: its outcome is announced once the list shows it finished.
  const watching = useRef<number | null>(null);
  useEffect(() => {
    const mine = releases?.find((r) => r.number === watching.current);
    if (!releases || !mine || mine.status === 'building') return;
    watching.current = null;
    const current = releases.find((r) => r.current);
    setStatus(
      mine.status !== 'ready'
        ? ''
        : mine.current
          ? `Freigabe ${mine.number} ist fertig und für das Monitoring sichtbar.`
          : `Freigabe ${mine.number} ist fertig.${current ? ` Das Monitoring zeigt weiterhin Freigabe ${current.number}.` : ''}`,
    );
    if (mine.status === 'failed') setError(mine.error ?? `Freigabe ${mine.number} ist fehlgeschlagen.`);
    // Monitoring's wave list names the release it reads.
    void queries.invalidateQueries({ queryKey: reportKeys.waves });
  }, [releases, queries]);

  const setReleases = (waveId: string, update: (l: Release[]) => Release[]) =>
    queries.setQueryData(reportQueries.releases(waveId).queryKey, (l) => update(l ?? []));

  async function runPreview() {
    if (!wave) return;
    setBusy('preview');
    setError(null);
    setStatus('Die Vorschau wird berechnet …');
    try {
      const result = await previewRelease(wave.id);
      setPreview({ waveId: wave.id, at: new Date().toISOString(), result });
      setStatus('Die Vorschau ist fertig.');
    } catch (err) {
      setStatus('');
      setError(buildError(err));
    } finally {
      setBusy(null);
    }
  }

  async function build() {
    if (!wave) return;
    setBusy('build');
    setError(null);
    setStatus('');
    try {
      const r = await createRelease(wave.id, makeCurrent);
      watching.current = r.number;
      // The preview compared against the release that was current until now.
      setPreview(null);
      setReleases(wave.id, (l) => [r, ...l.filter((x) => x.id !== r.id)]);
      setStatus(`Freigabe ${r.number} wird erstellt …`);
    } catch (err) {
      setError(buildError(err));
    } finally {
      setBusy(null);
    }
  }

  async function makeVisible(number: number) {
    if (!wave) return;
    setBusy('current');
    setError(null);
    setStatus('');
    try {
      await setCurrentRelease(wave.id, number);
      setReleases(wave.id, (l) => l.map((r) => ({ ...r, current: r.number === number })));
      void queries.invalidateQueries({ queryKey: reportKeys.all });
      // A preview compares against the current release: it no longer holds.
      setPreview(null);
      setStatus(`Freigabe ${number} ist jetzt für das Monitoring sichtbar.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  }

  const sorted = [...(releases ?? [])].sort((a, b) => b.number - a.number);
  const current = sorted.find((r) => r.current);

  return (
    <>
      <div className="section-head">
        <h2>Freigaben</h2>
      </div>
      <p className="lead">
        Eine Freigabe berechnet alle Tabellen einer Befragungsrunde aus den Fragebögen, die zählen, schützt sie mit dem
        Zellschlüsselverfahren (jede Zahl leicht verändert, sehr kleine Gruppen ohne Angabe) und friert sie ein. Das
        Bildungsmonitoring, die Berichte und die Downloads zeigen die Freigabe, die hier „für Monitoring sichtbar“ ist.
        Eine neue Freigabe ist nötig, wenn nach der letzten noch Fragebögen hinzugekommen oder Klassengrößen korrigiert
        worden sind. Die Vorschau zeigt vorher, was sich gegenüber der sichtbaren Freigabe ändern würde.
      </p>
      <ErrorAlert>{queryError(waves.error)}</ErrorAlert>
      {waves.data && waves.data.length === 0 && <p>Es gibt noch keine Befragungsrunde.</p>}
      {wave && (
        <div className="filters">
          <label>
            Befragungsrunde
            <select value={wave.id} onChange={(e) => setWaveId(e.target.value)}>
              {waves.data!.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.name} ({WAVE_STATUS[w.status] ?? w.status})
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary align-end" disabled={busy !== null} onClick={runPreview}>
            Vorschau
          </button>
          <button type="button" className="align-end" disabled={busy !== null || building} onClick={build}>
            Neue Freigabe erstellen
          </button>
          <div className="align-end">
            <label className="inline">
              <input
                type="checkbox"
                checked={makeCurrent}
                onChange={(e) => setMakeCurrent(e.target.checked)}
                aria-describedby={makeCurrentHint}
              />
              Neue Freigabe gleich für Monitoring sichtbar machen
            </label>
            <p id={makeCurrentHint} className="hint">
              Sonst zeigt das Monitoring weiter die bisherige, bis Sie umschalten.
            </p>
          </div>
        </div>
      )}
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert>{error}</ErrorAlert>
      {shownPreview && <PreviewTable preview={shownPreview.result} at={shownPreview.at} />}
      {releases && releases.length === 0 && <p>Für diese Befragungsrunde gibt es noch keine Freigabe.</p>}
      {sorted.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Freigaben: {wave?.name}</caption>
            <thead>
              <tr>
                <th scope="col">Nr.</th>
                <th scope="col">Status</th>
                <th scope="col">Monitoring</th>
                <th scope="col">Erstellt</th>
                <th scope="col">Fertig</th>
                <th scope="col" className="num">
                  Teilgenommen
                </th>
                <th scope="col" className="num">
                  Zahlen
                </th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.number}</th>
                  <td>
                    <span className={`badge badge-release-${r.status}`}>{RELEASE_STATUS[r.status]}</span>
                    {r.status === 'building' && (
                      <span className="progress">
                        <progress max={1} value={r.progress} aria-label={`Fortschritt von Freigabe ${r.number}`} />{' '}
                        {Math.round(r.progress * 100)}&nbsp;%
                      </span>
                    )}
                    {r.status === 'failed' && r.error && <span className="release-error">{r.error}</span>}
                  </td>
                  <td>
                    {r.current ? (
                      <span className="badge badge-current">für Monitoring sichtbar</span>
                    ) : r.status === 'ready' ? (
                      <button
                        type="button"
                        className="secondary small"
                        disabled={busy !== null}
                        onClick={() => makeVisible(r.number)}
                        aria-label={`Freigabe ${r.number} für Monitoring sichtbar machen`}
                      >
                        Sichtbar machen
                      </button>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td>{r.finishedAt ? formatDateTime(r.finishedAt) : '–'}</td>
                  <td className="num">{r.responses === null ? '–' : count(r.responses)}</td>
                  <td className="num">{r.cells === null ? '–' : count(r.cells)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">
            „Teilgenommen“: Kinder in der Gesamtstadt, wie veröffentlicht (leicht verändert). „Zahlen“: alle Zeilen der
            Freigabe wie im Download, auch die ohne Angabe.
          </p>
        </div>
      )}
      {current && wave && (
        <p>
          <Link to={`/monitoring?welle=${encodeURIComponent(wave.id)}`}>Zahlen im Bildungsmonitoring ansehen</Link>
        </p>
      )}
    </>
  );
}

/** Per level: what a new release would show, hide or change against the current one. */
function PreviewTable({ preview, at }: { preview: ReleasePreview; at: string }) {
  const base = preview.baseRelease;
  const compare = (v: number) => (base === null ? '–' : count(v));
  return (
    <section className="card preview" aria-labelledby="vorschau-title">
      <h3 id="vorschau-title">
        {base === null
          ? 'Vorschau: erste Freigabe dieser Befragungsrunde'
          : `Vorschau: neue Freigabe gegenüber Freigabe ${base}`}
      </h3>
      <p>
        Stand {formatDateTime(at)}
        {preview.responses !== null && ` · ${count(preview.responses)} Kinder hätten teilgenommen (Gesamtstadt)`}.
        Erstellt wird noch nichts.
      </p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Vorschau je Ebene</caption>
          <thead>
            <tr>
              <th scope="col">Ebene</th>
              <th scope="col" className="num">
                Zahlen
              </th>
              <th scope="col" className="num">
                davon mit Angabe
              </th>
              <th scope="col" className="num">
                neu sichtbar
              </th>
              <th scope="col" className="num">
                neu verborgen
              </th>
              <th scope="col" className="num">
                verändert
              </th>
              <th scope="col" className="num">
                unverändert
              </th>
              <th scope="col" className="num">
                Ø Änderung
              </th>
              <th scope="col" className="num">
                größte Änderung
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.levels.map((l) => (
              <tr key={l.level}>
                <th scope="row">{LEVEL_NAMES[l.level]}</th>
                <td className="num">{count(l.cells)}</td>
                <td className="num">{count(l.published)}</td>
                <td className="num">{compare(l.becomeVisible)}</td>
                <td className="num">{compare(l.becomeHidden)}</td>
                <td className="num">{compare(l.changed)}</td>
                <td className="num">{compare(l.unchanged)}</td>
                <td className="num">{points(l.meanAbsChangePct)}</td>
                <td className="num">{points(l.maxAbsChangePct)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="hint">
        {base === null
          ? 'Es gibt noch keine sichtbare Freigabe, mit der verglichen werden kann: Alle Zahlen mit Angabe wären neu.'
          : 'Neu sichtbar oder verborgen: Zahlen, die jetzt „keine Angabe“ sind und künftig eine hätten, oder umgekehrt. ' +
            'Verändert: Zahlen, die in beiden Freigaben eine Angabe haben, mit anderem Wert. Ø und größte Änderung: ' +
            'unter den veränderten Anteilen, in Prozentpunkten (Pp.).'}
      </p>
    </section>
  );
}
