import type { Release } from '@uwe/schema';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { HttpError } from '../api/http.ts';
import { createRelease, listReleases, listReportWaves } from '../api/reports.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert, StatusMessage } from '../staff/Feedback.tsx';
import { formatDateTime, WAVE_STATUS } from '../staff/format.ts';
import { useLoad } from '../staff/use-load.ts';

const RELEASE_STATUS: Record<Release['status'], string> = {
  building: 'wird erstellt',
  ready: 'fertig',
  failed: 'fehlgeschlagen',
};

/** What a refused build means, in words (the API's codes). */
const BUILD_ERRORS: Record<string, string> = {
  RELEASE_IN_PROGRESS:
    'Für diese Befragungsrunde wird gerade schon eine Freigabe erstellt. Bitte warten Sie, bis sie fertig ist.',
  NO_FINISHED_RESPONSES:
    'In dieser Befragungsrunde hat noch kein Kind einen Fragebogen fertig ausgefüllt. Es gibt noch nichts freizugeben.',
};

const POLL_MS = 1000;

/**
 * Releases: an admin freezes the numbers of a wave, checked by disclosure control, as a new
 * numbered release; the monitoring pages and exports read the newest ready one.
 */
export function ReleasesPage() {
  const waves = useLoad(listReportWaves, []);
  const [waveId, setWaveId] = useState('');
  const wave = waves.data?.find((w) => w.id === waveId) ?? waves.data?.[0];
  const [loaded, setLoaded] = useState<{ waveId: string; list: Release[] } | null>(null);
  const releases = loaded && loaded.waveId === wave?.id ? loaded.list : null;
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const building = releases?.some((r) => r.status === 'building') ?? false;

  // The build started here: its outcome is announced once the list shows it finished.
  const watching = useRef<number | null>(null);

  // Load the list for the chosen wave; while a build runs, ask again every second.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `building` restarts polling after a build started here
  useEffect(() => {
    if (!wave) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const list = await listReleases(wave.id);
        if (!live) return;
        setLoaded({ waveId: wave.id, list });
        setError(null);
        const mine = list.find((r) => r.number === watching.current);
        if (mine && mine.status !== 'building') {
          watching.current = null;
          setStatus(mine.status === 'ready' ? `Freigabe ${mine.number} ist fertig.` : '');
          if (mine.status === 'failed') setError(mine.error ?? `Freigabe ${mine.number} ist fehlgeschlagen.`);
        }
        if (list.some((r) => r.status === 'building')) timer = setTimeout(load, POLL_MS);
      } catch (err) {
        if (live) setError(errorMessage(err));
      }
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [wave, building]);

  async function build() {
    if (!wave) return;
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const r = await createRelease(wave.id);
      watching.current = r.number;
      setLoaded((l) => ({
        waveId: wave.id,
        list: [r, ...(l?.waveId === wave.id ? l.list : []).filter((x) => x.id !== r.id)],
      }));
      setStatus(`Freigabe ${r.number} wird erstellt …`);
    } catch (err) {
      setError(err instanceof HttpError && BUILD_ERRORS[err.code] ? BUILD_ERRORS[err.code]! : errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const sorted = [...(releases ?? [])].sort((a, b) => b.number - a.number);
  const newestReady = sorted.find((r) => r.status === 'ready');

  return (
    <>
      <div className="section-head">
        <h2>Freigaben</h2>
      </div>
      <p className="lead">
        Eine Freigabe berechnet alle Tabellen einer Befragungsrunde aus den fertig ausgefüllten Fragebögen, prüft sie
        auf Datenschutz (Mindestgrößen, verborgene Zahlen) und friert sie ein. Das Bildungsmonitoring, die Berichte und
        die Downloads zeigen immer die neueste fertige Freigabe. Eine neue Freigabe ist nötig, wenn nach der letzten
        noch Fragebögen hinzugekommen sind.
      </p>
      <ErrorAlert>{waves.error}</ErrorAlert>
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
          <button type="button" className="align-end" disabled={busy || building} onClick={build}>
            Neue Freigabe erstellen
          </button>
        </div>
      )}
      <StatusMessage>{status}</StatusMessage>
      <ErrorAlert>{error}</ErrorAlert>
      {releases && releases.length === 0 && <p>Für diese Befragungsrunde gibt es noch keine Freigabe.</p>}
      {sorted.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Freigaben: {wave?.name}</caption>
            <thead>
              <tr>
                <th scope="col">Nr.</th>
                <th scope="col">Status</th>
                <th scope="col">Erstellt</th>
                <th scope="col">Fertig</th>
                <th scope="col" className="num">
                  Fragebögen
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
                    {r === newestReady && <span className="hint"> (wird angezeigt)</span>}
                    {r.status === 'building' && (
                      <span className="progress">
                        <progress max={1} value={r.progress} aria-label={`Fortschritt von Freigabe ${r.number}`} />{' '}
                        {Math.round(r.progress * 100)}&nbsp;%
                      </span>
                    )}
                    {r.status === 'failed' && r.error && <span className="release-error">{r.error}</span>}
                  </td>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td>{r.finishedAt ? formatDateTime(r.finishedAt) : '–'}</td>
                  <td className="num">{r.responses?.toLocaleString('de-DE') ?? '–'}</td>
                  <td className="num">{r.cells?.toLocaleString('de-DE') ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="hint">Fragebögen auf 5 gerundet. „Zahlen“: alle veröffentlichten Werte der Freigabe.</p>
        </div>
      )}
      {newestReady && wave && (
        <p>
          <Link to={`/monitoring?welle=${encodeURIComponent(wave.id)}`}>Zahlen im Bildungsmonitoring ansehen</Link>
        </p>
      )}
    </>
  );
}
