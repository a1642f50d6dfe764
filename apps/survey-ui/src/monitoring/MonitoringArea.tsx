import { useQuery } from '@tanstack/react-query';
import type { StaffUser } from '@uwe/schema';
import { type ReactNode, useCallback, useMemo } from 'react';
import { Link, NavLink, Outlet, Route, Routes, useSearchParams } from 'react-router';
import { reportQueries } from '../api/reports.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { formatDateTime } from '../staff/format.ts';
import { queryError } from '../staff/query.ts';
import { ComparisonPage } from './ComparisonPage.tsx';
import { MonitoringContext, type MonitoringState, type Ready, useMonitoring } from './context.ts';
import { ItemsPage } from './ItemsPage.tsx';
import { MethodsPage } from './MethodsPage.tsx';
import { OverviewPage } from './OverviewPage.tsx';
import { ReportPage } from './report/ReportPage.tsx';
import './monitoring.css';

/**
 * Bildungsmonitoring: the released numbers of a wave as overview, map, tables, item charts, wave
 * comparison, printable reports per school and Sozialraum, and downloads. Reads only the current
 * release of a wave (chosen by an admin), whose cells passed disclosure control (DISCLOSURE.md); the
 * selected wave travels in `?welle=`.
 */
export default function MonitoringArea({ user }: { user: StaffUser }) {
  const waves = useQuery(reportQueries.waves());
  const [params] = useSearchParams();
  const asked = params.get('welle');
  const released = (waves.data ?? []).filter((w) => w.release);
  const wave = released.find((w) => w.id === asked) ?? released[0];
  const release = wave?.release?.number ?? 0;
  const catalogue = useQuery({ ...reportQueries.catalogue(wave?.id ?? '', release), enabled: Boolean(wave) });
  const waveId = wave?.id;
  const link = useCallback(
    (path: string) => (waveId ? `${path}${path.includes('?') ? '&' : '?'}welle=${encodeURIComponent(waveId)}` : path),
    [waveId],
  );
  const state = useMemo<MonitoringState>(
    () => ({
      waves: waves.data ?? [],
      wave,
      release,
      catalogue: catalogue.data?.release.waveId === wave?.id ? catalogue.data : undefined,
      items: new Map((catalogue.data?.items ?? []).map((i) => [i.id, i])),
      loading: waves.isLoading || catalogue.isLoading,
      error: queryError(waves.error ?? catalogue.error),
      isAdmin: user.role === 'admin',
      link,
    }),
    [
      waves.data,
      waves.isLoading,
      waves.error,
      wave,
      release,
      catalogue.data,
      catalogue.isLoading,
      catalogue.error,
      user,
      link,
    ],
  );

  return (
    <MonitoringContext.Provider value={state}>
      <Routes>
        <Route path="bericht/:level/:unitId" element={<ReportPage />} />
        <Route element={<Layout />}>
          <Route index element={<Released page={OverviewPage} />} />
          <Route path="fragen" element={<Released page={ItemsPage} />} />
          <Route path="vergleich" element={<Released page={ComparisonPage} />} />
          <Route path="methoden" element={<MethodsPage />} />
          <Route path="*" element={<p role="alert">Diese Seite gibt es nicht.</p>} />
        </Route>
      </Routes>
    </MonitoringContext.Provider>
  );
}

function Layout() {
  const { link } = useMonitoring();
  return (
    <>
      <h1>Bildungsmonitoring</h1>
      <WavePicker />
      <nav aria-label="Seiten des Bildungsmonitorings" className="subnav">
        <NavLink to={link('/monitoring')} end>
          Übersicht
        </NavLink>
        <NavLink to={link('/monitoring/fragen')}>Fragen und Aufteilungen</NavLink>
        <NavLink to={link('/monitoring/vergleich')}>Zeitvergleich</NavLink>
        <NavLink to={link('/monitoring/methoden')}>Methoden</NavLink>
      </nav>
      <Outlet />
    </>
  );
}

function WavePicker() {
  const { waves, wave, loading, error, isAdmin } = useMonitoring();
  const [params, setParams] = useSearchParams();
  const released = waves.filter((w) => w.release);
  const unreleased = waves.filter((w) => !w.release);
  if (loading && waves.length === 0) return <p className="loading">Wird geladen …</p>;
  return (
    <div className="wave-picker">
      <ErrorAlert>{error}</ErrorAlert>
      {released.length > 0 && wave && (
        <label>
          Befragungsrunde
          <select
            value={wave.id}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              next.set('welle', e.target.value);
              setParams(next);
            }}
          >
            {released.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {wave?.release && (
        <p className="hint">
          Freigabe {wave.release.number} vom {formatDateTime(wave.release.finishedAt ?? wave.release.createdAt)}
          {wave.release.responses !== null &&
            ` · ${wave.release.responses.toLocaleString('de-DE')} Kinder haben teilgenommen`}
        </p>
      )}
      {waves.length > 0 && released.length === 0 && (
        <p className="alert alert-info">
          Für keine Befragungsrunde gibt es bisher eine Freigabe. Zahlen erscheinen hier, sobald die Verwaltung eine
          Freigabe erstellt hat.
        </p>
      )}
      {unreleased.length > 0 && (
        <p className="hint">
          Noch ohne Freigabe und deshalb ohne Zahlen: {unreleased.map((w) => `„${w.name}“`).join(', ')}.
          {isAdmin && (
            <>
              {' '}
              <Link to="/admin/freigaben">Freigaben verwalten</Link>
            </>
          )}
        </p>
      )}
      {!loading && waves.length === 0 && !error && <p>Es gibt noch keine Befragungsrunde.</p>}
    </div>
  );
}

/** Renders a page only once a release and its catalogue are there. */
export function Released({ page: Page }: { page: (props: { ctx: Ready }) => ReactNode }) {
  const ctx = useMonitoring();
  if (!ctx.wave) return null;
  if (!ctx.catalogue) return ctx.loading ? <p className="loading">Wird geladen …</p> : null;
  return <Page ctx={ctx as Ready} />;
}
