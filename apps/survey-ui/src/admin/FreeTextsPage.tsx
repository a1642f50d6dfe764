import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { adminKeys, adminQueries, deleteFreeText } from '../api/admin.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert, StatusMessage } from '../staff/Feedback.tsx';
import { queryError } from '../staff/query.ts';
import { useWaveChoice, WavePicker } from './WavePicker.tsx';

/**
 * Freitexte: what children wrote in their own words, city-wide and shuffled, without school, class
 * or date. Never part of a report or export.
 */
export function FreeTextsPage() {
  const { waves, error, wave, setWaveId } = useWaveChoice();
  const queries = useQueryClient();
  const data = useQuery({ ...adminQueries.freeTexts(wave?.id ?? ''), enabled: Boolean(wave) });
  const [deleted, setDeleted] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState('');
  const texts = (data.data?.waveId === wave?.id ? (data.data?.texts ?? []) : []).filter((t) => !deleted.has(t.id));

  return (
    <section aria-labelledby="free-texts-title">
      <h2 id="free-texts-title">Freitexte</h2>
      <aside className="notice" aria-label="Wenn ein Text auf eine Gefährdung hinweist">
        <p>
          <strong>Wenn ein Text darauf hinweist, dass ein Kind in Gefahr ist:</strong> Die Befragung ist anonym. Es
          lässt sich nicht feststellen und darf nicht nachgeforscht werden, welches Kind den Text geschrieben hat.
          Wenden Sie sich an die Kinderschutzfachkraft bzw. den allgemeinen Schutzweg der Schulen (Schulsozialarbeit,
          Jugendamt), damit das Thema allgemein aufgegriffen wird.
        </p>
      </aside>
      <ErrorAlert>{error ?? queryError(data.error)}</ErrorAlert>
      {wave && (
        <>
          <p>
            <WavePicker waves={waves} wave={wave} onChange={setWaveId} />
          </p>
          <p>
            Gesamtstadt, in zufälliger Reihenfolge, ohne Schule, Klasse und Datum. Freitexte erscheinen nie in Berichten
            oder Exporten.
          </p>
          {data.isSuccess && texts.length === 0 && <p>In dieser Befragungsrunde gibt es keine Freitexte.</p>}
          <p className="hint">
            Nennt ein Text eine Person (ein Kind, eine Lehrkraft), löschen Sie ihn. Die übrigen Antworten des Kindes
            bleiben erhalten; im Protokoll steht nur, dass ein Text gelöscht wurde.
          </p>
          <StatusMessage>{status}</StatusMessage>
          <ul className="free-texts">
            {texts.map((t) => (
              <li key={t.id}>
                <span>{t.text}</span>{' '}
                <DeleteText
                  waveId={wave.id}
                  textId={t.id}
                  text={t.text}
                  onDeleted={() => {
                    setDeleted((d) => new Set(d).add(t.id));
                    void queries.invalidateQueries({ queryKey: adminKeys.freeTexts(wave.id) });
                    setStatus('Der Text wurde gelöscht.');
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function DeleteText(props: { waveId: string; textId: string; text: string; onDeleted: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = `delete-title-${props.textId}`;
  const short = props.text.length > 40 ? `${props.text.slice(0, 40)}…` : props.text;

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await deleteFreeText(props.waveId, props.textId);
      dialog.current?.close();
      props.onDeleted();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <button
        type="button"
        className="secondary small"
        aria-label={`Text löschen: ${short}`}
        onClick={() => dialog.current?.showModal()}
      >
        Löschen
      </button>
      <dialog ref={dialog} aria-labelledby={titleId} className="confirm">
        <h3 id={titleId}>Diesen Text löschen?</h3>
        <blockquote>{props.text}</blockquote>
        <p>Das lässt sich nicht rückgängig machen.</p>
        <ErrorAlert>{error}</ErrorAlert>
        <div className="dialog-actions">
          <button type="button" className="secondary" onClick={() => dialog.current?.close()}>
            Abbrechen
          </button>
          <button type="button" className="danger" onClick={confirm} disabled={busy}>
            Ja, löschen
          </button>
        </div>
      </dialog>
    </>
  );
}
