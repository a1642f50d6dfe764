import { useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEntry } from '@uwe/schema';
import { useState } from 'react';
import { listAudit } from '../api/admin.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { formatDateTime } from '../staff/format.ts';
import { queryError } from '../staff/query.ts';

const ENTITIES: Record<string, string> = {
  sozialraum: 'Sozialraum',
  school: 'Schule',
  wave: 'Befragungswelle',
  staff_user: 'Konto',
  survey_session: 'Sitzung',
  instrument_version: 'Fragebogen',
};
const ACTIONS: Record<string, string> = {
  create: 'angelegt',
  update: 'geändert',
  import: 'importiert',
  open: 'geöffnet',
  close: 'beendet',
  login: 'angemeldet',
  upload: 'hochgeladen',
  lock_code: 'Code gesperrt',
  end_sessions: 'Anmeldungen beendet',
  'release.build': 'Freigabe erstellt',
  'release.current': 'Freigabe gewählt',
  'seed.synthetic': 'Testdaten erzeugt',
};
const PAGE = 100;

function details(d: Record<string, unknown>): string {
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

/** Who changed what and when; newest first, filterable, paged. Holds no answers. */
export function AuditPage() {
  const [entity, setEntity] = useState('');
  const [action, setAction] = useState('');
  // Pages of the log, each older than the last entry of the one before.
  const log = useInfiniteQuery({
    queryKey: ['admin', 'audit', entity, action],
    queryFn: ({ pageParam }) => listAudit({ entity, action, limit: PAGE, before: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => (last.length === PAGE ? last[last.length - 1]?.id : undefined),
  });
  const entries: AuditEntry[] = log.data?.pages.flat() ?? [];
  const more = log.hasNextPage;
  const error = queryError(log.error);
  const loading = log.isFetching;
  const loadMore = () => void log.fetchNextPage();

  return (
    <>
      <h2>Protokoll</h2>
      <p className="hint">Änderungen an Stammdaten, Konten und Sitzungen. Antworten von Kindern stehen hier nie.</p>
      <search className="filters" aria-label="Protokoll filtern">
        <label>
          Bereich
          <select value={entity} onChange={(e) => setEntity(e.target.value)}>
            <option value="">alle</option>
            {Object.entries(ENTITIES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Aktion
          <select value={action} onChange={(e) => setAction(e.target.value)}>
            <option value="">alle</option>
            {Object.entries(ACTIONS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
      </search>
      <ErrorAlert>{error}</ErrorAlert>
      <div className="table-wrap">
        <table aria-busy={loading}>
          <caption className="visually-hidden">Protokolleinträge, neueste zuerst</caption>
          <thead>
            <tr>
              <th scope="col">Zeitpunkt</th>
              <th scope="col">Wer</th>
              <th scope="col">Bereich</th>
              <th scope="col">Aktion</th>
              <th scope="col">Datensatz</th>
              <th scope="col">Details</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td>{formatDateTime(e.at)}</td>
                <td>{e.actorEmail ?? 'System'}</td>
                <td>{ENTITIES[e.entity] ?? e.entity}</td>
                <td>{ACTIONS[e.action] ?? e.action}</td>
                <td title={e.entityId ?? undefined}>
                  {e.entityName ?? (e.entityId ? <span className="mono">{e.entityId.slice(0, 8)}</span> : '–')}
                </td>
                <td className="details">{details(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!loading && entries.length === 0 && !error && <p>Keine Einträge.</p>}
      {more && (
        <button type="button" className="secondary" onClick={loadMore} disabled={loading}>
          Ältere Einträge laden
        </button>
      )}
    </>
  );
}
