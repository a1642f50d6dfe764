import { CODE_LENGTH, formatCode, type PupilInstrument, type PupilPlaces } from '@uwe/schema';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { HttpError } from '../api/http.ts';
import { fetchInstrument, fetchPlaces, joinSession } from '../api/pupil.ts';
import { APP_LANGUAGES, APP_TEXTS, type AppTexts, appTexts } from './app-texts.ts';
import type { CurrentSeat } from './device-store.ts';
import { cachedInstrument, cachedPlaces, keepInstrument, keepPlaces } from './instrument-cache.ts';
import './pupil.css';
import { deviceSync, type SyncSnapshot } from './sync.ts';

const loadSurvey = () => import('./SurveyView.tsx');
const SurveyView = lazy(loadSurvey);

/** What a child types, reduced to letters and digits (the server decides whether it is a code). */
const typedCode = (input: string) =>
  input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .slice(0, CODE_LENGTH);

type Screen = 'loading' | 'join' | 'language' | 'intro' | 'survey' | 'done' | 'withdrawn' | 'busy';

/** One seat per tablet at a time, and one tab per seat: a second tab would fork the answers. */
function useSingleTab(): boolean {
  const [alone, setAlone] = useState(true);
  useEffect(() => {
    if (!navigator.locks) return;
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    navigator.locks
      .request('uwe-pupil-seat', { ifAvailable: true }, async (lock) => {
        if (!lock) {
          setAlone(false);
          return;
        }
        await held;
      })
      .catch(() => {});
    return () => release();
  }, []);
  return alone;
}

export default function PupilApp() {
  const [screen, setScreen] = useState<Screen>('loading');
  const [seat, setSeat] = useState<CurrentSeat | null>(null);
  const [instrument, setInstrument] = useState<PupilInstrument | null>(null);
  const [places, setPlaces] = useState<PupilPlaces | undefined>(undefined);
  const [sync, setSync] = useState<SyncSnapshot>({ status: 'saved', waiting: 0 });
  const alone = useSingleTab();

  useEffect(() => deviceSync.subscribe(setSync), []);

  // A reload or a crash resumes the same seat, on the same page, with the same answers.
  useEffect(() => {
    let live = true;
    deviceSync.start().then((s) => {
      if (!live) return;
      setSeat(s);
      setScreen(!s ? 'join' : !s.language ? 'language' : !s.introSeen ? 'intro' : 'survey');
    });
    return () => {
      live = false;
    };
  }, []);

  // The form in the chosen language only (the language list came with the join): from the tablet
  // if it is there, else from the server, tried again every few seconds while the network is down.
  const token = seat?.token;
  const chosen = seat?.language;
  const instrumentId = seat?.instrument.id;
  const formId = seat?.instrument.form;
  useEffect(() => {
    if (!token || !chosen || !instrumentId || !formId) return;
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const load = async () => {
      try {
        const kept = await cachedInstrument(instrumentId, formId, chosen);
        const got = kept ?? (await fetchInstrument(token, instrumentId, formId, chosen));
        if (!kept) await keepInstrument(got, chosen);
        // The street list for "Wo wohnst du?": fresh when online, else the tablet's copy.
        let list: PupilPlaces | undefined;
        if (JSON.stringify(got.survey).includes('"type":"residence"')) {
          list = await fetchPlaces(token)
            .then(async (p) => {
              await keepPlaces(p).catch(() => {});
              return p;
            })
            .catch(() => cachedPlaces());
        }
        if (live) {
          setPlaces(list);
          setInstrument(got);
        }
      } catch {
        if (live) retry = setTimeout(load, 3000);
      }
    };
    void load();
    return () => {
      live = false;
      clearTimeout(retry);
    };
  }, [token, chosen, instrumentId, formId]);

  const language = seat?.language ?? 'de';
  const langInfo = seat?.languages.find((l) => l.code === language);
  const dir = langInfo?.dir ?? 'ltr';
  const ui = instrument?.ui[language] ?? instrument?.ui.de ?? {};
  const t = appTexts(seat?.language);

  useEffect(() => {
    document.documentElement.lang = language === 'de-simple' ? 'de' : language;
    document.documentElement.dir = screen === 'join' ? 'ltr' : dir;
  }, [language, dir, screen]);

  if (!alone) {
    return (
      <main className="pupil">
        <p role="alert">{t.otherTab}</p>
      </main>
    );
  }

  function joined(s: CurrentSeat) {
    setSeat(s);
    setScreen('language');
  }

  async function update(patch: Parameters<typeof deviceSync.update>[0]) {
    await deviceSync.update(patch);
    setSeat(deviceSync.current());
  }

  const nextChild = () => {
    setSeat(null);
    setInstrument(null);
    setScreen('join');
  };

  return (
    <div className="pupil-shell" dir={screen === 'join' ? 'ltr' : dir}>
      {screen === 'loading' && <p className="loading">…</p>}
      {screen === 'join' && <JoinScreen waiting={sync.waiting} onJoined={joined} />}
      {screen === 'language' && seat && (
        <main className="pupil">
          <h1>{t.chooseLanguage}</h1>
          <Greetings
            codes={seat.languages.map((l) => l.code).filter((c) => c !== 'de' && c !== 'de-simple')}
            text={(x) => `${x.hello} ${x.chooseLanguage}`}
          />
          <ul className="languages">
            {seat.languages.map((l) => (
              <li key={l.code}>
                <button
                  type="button"
                  lang={l.code === 'de-simple' ? 'de' : l.code}
                  dir={l.dir}
                  onClick={async () => {
                    await update({ language: l.code });
                    setScreen('intro');
                  }}
                >
                  {l.name}
                </button>
              </li>
            ))}
          </ul>
        </main>
      )}
      {screen === 'intro' && seat && (
        <main className="pupil intro">
          <h1>{ui['survey.title'] ?? "Wie geht's dir?"}</h1>
          <p>{ui['survey.description']}</p>
          <ul>
            <li>{ui['intro.anonymous']}</li>
            <li>{ui['intro.voluntary']}</li>
            <li>{ui['intro.skip']}</li>
            <li>{ui['intro.help']}</li>
          </ul>
          <button
            type="button"
            className="primary"
            disabled={!instrument}
            onClick={async () => {
              await update({ introSeen: true });
              setScreen('survey');
            }}
          >
            {ui['intro.start'] ?? 'Los geht’s'}
          </button>
        </main>
      )}
      {screen === 'survey' && seat && instrument && (
        <Suspense fallback={<p className="loading">…</p>}>
          <SurveyView
            instrument={instrument}
            places={places}
            language={language}
            ui={ui}
            texts={t}
            initialAnswers={seat.answers}
            initialPage={seat.page}
            // Saved on the device at once; the app's own state does not need the answers, so a
            // click re-renders nothing here.
            onChange={(answers, page) => void deviceSync.update({ answers, page })}
            onComplete={async () => {
              await deviceSync.finish();
              setScreen('done');
            }}
            onWithdraw={async () => {
              await deviceSync.withdraw();
              setScreen('withdrawn');
            }}
          />
        </Suspense>
      )}
      {screen === 'done' && (
        <DoneScreen thanks={ui['end.thanks']} helpline={ui['end.helpline']} next={t.next} onNext={nextChild} />
      )}
      {screen === 'withdrawn' && <WithdrawnScreen text={t.withdrawn} label={t.next} onNext={nextChild} />}
      {screen !== 'join' && screen !== 'loading' && screen !== 'withdrawn' && (
        <p className={`sync sync-${sync.status}`} role="status" aria-live="polite">
          {sync.status === 'offline' ? t.offline : sync.status === 'sending' ? t.sending : t.saved}
        </p>
      )}
    </div>
  );
}

function JoinScreen({ waiting, onJoined }: { waiting: number; onJoined: (s: CurrentSeat) => void }) {
  const initial = new URLSearchParams(window.location.search).get('code') ?? '';
  const [code, setCode] = useState(typedCode(initial));
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const prefetched = useRef(false);

  // The survey engine is the largest download: fetch it while the child types the code.
  const prefetch = () => {
    if (prefetched.current) return;
    prefetched.current = true;
    void loadSurvey();
  };
  useEffect(() => {
    if (initial) prefetch();
  });

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (code.length !== CODE_LENGTH) {
      setMessage('Der Code hat 6 Zeichen. Schau noch einmal an die Tafel.');
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      const joined = await joinSession(code);
      // The code leaves the address bar, so the next child does not join with it by accident.
      window.history.replaceState(null, '', '/');
      onJoined(await deviceSync.begin(joined));
    } catch (err) {
      setMessage(
        err instanceof HttpError
          ? err.code === 'NETWORK'
            ? 'Keine Verbindung zum Internet. Versuch es gleich noch einmal.'
            : err.message
          : 'Das hat nicht geklappt. Versuch es noch einmal.',
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="pupil">
      <h1>Wie geht's dir?</h1>
      <Greetings
        codes={APP_LANGUAGES.map((l) => l.code).filter((c) => c !== 'de')}
        text={(x) => `${x.hello} ${x.enterCode}`}
      />
      <form onSubmit={submit} className="join">
        <label htmlFor="code">Gib den Code von der Tafel ein</label>
        <input
          id="code"
          name="code"
          inputMode="text"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={7}
          value={formatCode(code)}
          onChange={(e) => {
            prefetch();
            setCode(typedCode(e.target.value));
          }}
        />
        <button type="submit" className="primary" disabled={busy}>
          Weiter
        </button>
        {message && (
          <p role="alert" className="error">
            {message}
          </p>
        )}
      </form>
      {waiting > 0 && (
        <p className="outbox" role="status">
          {waiting === 1 ? '1 fertiger Fragebogen wartet' : `${waiting} fertige Fragebögen warten`} noch auf Internet.
        </p>
      )}
    </main>
  );
}

function DoneScreen({
  thanks,
  helpline,
  next,
  onNext,
}: {
  thanks?: string;
  helpline?: string;
  next: string;
  onNext: () => void;
}) {
  // The tablet gets ready for the next child by itself after two minutes.
  useEffect(() => {
    const t = setTimeout(onNext, 120_000);
    return () => clearTimeout(t);
  }, [onNext]);
  return (
    <main className="pupil done">
      <h1>{thanks}</h1>
      <p className="helpline">{helpline}</p>
      <button type="button" className="primary" onClick={onNext}>
        {next}
      </button>
    </main>
  );
}

/**
 * The same words in every other language the child may read best, each marked with its language
 * (screen readers switch voice, Arabic runs right to left), before a language has been chosen.
 */
function Greetings({ codes, text }: { codes: readonly string[]; text: (t: AppTexts) => string }) {
  const shown = codes.filter((c) => APP_TEXTS[c]);
  return (
    <ul className="greetings">
      {shown.map((code) => (
        <li key={code} lang={code} dir={APP_LANGUAGES.find((l) => l.code === code)?.dir ?? 'ltr'}>
          {text(appTexts(code))}
        </li>
      ))}
    </ul>
  );
}

/** After "Ja, aufhören": the child sees that the answers are gone, then the tablet waits for the next child. */
function WithdrawnScreen({ text, label, onNext }: { text: string; label: string; onNext: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  const next = useRef(onNext);
  next.current = onNext;
  useEffect(() => {
    heading.current?.focus();
    const t = setTimeout(() => next.current(), 15_000);
    return () => clearTimeout(t);
  }, []);
  return (
    <main className="pupil done">
      <h1 ref={heading} tabIndex={-1}>
        {text}
      </h1>
      <button type="button" className="primary" onClick={onNext}>
        {label}
      </button>
    </main>
  );
}
