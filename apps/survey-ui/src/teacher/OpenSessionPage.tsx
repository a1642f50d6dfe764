import type { Grade, School, Session, Wave } from '@uwe/schema';
import { type FormEvent, useId, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { listSchools, listWaves } from '../api/admin.ts';
import { listSessions, openSession } from '../api/sessions.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert } from '../staff/Feedback.tsx';
import { formatDateTime } from '../staff/format.ts';
import { useLoad } from '../staff/use-load.ts';

// The school chosen last time: most teachers teach at one school, and the form should take seconds.
const LAST_SCHOOL = 'uwe.lehrkraft.schule';

/** Open a session in a few fields, and the list of the teacher's own sessions. */
export function OpenSessionPage() {
  const master = useLoad(() => Promise.all([listSchools(), listWaves()]), []);
  const sessions = useLoad(listSessions, []);
  const [schools, waves] = master.data ?? [[], []];

  return (
    <>
      <h1>Sitzung öffnen</h1>
      <p className="lead">
        Öffnen Sie für Ihre Klasse eine Sitzung. Die Kinder melden sich mit dem Code oder dem QR-Code an; die Antworten
        sind anonym und für Sie nicht einsehbar.
      </p>
      <ErrorAlert>{master.error}</ErrorAlert>
      {master.data && <OpenSessionForm schools={schools.filter((s) => s.active)} waves={waves} />}
      <SessionList
        sessions={sessions.data}
        error={sessions.error}
        loading={sessions.loading}
        reload={sessions.reload}
        schools={schools}
      />
    </>
  );
}

function OpenSessionForm({ schools, waves }: { schools: School[]; waves: Wave[] }) {
  const navigate = useNavigate();
  const inField = waves.filter((w) => w.status === 'in_field');
  const remembered = localStorage.getItem(LAST_SCHOOL);
  const [schoolId, setSchoolId] = useState(
    schools.find((s) => s.id === remembered)?.id ?? (schools.length === 1 ? schools[0]!.id : ''),
  );
  const [waveId, setWaveId] = useState(inField.length === 1 ? inField[0]!.id : '');
  const wave = inField.find((w) => w.id === waveId);
  const [chosenGrade, setGrade] = useState<Grade | null>(null);
  // A wave with one grade needs no choice; a grade the wave does not ask is dropped.
  const grade =
    wave && chosenGrade && wave.grades.includes(chosenGrade)
      ? chosenGrade
      : wave?.grades.length === 1
        ? wave.grades[0]!
        : null;
  const [classLabel, setClassLabel] = useState('');
  const [pupils, setPupils] = useState('');
  const [enrolled, setEnrolled] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const gradeLegend = useId();
  const enrolledHint = useId();

  if (schools.length === 0) {
    return (
      <p role="alert" className="alert alert-error">
        Ihrem Konto ist keine Schule zugeordnet. Bitte wenden Sie sich an die Verwaltung.
      </p>
    );
  }
  if (inField.length === 0) {
    return (
      <p role="alert" className="alert alert-error">
        Zurzeit ist keine Befragung im Feld. Sitzungen können nur während der Feldphase geöffnet werden.
      </p>
    );
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!grade) return setError('Bitte wählen Sie die Jahrgangsstufe.');
    setBusy(true);
    setError(null);
    try {
      const s = await openSession({
        schoolId,
        waveId,
        grade,
        classLabel: classLabel.trim(),
        expectedPupils: Number(pupils),
        enrolledPupils: Number(enrolled),
      });
      localStorage.setItem(LAST_SCHOOL, schoolId);
      navigate(`/lehrkraft/sitzungen/${s.id}`);
    } catch (err) {
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form className="card form-grid open-session" onSubmit={submit}>
      <label>
        Schule
        <select required value={schoolId} onChange={(e) => setSchoolId(e.target.value)}>
          <option value="">Bitte wählen</option>
          {schools.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Befragung
        <select required value={waveId} onChange={(e) => setWaveId(e.target.value)}>
          <option value="">Bitte wählen</option>
          {inField.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="choice" aria-describedby={wave ? undefined : gradeLegend}>
        <legend>Jahrgangsstufe</legend>
        {wave ? (
          wave.grades.map((g) => (
            <label key={g} className="inline">
              <input type="radio" name="grade" required checked={grade === g} onChange={() => setGrade(g)} />
              Klasse {g}
            </label>
          ))
        ) : (
          <p id={gradeLegend} className="hint">
            Erst die Befragung wählen.
          </p>
        )}
      </fieldset>
      <label>
        Klasse
        <input
          required
          maxLength={40}
          placeholder="z. B. 4a"
          autoComplete="off"
          value={classLabel}
          onChange={(e) => setClassLabel(e.target.value)}
        />
      </label>
      <label>
        Anwesende Kinder
        <input
          type="number"
          required
          min={1}
          max={40}
          inputMode="numeric"
          value={pupils}
          onChange={(e) => setPupils(e.target.value)}
        />
      </label>
      <div>
        <label>
          Kinder in der Klasse
          <input
            type="number"
            required
            min={Math.max(1, Number(pupils) || 1)}
            max={100}
            inputMode="numeric"
            aria-describedby={enrolledHint}
            value={enrolled}
            onChange={(e) => setEnrolled(e.target.value)}
          />
        </label>
        <p id={enrolledHint} className="hint">
          Alle Kinder der Klasse, auch wer heute fehlt oder nicht mitmachen darf. Daraus wird die Beteiligung berechnet.
        </p>
      </div>
      <ErrorAlert>{error}</ErrorAlert>
      <button type="submit" disabled={busy}>
        Sitzung öffnen
      </button>
    </form>
  );
}

function SessionList({
  sessions,
  error,
  loading,
  reload,
  schools,
}: {
  sessions: Session[] | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
  schools: School[];
}) {
  const schoolName = new Map(schools.map((s) => [s.id, s.name]));
  return (
    <section aria-labelledby="meine-sitzungen" className="section">
      <div className="section-head">
        <h2 id="meine-sitzungen">Meine Sitzungen</h2>
        <button type="button" className="secondary" onClick={reload} disabled={loading}>
          Aktualisieren
        </button>
      </div>
      <ErrorAlert>{error}</ErrorAlert>
      {sessions && sessions.length === 0 && <p>Noch keine Sitzungen.</p>}
      {sessions && sessions.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Meine Sitzungen mit dem Stand der Teilnahme</caption>
            <thead>
              <tr>
                <th scope="col">Geöffnet</th>
                <th scope="col">Schule</th>
                <th scope="col">Klasse</th>
                <th scope="col">Code</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Angemeldet
                </th>
                <th scope="col" className="num">
                  Fertig
                </th>
                <th scope="col" className="num">
                  Kinder in der Klasse
                </th>
                <th scope="col">
                  <span className="visually-hidden">Aktion</span>
                </th>
                <th scope="col">Papier</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{formatDateTime(s.openedAt)}</td>
                  <td>{schoolName.get(s.schoolId) ?? '–'}</td>
                  <td>
                    {s.classLabel} (Jg. {s.grade})
                  </td>
                  <td className="mono">{s.codeDisplay}</td>
                  <td>{s.status === 'open' ? 'läuft' : 'beendet'}</td>
                  <td className="num">
                    {s.counts.joined} / {s.expectedPupils}
                  </td>
                  <td className="num">{s.counts.finished}</td>
                  <td className="num">{s.enrolledPupils ?? 'fehlt'}</td>
                  <td>
                    <Link
                      to={`/lehrkraft/sitzungen/${s.id}`}
                      aria-label={`${s.status === 'open' ? 'Anzeigen' : 'Übersicht'}: Klasse ${s.classLabel}`}
                    >
                      {s.status === 'open' ? 'Anzeigen' : 'Übersicht'}
                    </Link>
                  </td>
                  <td>
                    <a href={`/druck?session=${s.id}`} aria-label={`Papierfragebogen drucken: Klasse ${s.classLabel}`}>
                      Drucken
                    </a>{' '}
                    ·{' '}
                    <Link
                      to={`/lehrkraft/sitzungen/${s.id}/papier`}
                      aria-label={`Papierbögen erfassen: Klasse ${s.classLabel}`}
                    >
                      Erfassen
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
