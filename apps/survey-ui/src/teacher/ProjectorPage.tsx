import type { Session } from '@uwe/schema';
import QRCode from 'qrcode';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { listSchools } from '../api/admin.ts';
import { HttpError } from '../api/http.ts';
import { closeSession, getSession, type LiveState, lockCode, updateSession, watchSession } from '../api/sessions.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert, StatusMessage } from '../staff/Feedback.tsx';
import { formatDateTime } from '../staff/format.ts';
import { useLoad } from '../staff/use-load.ts';

/** The page the teacher projects: code, QR code, live counts, time left, and the close button. */
export function ProjectorPage() {
  const { id = '' } = useParams();
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveState>('live');
  const schools = useLoad(listSchools, []);
  const isOpen = session?.status === 'open';

  useEffect(() => {
    let current = true;
    setSession(null);
    setError(null);
    getSession(id)
      .then((s) => current && setSession(s))
      .catch((err: unknown) => {
        if (!current) return;
        setError(
          err instanceof HttpError && err.status === 403
            ? `Diese Sitzung ist für Sie nicht freigegeben. ${err.message}`
            : errorMessage(err),
        );
      });
    return () => {
      current = false;
    };
  }, [id]);

  // The live stream runs while the session is open and stops when the page is left.
  useEffect(() => {
    if (!isOpen) return;
    return watchSession(id, setSession, setLive);
  }, [id, isOpen]);

  if (error) {
    return (
      <>
        <h1>Sitzung</h1>
        <ErrorAlert>{error}</ErrorAlert>
        <p>
          <Link to="/lehrkraft">Zurück zu meinen Sitzungen</Link>
        </p>
      </>
    );
  }
  if (!session) return <p className="loading">Wird geladen …</p>;

  const schoolName = schools.data?.find((s) => s.id === session.schoolId)?.name;
  return isOpen ? (
    <OpenView session={session} schoolName={schoolName} live={live} onChange={setSession} />
  ) : (
    <ClosedView session={session} schoolName={schoolName} onChange={setSession} />
  );
}

function OpenView({
  session,
  schoolName,
  live,
  onChange,
}: {
  session: Session;
  schoolName: string | undefined;
  live: LiveState;
  onChange: (s: Session) => void;
}) {
  const stage = useRef<HTMLElement>(null);
  const joinUrl = `${location.origin}${session.joinUrl}`;
  const [qr, setQr] = useState<string | null>(null);
  const full = session.counts.joined >= session.seatCap;

  useEffect(() => {
    let current = true;
    QRCode.toDataURL(joinUrl, { errorCorrectionLevel: 'M', margin: 2, width: 600 })
      .then((url) => current && setQr(url))
      .catch(() => current && setQr(null));
    return () => {
      current = false;
    };
  }, [joinUrl]);

  function toggleFullscreen() {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void stage.current?.requestFullscreen();
  }

  return (
    <section ref={stage} className="projector" aria-labelledby="projector-title">
      <div className="projector-join">
        <h1 id="projector-title" className="projector-title">
          Klasse {session.classLabel}
          {schoolName && <span className="projector-school"> · {schoolName}</span>}
        </h1>
        {session.codeLockedAt && (
          <p role="status" className="alert projector-locked">
            Code gesperrt: Es kann sich niemand mehr neu anmelden. Wer schon angemeldet ist, füllt weiter aus.
          </p>
        )}
        <p className="projector-lead">
          Öffne <strong>{location.host}</strong> und gib diesen Code ein:
        </p>
        <p className="projector-code">{session.codeDisplay}</p>
        <p className="projector-lead">Oder scanne den QR-Code.</p>
      </div>
      <div className="projector-qr">
        {qr ? <img src={qr} alt={`QR-Code mit der Adresse ${joinUrl}`} /> : <div className="qr-placeholder" />}
      </div>

      <dl className="projector-counts">
        <Count id="joined" label="Angemeldet" value={session.counts.joined} of={session.expectedPupils} />
        <Count id="answering" label="Noch dabei" value={session.counts.answering} />
        <Count id="finished" label="Fertig" value={session.counts.finished} />
        <Count id="withdrawn" label="Aufgehört" value={session.counts.withdrawn} />
        <div className="count count-time">
          <dt>Noch</dt>
          <dd data-testid="count-time">
            <TimeLeft closesAt={session.closesAt} />
          </dd>
        </div>
      </dl>

      {full && (
        <p role="alert" className="alert alert-error projector-full">
          Alle {session.seatCap} Plätze sind vergeben. Fehlen noch Kinder? Erhöhen Sie unten die Zahl.
        </p>
      )}

      <div className="projector-actions">
        {document.fullscreenEnabled && (
          <button type="button" className="secondary" onClick={toggleFullscreen}>
            Vollbild
          </button>
        )}
        <RaisePupils session={session} onChange={onChange} />
        <ClassSize session={session} onChange={onChange} />
        <Link to="/lehrkraft/vorlesetext" className="button-link secondary">
          Text zum Vorlesen
        </Link>
        <p role="status" className={live === 'live' ? 'live-ok' : 'live-wait'}>
          {live === 'live' ? 'Live-Anzeige aktiv' : 'Verbindung unterbrochen – wird wiederhergestellt …'}
        </p>
        {!session.codeLockedAt && <LockButton session={session} onChange={onChange} />}
        <CloseButton session={session} onChange={onChange} />
      </div>
    </section>
  );
}

function Count({ id, label, value, of }: { id: string; label: string; value: number; of?: number }) {
  return (
    <div className={`count count-${id}`}>
      <dt>{label}</dt>
      <dd data-testid={`count-${id}`}>
        {value}
        {of !== undefined && <span className="count-of"> von {of}</span>}
      </dd>
    </div>
  );
}

function TimeLeft({ closesAt }: { closesAt: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);
  const minutes = Math.ceil((new Date(closesAt).getTime() - now) / 60_000);
  if (minutes <= 0) return <>abgelaufen</>;
  return (
    <>
      {minutes}
      <span className="count-of"> {minutes === 1 ? 'Minute' : 'Minuten'}</span>
    </>
  );
}

function RaisePupils({ session, onChange }: { session: Session; onChange: (s: Session) => void }) {
  const [value, setValue] = useState(String(session.expectedPupils + 1));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const enrolled = session.enrolledPupils;
    if (enrolled !== null && Number(value) > enrolled) {
      setError(`Die Klasse hat laut Ihrer Angabe ${enrolled} Kinder. Bitte korrigieren Sie zuerst die Klassengröße.`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onChange(await updateSession(session.id, { expectedPupils: Number(value) }));
      if (details.current) details.current.open = false;
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <details ref={details} className="raise">
      <summary>Mehr Kinder zulassen</summary>
      <form onSubmit={submit} className="raise-form">
        <label>
          Anwesende Kinder (bisher {session.expectedPupils})
          <input
            type="number"
            min={session.expectedPupils}
            max={40}
            required
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Übernehmen
        </button>
        <ErrorAlert>{error}</ErrorAlert>
      </form>
    </details>
  );
}

/**
 * The class size (children in the class, present or not) for response rates: correctable while the
 * session runs and after it closed.
 */
function ClassSize({
  session,
  onChange,
  openIfMissing = false,
}: {
  session: Session;
  onChange: (s: Session) => void;
  /** Start unfolded where the size is missing (not on the projector, where it would crowd the class's view). */
  openIfMissing?: boolean;
}) {
  const [value, setValue] = useState(session.enrolledPupils === null ? '' : String(session.enrolledPupils));
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const details = useRef<HTMLDetailsElement>(null);
  const known = session.enrolledPupils !== null;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (Number(value) < session.expectedPupils) {
      setError(`Die Klasse hat mindestens so viele Kinder, wie heute mitmachen (${session.expectedPupils}).`);
      return;
    }
    setBusy(true);
    setError(null);
    setStatus('');
    try {
      const updated = await updateSession(session.id, { enrolledPupils: Number(value) });
      onChange(updated);
      setStatus(`Klassengröße gespeichert: ${updated.enrolledPupils} Kinder.`);
      if (details.current) details.current.open = false;
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="class-size">
      <details ref={details} className="raise" open={openIfMissing && !known}>
        <summary>{known ? `Klassengröße: ${session.enrolledPupils}` : 'Klassengröße angeben'}</summary>
        <form onSubmit={submit} className="raise-form">
          <label>
            Kinder in der Klasse
            <input
              type="number"
              // Not the number present as `min`: the check below says why in words.
              min={1}
              max={100}
              required
              value={value}
              onChange={(e) => setValue(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy}>
            Speichern
          </button>
          <ErrorAlert>{error}</ErrorAlert>
        </form>
      </details>
      <StatusMessage>{status}</StatusMessage>
    </div>
  );
}

function CloseButton({ session, onChange }: { session: Session; onChange: (s: Session) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Paper sheets are finished responses without a seat.
  const notDone = session.counts.joined - (session.counts.finished - session.counts.paper) - session.counts.withdrawn;

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const closed = await closeSession(session.id);
      dialog.current?.close();
      onChange(closed);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="danger" onClick={() => dialog.current?.showModal()}>
        Sitzung beenden
      </button>
      <dialog ref={dialog} aria-labelledby="close-title" aria-describedby="close-text" className="confirm">
        <h2 id="close-title">Sitzung wirklich beenden?</h2>
        <p id="close-text">
          Danach kann sich niemand mehr mit diesem Code anmelden.
          {/* What the server does: seats upload until the close plus the grace period (UWE_SEAT_GRACE_HOURS),
              then unfinished responses count with the answers given so far (empty ones not at all). */}
          {notDone > 0 &&
            ` ${notDone === 1 ? 'Ein Kind ist' : `${notDone} Kinder sind`} noch nicht fertig. Sie können auf dem Tablet noch zu Ende antworten; die Tablets senden ihre Antworten auch noch einige Stunden nach dem Ende. Wer nicht auf „Fertig“ tippt, zählt mit den Antworten, die bis dahin gegeben wurden.`}
        </p>
        <ErrorAlert>{error}</ErrorAlert>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Abbrechen
          </button>
          <button type="button" className="danger" onClick={confirm} disabled={busy}>
            Ja, Sitzung beenden
          </button>
        </div>
      </dialog>
    </>
  );
}

function ClosedView({
  session,
  schoolName,
  onChange,
}: {
  session: Session;
  schoolName: string | undefined;
  onChange: (s: Session) => void;
}) {
  return (
    <section className="closed-session" aria-labelledby="closed-title">
      <h1 id="closed-title">
        Sitzung beendet: Klasse {session.classLabel}
        {schoolName && ` · ${schoolName}`}
      </h1>
      <p>
        Geöffnet {formatDateTime(session.openedAt)}, beendet {formatDateTime(session.closedAt ?? session.closesAt)}. Mit
        dem Code {session.codeDisplay} kann sich niemand mehr anmelden.
      </p>
      <dl className="projector-counts">
        <Count id="joined" label="Angemeldet" value={session.counts.joined} of={session.expectedPupils} />
        <Count id="finished" label="Fertig" value={session.counts.finished} />
        <Count id="paper" label="davon auf Papier" value={session.counts.paper} />
        <Count id="withdrawn" label="Aufgehört" value={session.counts.withdrawn} />
      </dl>
      <p>
        Kinder ohne Tablet füllen den Papierfragebogen aus (der Code steht auf jeder Seite); ihre Bögen geben Sie hier
        ein, bis 14 Tage nach dem Ende der Sitzung.
      </p>
      <PaperLinks session={session} />
      <p>
        Für die Beteiligung zählt die Klassengröße: alle Kinder der Klasse, auch wer heute fehlte oder nicht mitmachen
        durfte. Sie können sie hier auch nachträglich korrigieren.
      </p>
      <ClassSize session={session} onChange={onChange} openIfMissing />
      <p>Die Antworten sind anonym. Sie fließen nur zusammengefasst in die Auswertung der Stadt ein.</p>
      <p>
        <Link to="/lehrkraft">Zurück zu meinen Sitzungen</Link>
      </p>
    </section>
  );
}

/** When the code got out (a photo of the board in a chat), the teacher stops it without ending the lesson. */
function LockButton({ session, onChange }: { session: Session; onChange: (s: Session) => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      const locked = await lockCode(session.id);
      dialog.current?.close();
      onChange(locked);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button type="button" className="secondary" onClick={() => dialog.current?.showModal()}>
        Code sperren
      </button>
      <dialog ref={dialog} aria-labelledby="lock-title" aria-describedby="lock-text" className="confirm">
        <h2 id="lock-title">Code sperren?</h2>
        <p id="lock-text">
          Mit diesem Code kann sich danach niemand mehr anmelden. Kinder, die schon angemeldet sind, füllen weiter aus.
          Das lässt sich nicht rückgängig machen; für weitere Kinder öffnen Sie eine neue Sitzung.
        </p>
        <ErrorAlert>{error}</ErrorAlert>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Abbrechen
          </button>
          <button type="button" className="danger" onClick={confirm} disabled={busy}>
            Ja, Code sperren
          </button>
        </div>
      </dialog>
    </>
  );
}

/** The class's paper form (code pre-filled) and the data entry of filled-in sheets. */
function PaperLinks({ session }: { session: Session }) {
  return (
    <>
      <a href={`/druck?session=${encodeURIComponent(session.id)}`} className="button-link secondary">
        Papierfragebogen drucken
      </a>
      <Link to={`/lehrkraft/sitzungen/${encodeURIComponent(session.id)}/papier`} className="button-link secondary">
        Papierbögen erfassen
      </Link>
    </>
  );
}
