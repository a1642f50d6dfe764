import type { PupilInstrument } from '@uwe/schema';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Model } from 'survey-core';
import '../pupil/survey-setup.ts';
import { Survey } from 'survey-react-ui';
import { HttpError } from '../api/http.ts';
import { fetchStaffForm } from '../api/pupil.ts';
import '../pupil/pupil.css';
import './print.css';

const FORMS = [
  { id: 'grade4', label: 'Klasse 4' },
  { id: 'grade7', label: 'Klassen 7 und 9' },
];

/**
 * The paper version for the rare child without a tablet: every question of a form on one page,
 * in one language, with a print stylesheet. Staff only (the form is loaded with the staff cookie).
 */
export default function PrintApp() {
  const [params, setParams] = useSearchParams();
  const instrumentId = params.get('instrument') ?? 'uwe-2026';
  const form = params.get('form') ?? 'grade7';
  const language = params.get('lang') ?? 'de';
  const [data, setData] = useState<PupilInstrument | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setData(null);
    fetchStaffForm(instrumentId, form)
      .then((d) => live && setData(d))
      .catch(
        (err) =>
          live && setError(err instanceof HttpError ? err.message : 'Der Fragebogen konnte nicht geladen werden.'),
      );
    return () => {
      live = false;
    };
  }, [instrumentId, form]);

  const model = useMemo(() => {
    if (!data) return null;
    const m = new Model(data.survey);
    m.locale = language;
    m.questionsOnPageMode = 'singlePage';
    m.showNavigationButtons = false;
    m.showProgressBar = false;
    m.showPageTitles = true;
    return m;
  }, [data, language]);

  const lang = data?.languages.find((l) => l.code === language);
  const ui = data?.ui[language] ?? {};

  if (error) {
    return (
      <main className="pupil">
        <p role="alert">{error}</p>
        <p>
          <a href="/lehrkraft">Zur Anmeldung</a>
        </p>
      </main>
    );
  }

  return (
    <div className="print-page" dir={lang?.dir ?? 'ltr'} lang={language === 'de-simple' ? 'de' : language}>
      <div className="no-print print-controls">
        <h1>Papierfassung des Fragebogens</h1>
        <label>
          Form
          <select
            value={form}
            onChange={(e) => setParams({ instrument: instrumentId, form: e.target.value, lang: language })}
          >
            {FORMS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Sprache
          <select
            value={language}
            onChange={(e) => setParams({ instrument: instrumentId, form, lang: e.target.value })}
          >
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
      </div>
      {model ? (
        <div className="survey-view">
          <header className="print-intro">
            <h2>{ui['survey.title']}</h2>
            <p>{ui['intro.anonymous']}</p>
            <p>{ui['intro.skip']}</p>
          </header>
          <Survey model={model} />
          <footer className="print-end">
            <p>{ui['end.thanks']}</p>
            <p>{ui['end.helpline']}</p>
          </footer>
        </div>
      ) : (
        <p className="loading">Wird geladen …</p>
      )}
    </div>
  );
}
