import { type PaperStatus, type PupilInstrument, paperForm, type SurveyJson } from '@uwe/schema';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { HttpError } from '../api/http.ts';
import { getPaperStatus } from '../api/paper.ts';
import { fetchStaffForm } from '../api/pupil.ts';
import { PaperSheet } from './PaperSheet.tsx';
import './print.css';

const FORMS = [
  { id: 'grade4', label: 'Klasse 4' },
  { id: 'grade7', label: 'Klassen 7 und 9' },
];

/** A CSS string literal: the code and the label come from us, but a translation may hold a quote. */
const cssString = (s: string) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, ' ')}"`;

/**
 * The paper questionnaire for children without a tablet: the whole form in one language, ready to
 * print. `?session=<id>` prints the form of that class session with its code on every page (the
 * teacher's print button); without it the blank form of any instrument, form and language, with an
 * empty box for the code (for admins, and for copying). Staff only: loaded with the staff cookie.
 */
export default function PrintApp() {
  const [params, setParams] = useSearchParams();
  const sessionId = params.get('session');
  const language = params.get('lang') ?? 'de';
  const [session, setSession] = useState<PaperStatus | null>(null);
  const [data, setData] = useState<PupilInstrument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const instrumentId = session?.instrumentId ?? params.get('instrument') ?? 'uwe-2026';
  const formId = session?.form ?? params.get('form') ?? 'grade7';

  useEffect(() => {
    let live = true;
    setSession(null);
    if (!sessionId) return;
    getPaperStatus(sessionId)
      .then((s) => live && setSession(s))
      .catch(
        (err) => live && setError(err instanceof HttpError ? err.message : 'Die Sitzung konnte nicht geladen werden.'),
      );
    return () => {
      live = false;
    };
  }, [sessionId]);

  useEffect(() => {
    let live = true;
    setData(null);
    if (sessionId && !session) return;
    fetchStaffForm(instrumentId, formId)
      .then((d) => live && setData(d))
      .catch(
        (err) =>
          live && setError(err instanceof HttpError ? err.message : 'Der Fragebogen konnte nicht geladen werden.'),
      );
    return () => {
      live = false;
    };
  }, [instrumentId, formId, sessionId, session]);

  const form = useMemo(() => (data ? paperForm(data.survey as unknown as SurveyJson) : null), [data]);
  const lang = data?.languages.find((l) => l.code === language);
  const ui = data?.ui[language] ?? data?.ui.de ?? {};
  const code = session?.codeDisplay ?? null;

  const set = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next);
  };

  if (error) {
    return (
      <main className="print-page">
        <h1>Papierfragebogen</h1>
        <p role="alert">{error}</p>
        <p>
          <a href="/lehrkraft">Zur Anmeldung</a>
        </p>
      </main>
    );
  }

  return (
    <main className="print-page">
      {/* Printed in the page margin of every page: the class code, and the page number. */}
      <style>{`@page { @top-right { content: ${cssString(`${ui['paper.code'] ?? 'Code'}: ${code ?? '________'}`)}; direction: ${lang?.dir ?? 'ltr'}; } @bottom-center { content: counter(page) " / " counter(pages); } }`}</style>
      <div className="no-print print-controls">
        <h1>Papierfragebogen</h1>
        <p className="print-what">
          {session
            ? `Klasse ${session.classLabel}, Jahrgangsstufe ${session.grade}: der Code ${session.codeDisplay} steht auf jeder Seite.`
            : 'Leerer Fragebogen: Den Code der Klasse tragen Sie auf dem Deckblatt von Hand ein.'}
        </p>
        {!session && (
          <label>
            Form
            <select value={formId} onChange={(e) => set({ form: e.target.value })}>
              {FORMS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Sprache
          <select value={language} onChange={(e) => set({ lang: e.target.value })}>
            {data?.languages.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => window.print()}>
          Drucken
        </button>
        {session && (
          <a href={`/lehrkraft/sitzungen/${encodeURIComponent(session.sessionId)}/papier`}>
            Ausgefüllte Bögen erfassen
          </a>
        )}
        <p className="print-hint">
          Drucken Sie beidseitig auf A4. Die kleinen Ziffern neben den Kästchen sind für die Eingabe der Bögen.
        </p>
      </div>
      {form && data ? (
        <PaperSheet form={form} formId={formId} ui={ui} language={language} dir={lang?.dir ?? 'ltr'} code={code} />
      ) : (
        <p className="loading">Wird geladen …</p>
      )}
    </main>
  );
}
