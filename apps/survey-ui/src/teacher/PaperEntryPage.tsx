import {
  type ChoiceCode,
  type DoubleEntryList,
  type DoubleEntrySheet,
  entryOf,
  filterOpens,
  type PaperForm,
  type PaperQuestion,
  type PaperStatus,
  type PupilInstrument,
  paperForm,
  paperText,
  parseEntry,
  type SurveyJson,
} from '@uwe/schema';
import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { HttpError } from '../api/http.ts';
import {
  commitMatching,
  deleteDoubleEntry,
  enterSheet,
  getPaperStatus,
  listDoubleEntry,
  putDoubleEntry,
  resolveSheet,
  undoSheet,
} from '../api/paper.ts';
import { fetchStaffForm } from '../api/pupil.ts';
import { errorMessage } from '../staff/errors.ts';
import { ErrorAlert, StatusMessage } from '../staff/Feedback.tsx';

type Values = Record<string, string>;
type Mode = 'single' | 'double';

const inputId = (q: PaperQuestion) => `frage-${q.number}`;

/** "1–5", "0–7", "1–8, mehrere" or "Text": what may be typed for a question. */
function keysHint(q: PaperQuestion): string {
  if (q.kind === 'text') return 'Text';
  const keys = q.choices.map((c) => c.key);
  const sorted = [...keys].sort((a, b) => Number(a) - Number(b));
  const consecutive = sorted.every((k, i) => i === 0 || Number(k) === Number(sorted[i - 1]) + 1);
  const range = consecutive ? `${sorted[0]}–${sorted.at(-1)}` : keys.join(', ');
  return q.kind === 'multi' ? `${range}, mehrere` : range;
}

/** What a typed value means, in words, for checking at a glance. */
function echo(q: PaperQuestion, raw: string): { text: string; ok: boolean } {
  if (raw.trim() === '') return { text: '', ok: true };
  const parsed = parseEntry(q, raw);
  if (!parsed.ok) return { text: `ungültig (erlaubt: ${keysHint(q)})`, ok: false };
  if (q.kind === 'text') return { text: '', ok: true };
  const codes = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  return {
    text: codes.map((c) => paperText(q.choices.find((x) => x.code === c)?.text, 'de')).join(' · '),
    ok: true,
  };
}

function answersOf(form: PaperForm, values: Values) {
  const answers: Record<string, ChoiceCode | ChoiceCode[] | string> = {};
  const invalid: PaperQuestion[] = [];
  for (const q of form.questions) {
    const parsed = parseEntry(q, values[q.itemId] ?? '');
    if (!parsed.ok) invalid.push(q);
    else if (parsed.value !== undefined) answers[q.itemId] = parsed.value;
  }
  return { answers, invalid };
}

/** Whether the filter answer typed so far opens this follow-up (the tablet's rule). */
function isOpen(form: PaperForm, values: Values, q: PaperQuestion): boolean {
  if (!q.filter) return true;
  const filter = form.questions.find((x) => x.itemId === q.filter?.itemId);
  if (!filter) return true;
  const parsed = parseEntry(filter, values[filter.itemId] ?? '');
  return parsed.ok && filterOpens(q.filter.codes, parsed.value);
}

/** "bei Frage 90 „Ja“ angekreuzt ist": when a follow-up is asked, in words. */
function conditionText(form: PaperForm, q: PaperQuestion): string {
  const filter = form.questions.find((x) => x.itemId === q.filter?.itemId);
  if (!filter || !q.filter) return '';
  const names = q.filter.condition.codes
    .map((c) => `„${paperText(filter.choices.find((x) => x.code === c)?.text, 'de')}“`)
    .join(' oder ');
  const what = q.filter.condition.mode === 'if' ? names : `etwas anderes als ${names}`;
  return `bei Frage ${filter.number} ${what} angekreuzt ist`;
}

/**
 * Typing in paper questionnaires, keyboard first: the cursor starts at question 1; a digit answers
 * a single-choice question and moves on (follow-ups whose filter answer was not given are skipped),
 * Tab leaves a question empty or ends a multiple-choice answer, Enter saves the sheet and starts
 * the next one, Esc jumps to "Frage Nr." (a number and Enter go there). Every sheet is checked by
 * the server exactly like a tablet's answers. In double entry two people type the same numbered
 * sheets and the differences are settled below.
 */
export function PaperEntryPage() {
  const { id = '' } = useParams();
  const [status, setStatus] = useState<PaperStatus | null>(null);
  const [instrument, setInstrument] = useState<PupilInstrument | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    getPaperStatus(id)
      .then(async (s) => {
        const data = await fetchStaffForm(s.instrumentId, s.form);
        if (!live) return;
        setStatus(s);
        setInstrument(data);
      })
      .catch((err: unknown) => {
        if (!live) return;
        setLoadError(
          err instanceof HttpError && err.status === 403
            ? `Diese Sitzung ist für Sie nicht freigegeben. ${err.message}`
            : errorMessage(err),
        );
      });
    return () => {
      live = false;
    };
  }, [id]);

  const form = useMemo(() => (instrument ? paperForm(instrument.survey as unknown as SurveyJson) : null), [instrument]);

  if (loadError) {
    return (
      <>
        <h1>Papierfragebögen erfassen</h1>
        <ErrorAlert>{loadError}</ErrorAlert>
        <p>
          <Link to="/lehrkraft">Zurück zu meinen Sitzungen</Link>
        </p>
      </>
    );
  }
  if (!status || !form || !instrument) return <p className="loading">Wird geladen …</p>;
  return <Entry status={status} setStatus={setStatus} form={form} instrument={instrument} />;
}

function Entry({
  status,
  setStatus,
  form,
  instrument,
}: {
  status: PaperStatus;
  setStatus: (s: PaperStatus) => void;
  form: PaperForm;
  instrument: PupilInstrument;
}) {
  const sessionId = status.sessionId;
  const [mode, setMode] = useState<Mode>('single');
  const [pass, setPass] = useState<1 | 2>(1);
  const [sheetNo, setSheetNo] = useState(1);
  const [language, setLanguage] = useState('de');
  const [values, setValues] = useState<Values>({});
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirmEmpty, setConfirmEmpty] = useState(false);
  const [last, setLast] = useState<
    | { kind: 'single'; sheetId: string; values: Values; language: string }
    | { kind: 'double'; sheet: number; pass: 1 | 2; values: Values; language: string }
    | null
  >(null);
  const [double, setDouble] = useState<DoubleEntryList | null>(null);
  const jump = useRef<HTMLInputElement>(null);
  /** The section heading shown above the first question of each section. */
  const headings = useMemo(() => {
    const map = new Map<string, string>();
    for (const s of form.sections) {
      const first = s.blocks[0];
      const q = first?.kind === 'grid' ? first.questions[0] : first?.question;
      if (q) map.set(q.itemId, paperText(s.title, 'de'));
    }
    return map;
  }, [form]);
  const [jumpTo, setJumpTo] = useState('');
  const open = status.entry.open;

  const focusQuestion = useCallback((q: PaperQuestion | undefined) => {
    if (!q) return;
    const el = document.getElementById(inputId(q));
    if (el instanceof HTMLInputElement) {
      el.focus();
      el.select();
    }
  }, []);

  const reloadDouble = useCallback(() => {
    listDoubleEntry(sessionId)
      .then((list) => {
        setDouble(list);
        setStatus(list.status);
      })
      .catch((err: unknown) => setError(errorMessage(err)));
  }, [sessionId, setStatus]);

  useEffect(() => {
    if (mode === 'double' || status.counts.pending > 0) reloadDouble();
  }, [mode, reloadDouble, status.counts.pending]);

  // The cursor waits at question 1 when the page opens.
  useEffect(() => {
    focusQuestion(form.questions[0]);
  }, [form, focusQuestion]);

  /** The next question to type after `q`: follow-ups whose filter answer was not given are skipped. */
  const nextAfter = (q: PaperQuestion, vals: Values) => {
    const i = form.questions.indexOf(q);
    return form.questions.slice(i + 1).find((x) => isOpen(form, vals, x));
  };

  function change(q: PaperQuestion, raw: string) {
    const vals = { ...values, [q.itemId]: raw };
    setValues(vals);
    setConfirmEmpty(false);
    // A single-choice answer is one key: it is complete as soon as it is valid.
    if (q.kind === 'single' && q.choices.every((c) => c.key.length === 1) && raw.trim() !== '') {
      const parsed = parseEntry(q, raw);
      if (parsed.ok) focusQuestion(nextAfter(q, vals));
    }
  }

  function keyDown(q: PaperQuestion, e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape') {
      e.preventDefault();
      jump.current?.focus();
    } else if (e.key === 'Tab' && !e.shiftKey) {
      // Tab skips follow-ups the child was not asked, as the digits do ("Frage Nr." still reaches them).
      const next = nextAfter(q, values);
      if (next) {
        e.preventDefault();
        focusQuestion(next);
      }
    }
  }

  function goTo(e: FormEvent) {
    e.preventDefault();
    const q = form.questions.find((x) => x.number.toLowerCase() === jumpTo.trim().toLowerCase());
    if (!q) {
      setError(`Eine Frage ${jumpTo.trim()} gibt es in diesem Fragebogen nicht.`);
      return;
    }
    setError(null);
    setJumpTo('');
    focusQuestion(q);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const { answers, invalid } = answersOf(form, values);
    if (invalid.length > 0) {
      setError(
        `Bitte korrigieren Sie ${invalid.map((q) => `Frage ${q.number} (erlaubt: ${keysHint(q)})`).join(', ')}.`,
      );
      focusQuestion(invalid[0]);
      return;
    }
    if (Object.keys(answers).length === 0 && !confirmEmpty) {
      setConfirmEmpty(true);
      setError('Der Bogen ist leer. Wenn das Kind nichts angekreuzt hat, drücken Sie noch einmal Enter.');
      return;
    }
    setBusy(true);
    setError(null);
    setMessage('');
    try {
      if (mode === 'single') {
        const result = await enterSheet(sessionId, { answers, language });
        setStatus(result.status);
        setLast({ kind: 'single', sheetId: result.sheetId, values, language });
        setMessage(
          `Bogen gespeichert. Erfasst: ${result.status.counts.paper} auf Papier, zusammen ${result.status.counts.paper + result.status.counts.tablet} von ${result.status.enrolledPupils ?? result.status.limit}.`,
        );
      } else {
        const state = await putDoubleEntry(sessionId, sheetNo, pass, { answers, language });
        setLast({ kind: 'double', sheet: sheetNo, pass, values, language });
        setMessage(doubleMessage(state, pass));
        setSheetNo((n) => n + 1);
        reloadDouble();
      }
      setValues({});
      setConfirmEmpty(false);
      focusQuestion(form.questions[0]);
    } catch (err) {
      setError(errorMessage(err));
      if (err instanceof HttpError) {
        const items = (err.body.items as { itemId: string }[] | undefined) ?? [];
        focusQuestion(form.questions.find((q) => q.itemId === items[0]?.itemId));
      }
    } finally {
      setBusy(false);
    }
  }

  async function undo() {
    if (!last || busy) return;
    setBusy(true);
    setError(null);
    try {
      if (last.kind === 'single') {
        setStatus(await undoSheet(sessionId, last.sheetId));
      } else {
        const list = await deleteDoubleEntry(sessionId, last.sheet, last.pass);
        setDouble(list);
        setStatus(list.status);
        setSheetNo(last.sheet);
      }
      // The sheet comes back into the form, to be corrected and saved again.
      setValues(last.values);
      setLanguage(last.language);
      setLast(null);
      setMessage('Der letzte Bogen wurde zurückgenommen und steht wieder in der Eingabe.');
      focusQuestion(form.questions[0]);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const total = status.counts.paper + status.counts.tablet;

  return (
    <section className="paper-entry" aria-labelledby="paper-entry-title">
      <h1 id="paper-entry-title">Papierfragebögen erfassen: Klasse {status.classLabel}</h1>
      <dl className="paper-counts">
        <div>
          <dt>Auf Papier erfasst</dt>
          <dd data-testid="paper-count">{status.counts.paper}</dd>
        </div>
        <div>
          <dt>Mit Tablet</dt>
          <dd data-testid="tablet-count">{status.counts.tablet}</dd>
        </div>
        <div>
          <dt>Zusammen</dt>
          <dd data-testid="total-count">
            {total} von {status.enrolledPupils ?? status.limit}
            <span className="count-of">
              {status.enrolledPupils === null ? ' Plätzen (Klassengröße fehlt)' : ' Kindern der Klasse'}
            </span>
          </dd>
        </div>
        {status.counts.pending > 0 && (
          <div>
            <dt>Doppelerfassung offen</dt>
            <dd data-testid="pending-count">{status.counts.pending}</dd>
          </div>
        )}
      </dl>
      <p className={open ? 'hint' : 'alert alert-error'}>{status.entry.note}</p>
      <p className="hint">
        Code {status.codeDisplay} · Jahrgangsstufe {status.grade}.{' '}
        <a href={`/druck?session=${encodeURIComponent(sessionId)}`}>Fragebogen drucken</a> ·{' '}
        <Link to={`/lehrkraft/sitzungen/${encodeURIComponent(sessionId)}`}>Zur Sitzung</Link>
      </p>

      <fieldset className="paper-mode">
        <legend>Erfassung</legend>
        <label className="inline">
          <input type="radio" name="mode" checked={mode === 'single'} onChange={() => setMode('single')} /> Einfach
          (jeder Bogen zählt sofort)
        </label>
        <label className="inline">
          <input type="radio" name="mode" checked={mode === 'double'} onChange={() => setMode('double')} />{' '}
          Doppelerfassung (zwei Personen geben dieselben nummerierten Bögen ein; ein Bogen zählt, wenn beide Eingaben
          übereinstimmen)
        </label>
        {mode === 'double' && (
          <div className="paper-double-setup">
            <label>
              Eingabe
              <select value={pass} onChange={(e) => setPass(Number(e.target.value) === 2 ? 2 : 1)}>
                <option value={1}>1. Eingabe</option>
                <option value={2}>2. Eingabe</option>
              </select>
            </label>
            <label>
              Bogen-Nr.
              <input
                type="number"
                min={1}
                max={999}
                value={sheetNo}
                onChange={(e) => setSheetNo(Math.max(1, Math.min(999, Number(e.target.value) || 1)))}
              />
            </label>
          </div>
        )}
      </fieldset>

      <div className="paper-toolbar">
        <label>
          Sprache des Bogens
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            {instrument.languages.map((l) => (
              <option key={l.code} value={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        </label>
        <form onSubmit={goTo} className="paper-jump">
          <label>
            Frage Nr. (Esc)
            <input
              ref={jump}
              type="text"
              inputMode="numeric"
              size={5}
              value={jumpTo}
              onChange={(e) => setJumpTo(e.target.value)}
            />
          </label>
        </form>
        <button type="button" className="secondary" onClick={undo} disabled={!last || busy || !open}>
          Letzten Bogen zurücknehmen
        </button>
      </div>
      <p className="hint">
        Tippen Sie die kleine Ziffer neben dem angekreuzten Kästchen. Eine Ziffer springt zur nächsten Frage; Tab lässt
        eine Frage leer oder schließt eine Mehrfachauswahl ab (z. B. „134“); Enter speichert den Bogen.
      </p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorAlert>{error}</ErrorAlert>

      <form onSubmit={save} className="paper-sheet-form" aria-label="Antworten des Bogens">
        {form.questions.map((q) => {
          const heading = headings.get(q.itemId);
          const raw = values[q.itemId] ?? '';
          const shown = echo(q, raw);
          const closed = !isOpen(form, values, q);
          const problem = closed && raw.trim() !== '';
          return (
            <div key={q.itemId} className="paper-row-wrap">
              {heading && <h2 className="paper-entry-section">{heading}</h2>}
              <div className={`paper-row${closed ? ' paper-row-closed' : ''}`} data-item={q.itemId}>
                <label htmlFor={inputId(q)}>
                  <span className="paper-num">{q.number}</span>{' '}
                  <span className="paper-text">{paperText(q.text, 'de')}</span>
                </label>
                <input
                  id={inputId(q)}
                  type="text"
                  inputMode={q.kind === 'text' ? 'text' : 'numeric'}
                  autoComplete="off"
                  className={q.kind === 'text' ? 'paper-input-text' : 'paper-input'}
                  maxLength={q.kind === 'text' ? (q.maxLength ?? 1000) : 20}
                  value={raw}
                  aria-invalid={!shown.ok || problem}
                  aria-describedby={`${inputId(q)}-hint`}
                  disabled={!open}
                  onChange={(e) => change(q, e.target.value)}
                  onKeyDown={(e) => keyDown(q, e)}
                />
                <span
                  id={`${inputId(q)}-hint`}
                  className={`paper-echo${!shown.ok || problem ? ' paper-echo-bad' : ''}`}
                >
                  {problem
                    ? `Gilt nur, wenn ${conditionText(form, q)} – bitte leer lassen.`
                    : shown.text || (closed ? `entfällt (nur wenn ${conditionText(form, q)})` : keysHint(q))}
                </span>
              </div>
            </div>
          );
        })}
        <div className="paper-save">
          <button type="submit" disabled={busy || !open}>
            {mode === 'single' ? 'Bogen speichern (Enter)' : `Bogen ${sheetNo}, ${pass}. Eingabe speichern (Enter)`}
          </button>
        </div>
      </form>

      {double && (mode === 'double' || double.sheets.length > 0) && (
        <Reconcile
          list={double}
          form={form}
          sessionId={sessionId}
          onChange={(list) => {
            setDouble(list);
            setStatus(list.status);
          }}
          disabled={!open}
        />
      )}
    </section>
  );
}

function doubleMessage(state: DoubleEntrySheet, pass: 1 | 2): string {
  const head = `Bogen ${state.sheet}, ${pass}. Eingabe gespeichert.`;
  if (!state.first || !state.second) return `${head} Es fehlt noch die ${pass === 1 ? '2.' : '1.'} Eingabe.`;
  const n = state.differences.length + (state.languages ? 1 : 0);
  return n === 0
    ? `${head} Beide Eingaben stimmen überein.`
    : `${head} ${n === 1 ? '1 Unterschied' : `${n} Unterschiede`} zur anderen Eingabe – bitte unten abgleichen.`;
}

/** Double entry: sheets whose entries agree count with one key press; differences are settled item by item. */
function Reconcile({
  list,
  form,
  sessionId,
  onChange,
  disabled,
}: {
  list: DoubleEntryList;
  form: PaperForm;
  sessionId: string;
  onChange: (l: DoubleEntryList) => void;
  disabled: boolean;
}) {
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const matching = list.sheets.filter((s) => s.first && s.second && s.differences.length === 0 && !s.languages);
  const mismatched = list.sheets.filter((s) => s.first && s.second && (s.differences.length > 0 || s.languages));
  const waiting = list.sheets.filter((s) => !s.first || !s.second);

  async function commit() {
    setBusy(true);
    setError(null);
    try {
      const result = await commitMatching(sessionId);
      onChange(result.list);
      setMessage(`${result.committed === 1 ? '1 Bogen' : `${result.committed} Bögen`} übernommen; sie zählen jetzt.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="section paper-reconcile" aria-labelledby="abgleich">
      <h2 id="abgleich">Abgleich der Doppelerfassung</h2>
      <p>
        Gezählt: {list.counted.length === 0 ? 'noch keine Bögen' : `Bögen ${list.counted.join(', ')}`}. Warten auf die
        zweite Eingabe: {waiting.length === 0 ? 'keine' : waiting.map((s) => s.sheet).join(', ')}.
      </p>
      <StatusMessage>{message}</StatusMessage>
      <ErrorAlert>{error}</ErrorAlert>
      <button type="button" onClick={commit} disabled={busy || disabled || matching.length === 0}>
        Übereinstimmende Bögen übernehmen ({matching.length})
      </button>
      {mismatched.map((s) => (
        <Mismatch
          key={s.sheet}
          sheet={s}
          form={form}
          sessionId={sessionId}
          disabled={disabled}
          onResolved={(text) => {
            setMessage(text);
            listDoubleEntry(sessionId)
              .then(onChange)
              .catch((err: unknown) => setError(errorMessage(err)));
          }}
        />
      ))}
    </section>
  );
}

type Choice = 'first' | 'second' | 'empty';

function valueText(q: PaperQuestion | undefined, value: unknown): string {
  if (value === null || value === undefined) return 'leer';
  if (!q) return JSON.stringify(value);
  if (q.kind === 'text') return `„${String(value)}“`;
  const codes = Array.isArray(value) ? value : [value];
  return `${entryOf(q, value)} = ${codes.map((c) => paperText(q.choices.find((x) => x.code === c)?.text, 'de')).join(' · ')}`;
}

function Mismatch({
  sheet,
  form,
  sessionId,
  disabled,
  onResolved,
}: {
  sheet: DoubleEntrySheet;
  form: PaperForm;
  sessionId: string;
  disabled: boolean;
  onResolved: (message: string) => void;
}) {
  const [chosen, setChosen] = useState<Record<string, Choice>>({});
  const [language, setLanguage] = useState<string>(sheet.languages?.first ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function resolve(e: FormEvent) {
    e.preventDefault();
    const values: Record<string, ChoiceCode | ChoiceCode[] | string> = {};
    const empty: string[] = [];
    for (const d of sheet.differences) {
      const pick = chosen[d.itemId];
      if (!pick) {
        setError(`Bitte wählen Sie für Frage ${d.number}, was auf dem Bogen steht.`);
        return;
      }
      const v = pick === 'empty' ? null : d[pick];
      if (v === null) empty.push(d.itemId);
      else values[d.itemId] = v;
    }
    setBusy(true);
    setError(null);
    try {
      await resolveSheet(sessionId, sheet.sheet, { values, empty, ...(sheet.languages ? { language } : {}) });
      onResolved(`Bogen ${sheet.sheet} abgeglichen; er zählt jetzt.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={resolve} className="paper-mismatch" aria-labelledby={`bogen-${sheet.sheet}`}>
      <h3 id={`bogen-${sheet.sheet}`}>
        Bogen {sheet.sheet}: {sheet.differences.length + (sheet.languages ? 1 : 0)} Unterschied
        {sheet.differences.length + (sheet.languages ? 1 : 0) === 1 ? '' : 'e'}
      </h3>
      {sheet.languages && (
        <label>
          Sprache des Bogens (1. Eingabe: {sheet.languages.first}, 2. Eingabe: {sheet.languages.second})
          <select value={language} onChange={(e) => setLanguage(e.target.value)}>
            <option value={sheet.languages.first}>{sheet.languages.first}</option>
            <option value={sheet.languages.second}>{sheet.languages.second}</option>
          </select>
        </label>
      )}
      {sheet.differences.map((d) => {
        const q = form.questions.find((x) => x.itemId === d.itemId);
        const name = `s${sheet.sheet}-${d.itemId}`;
        const options: [Choice, string][] = [
          ['first', `1. Eingabe: ${valueText(q, d.first)}`],
          ['second', `2. Eingabe: ${valueText(q, d.second)}`],
        ];
        if (d.first !== null && d.second !== null) options.push(['empty', 'leer (nichts angekreuzt)']);
        return (
          <fieldset key={d.itemId} className="paper-difference" data-item={d.itemId}>
            <legend>
              Frage {d.number}: {q ? paperText(q.text, 'de') : d.itemId}
            </legend>
            {options.map(([value, label]) => (
              <label key={value} className="inline">
                <input
                  type="radio"
                  name={name}
                  checked={chosen[d.itemId] === value}
                  onChange={() => setChosen((c) => ({ ...c, [d.itemId]: value }))}
                />{' '}
                {label}
              </label>
            ))}
          </fieldset>
        );
      })}
      <ErrorAlert>{error}</ErrorAlert>
      <button type="submit" disabled={busy || disabled}>
        Bogen {sheet.sheet} übernehmen
      </button>
    </form>
  );
}
