import { useQuery } from '@tanstack/react-query';
import { adminQueries, fieldworkCsvUrl } from '../api/admin.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { queryError } from '../staff/query.ts';
import { useWaveChoice, WavePicker } from './WavePicker.tsx';

const count = (v: number | null) => (v === null ? '–' : v.toLocaleString('de-DE'));

/**
 * Feldphase: which schools have run their class sessions in a wave, so an admin can remind the
 * ones that have not. Counts of sessions and seats only; monitoring staff never see this page.
 */
export function FieldworkPage() {
  const { waves, error, wave, setWaveId } = useWaveChoice();
  const table = useQuery({ ...adminQueries.fieldwork(wave?.id ?? ''), enabled: Boolean(wave) });
  const rows = table.data?.waveId === wave?.id ? (table.data?.rows ?? []) : [];
  const missing = new Set(rows.filter((r) => r.withoutSessions).map((r) => r.schoolId)).size;

  return (
    <section aria-labelledby="fieldwork-title">
      <h2 id="fieldwork-title">Feldphase</h2>
      <ErrorAlert>{error ?? queryError(table.error)}</ErrorAlert>
      {waves && waves.length === 0 && <p>Es gibt noch keine Befragungsrunde.</p>}
      {wave && (
        <>
          <p>
            <WavePicker waves={waves} wave={wave} onChange={setWaveId} />{' '}
            <a href={fieldworkCsvUrl(wave.id)} download>
              Als CSV herunterladen
            </a>
          </p>
          <p>
            Je Schule und Jahrgang: geöffnete Sitzungen, Klassengröße (laut Lehrkraft), angemeldete Kinder, fertige,
            begonnene und zurückgezogene Fragebögen. Nur für die Verwaltung, nicht für Berichte.
          </p>
          {missing > 0 && (
            <p className="fieldwork-missing-note">
              {missing === 1 ? 'Eine Schule hat' : `${missing} Schulen haben`} in dieser Befragungsrunde noch keine
              Sitzung geöffnet (hervorgehoben).
            </p>
          )}
          <table className="fieldwork">
            <thead>
              <tr>
                <th scope="col">Sozialraum</th>
                <th scope="col">Schule</th>
                <th scope="col">Jahrgang</th>
                <th scope="col">Sitzungen</th>
                <th scope="col">Klassengröße</th>
                <th scope="col">Angemeldet</th>
                <th scope="col">Fertig</th>
                <th scope="col">Begonnen</th>
                <th scope="col">Zurückgezogen</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr
                  key={`${r.schoolId}-${r.grade}`}
                  className={r.withoutSessions ? 'fieldwork-missing' : undefined}
                  data-without-sessions={r.withoutSessions ? 'true' : undefined}
                >
                  <td>{r.sozialraumName}</td>
                  <th scope="row">
                    {r.schoolName}
                    {r.withoutSessions && <strong> – noch keine Sitzung</strong>}
                  </th>
                  <td>{r.grade}</td>
                  <td>{count(r.sessions)}</td>
                  <td>{count(r.enrolled)}</td>
                  <td>{count(r.joined)}</td>
                  <td>{count(r.finished)}</td>
                  <td>{count(r.partial)}</td>
                  <td>{count(r.withdrawn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
