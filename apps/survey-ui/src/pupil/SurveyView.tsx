import type { Answers, PupilInstrument, PupilPlaces } from '@uwe/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Action,
  ActionContainer,
  type GetQuestionTitleActionsEvent,
  Model,
  type Question,
  settings,
} from 'survey-core';
import './survey-setup.ts';
import { Survey } from 'survey-react-ui';
import type { AppTexts } from './app-texts.ts';
import { keepLoadedAssets } from './offline-cache.ts';
import { hasVoice, plain, playRecording, readAloud } from './read-aloud.ts';
import { NO_PLACES, QuestionResidenceModel } from './residence-question.tsx';

// Page turns on a school tablet (profiled with 4x CPU throttling, see bench/run.mjs):
// - The progress bar for `progressBarType: 'pages'` is by default one button per page, and each
//   button asks the survey for its visible pages several times: with 25 pages, rendering it (twice
//   per turn) was the largest single cost of a turn. The plain bar ("Seite 3 von 25") costs next to
//   nothing.
settings.legacyProgressBarView = true;

// - Each question's title bar (the read-aloud button) was an adaptive toolbar: built with an
//   overflow "…" menu (a popup and a list model) it never needs, drawn invisible, then measured in
//   the following frames, and beside a long title it moved "Vorlesen" into the "Mehr" menu. Building
//   the toolbars of a new page was about a third of the script of a turn (profile: bench/
//   profile-turn.mjs). There is only one button, so each question gets a plain toolbar: no menu,
//   nothing measured, the button always shown (pupil.css keeps the bar as wide as the button).
type TitleBarOwner = { createActionContainer: (allowAdaptiveActions?: boolean) => ActionContainer };
function plainTitleBars(model: Model) {
  const css = model.getCss().actionBar;
  const plain = () => {
    const bar = new ActionContainer();
    if (css) bar.cssClasses = css;
    return bar;
  };
  for (const q of model.getAllQuestions()) (q as unknown as TitleBarOwner).createActionContainer = plain;
}

// - The toolbars of the next page are built while the child reads this one (idle time), not in
//   the click that turns the page.
function prepareNextPage(model: Model) {
  const pages = model.visiblePages;
  const next = pages[pages.indexOf(model.currentPage) + 1];
  if (!next) return;
  const build = () => {
    for (const q of next.questions) q.getTitleToolbar();
  };
  if ('requestIdleCallback' in window) window.requestIdleCallback(build, { timeout: 2000 });
  else setTimeout(build, 500);
}

/** What the child's device can read aloud: unknown until its voices are listed (at most a second). */
type VoiceState = 'unknown' | 'yes' | 'none';

interface Props {
  instrument: PupilInstrument;
  /** The street list for "Wo wohnst du?" (matched on the tablet; only a code is answered). */
  places?: PupilPlaces;
  language: string;
  ui: Record<string, string>;
  texts: Pick<AppTexts, 'emptyFinish' | 'emptyFinishYes' | 'emptyFinishNo' | 'noVoice'>;
  initialAnswers: Answers;
  initialPage: number;
  onChange: (answers: Answers, page: number) => void;
  onComplete: () => void;
  onWithdraw: () => void;
}

const hasAnswer = (data: Record<string, unknown>) =>
  Object.values(data).some((v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));

export default function SurveyView({
  instrument,
  places = NO_PLACES,
  language,
  ui,
  texts,
  initialAnswers,
  initialPage,
  onChange,
  onComplete,
  onWithdraw,
}: Props) {
  const [notice, setNotice] = useState<string | null>(null);
  const [emptyAsked, setEmptyAsked] = useState(false);
  const callbacks = useRef({ onChange, onComplete });
  callbacks.current = { onChange, onComplete };
  const withdrawDialog = useRef<HTMLDialogElement>(null);
  const keepGoing = useRef<HTMLButtonElement>(null);
  const emptyDialog = useRef<HTMLDialogElement>(null);
  const backToQuestions = useRef<HTMLButtonElement>(null);
  // Whether the child already confirmed finishing without any answer (asked once per child).
  const emptyConfirmed = useRef(false);

  // The saved answers and page only seed the model; later changes flow out through onChange.
  const seed = useRef({ answers: initialAnswers, page: initialPage });
  // Read-aloud: the device's voices are listed once; without a voice for the language the buttons go
  // (recorded questions keep theirs) and the child is told once, not on every page.
  const voice = useRef<VoiceState>('unknown');
  const speechActions = useRef<Action[]>([]);

  // Built once per instrument and language, never during a re-render.
  const model = useMemo(() => {
    const m = new Model(instrument.survey);
    m.locale = language;
    // Hidden follow-up answers are dropped at once, so an autosave never carries an answer to a
    // question the child can no longer see.
    m.clearInvisibleValues = 'onHidden';
    m.showCompletedPage = false;
    m.showQuestionNumbers = 'off';
    if (language === 'de' || language === 'de-simple') m.completeText = 'Fertig';
    // A speaker button on every question. Title actions are part of how a question renders, so
    // they are set up with the model, before its first render.
    m.onGetQuestionTitleActions.add((_, options: GetQuestionTitleActionsEvent) => {
      const question = options.question as Question;
      const recording = instrument.audio?.[question.name]?.[language];
      if (!recording && voice.current === 'none') return;
      const action = new Action({
        id: 'read-aloud',
        title: ui['readaloud.button'] ?? 'Vorlesen',
        showTitle: true,
        disableShrink: true,
        disableHide: true,
        action: async () => {
          // A recording made for this item and language beats any synthetic voice.
          if (recording && (await playRecording(recording))) {
            setNotice(null);
            return;
          }
          const choices = (question as Question & { visibleChoices?: { text: string }[] }).visibleChoices ?? [];
          const text = [plain(question.locTitle.renderedHtml), ...choices.map((c) => plain(c.text))].join('. ');
          const spoken = await readAloud(text, language);
          setNotice(spoken ? null : (ui['readaloud.unavailable'] ?? 'Vorlesen geht auf diesem Gerät nicht.'));
        },
      });
      // An Action instance is kept as it is by the toolbar, so hiding it later hides the button.
      options.actions.push(action);
      if (!recording) speechActions.current.push(action);
    });
    for (const q of m.getAllQuestions()) if (q instanceof QuestionResidenceModel) q.setPlaces(places);
    m.progressBarType = 'pages';
    m.data = seed.current.answers;
    m.currentPageNo = Math.min(Math.max(0, seed.current.page), Math.max(0, m.visiblePages.length - 1));
    plainTitleBars(m);
    prepareNextPage(m);
    m.onCurrentPageChanged.add(() => prepareNextPage(m));
    return m;
  }, [instrument, places, language, ui]);

  // The device's voices, listed once per child: without one for the language the buttons go and
  // the child reads one notice (until the next page), instead of a notice on every page.
  useEffect(() => {
    let current = true;
    void hasVoice(language).then((yes) => {
      if (!current) return;
      voice.current = yes ? 'yes' : 'none';
      if (yes) return;
      for (const a of speechActions.current) a.visible = false;
      setNotice(texts.noVoice);
    });
    return () => {
      current = false;
    };
  }, [language, texts.noVoice]);

  useEffect(() => {
    const turned = () => setNotice(null);
    model.onCurrentPageChanged.add(turned);
    return () => model.onCurrentPageChanged.remove(turned);
  }, [model]);

  // "Fertig" without a single answer asks once whether the child really means it; such a response
  // still counts as taking part (DISCLOSURE.md), so the child may finish.
  useEffect(() => {
    const completing = (_: Model, options: { allow: boolean }) => {
      if (emptyConfirmed.current || hasAnswer(model.data as Record<string, unknown>)) return;
      options.allow = false;
      // Asked once: a second "Fertig" without answers finishes.
      emptyConfirmed.current = true;
      setEmptyAsked(true);
    };
    model.onCompleting.add(completing);
    return () => model.onCompleting.remove(completing);
  }, [model]);

  useEffect(() => {
    if (!emptyAsked) return;
    emptyDialog.current?.showModal();
    backToQuestions.current?.focus();
  }, [emptyAsked]);

  // The survey engine, its styles and fonts are loaded now: keep them for a reload without network.
  useEffect(() => {
    void keepLoadedAssets();
    const later = setTimeout(() => void keepLoadedAssets(), 2000);
    return () => clearTimeout(later);
  }, []);

  useEffect(() => {
    const changed = () => callbacks.current.onChange({ ...(model.data as Answers) }, model.currentPageNo);
    const completed = () => callbacks.current.onComplete();
    model.onValueChanged.add(changed);
    model.onCurrentPageChanged.add(changed);
    model.onComplete.add(completed);
    return () => {
      model.onValueChanged.remove(changed);
      model.onCurrentPageChanged.remove(changed);
      model.onComplete.remove(completed);
    };
  }, [model]);

  // The same element on every render: a notice, the withdraw dialog or a parent render then leaves
  // the survey alone (survey-react-ui re-renders the whole page whenever its parent renders).
  const survey = useMemo(() => <Survey model={model} />, [model]);

  function askWithdraw() {
    withdrawDialog.current?.showModal();
    // The safe answer has the focus: a stray Enter keeps the child's answers.
    keepGoing.current?.focus();
  }

  function finishEmpty() {
    emptyDialog.current?.close();
    model.completeLastPage();
  }

  return (
    <div className="survey-view">
      <div className="withdraw">
        <button type="button" className="quiet" onClick={askWithdraw}>
          {ui['withdraw.button'] ?? 'Ich möchte nicht mehr mitmachen'}
        </button>
      </div>
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {survey}
      <dialog ref={withdrawDialog} aria-labelledby="withdraw-q" className="confirm">
        <p id="withdraw-q">{ui['withdraw.confirm']}</p>
        <div className="confirm-actions">
          <button type="button" className="danger" onClick={onWithdraw}>
            {ui['withdraw.yes']}
          </button>
          <button ref={keepGoing} type="button" className="primary" onClick={() => withdrawDialog.current?.close()}>
            {ui['withdraw.no']}
          </button>
        </div>
      </dialog>
      <dialog ref={emptyDialog} aria-labelledby="empty-q" className="confirm" onClose={() => setEmptyAsked(false)}>
        <p id="empty-q">{texts.emptyFinish}</p>
        <div className="confirm-actions">
          <button type="button" className="secondary" onClick={finishEmpty}>
            {texts.emptyFinishYes}
          </button>
          <button
            ref={backToQuestions}
            type="button"
            className="primary"
            onClick={() => {
              emptyDialog.current?.close();
              model.currentPageNo = 0;
            }}
          >
            {texts.emptyFinishNo}
          </button>
        </div>
      </dialog>
    </div>
  );
}
