import type { Answers, PupilInstrument } from '@uwe/schema';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ActionContainer, type GetQuestionTitleActionsEvent, Model, type Question, settings } from 'survey-core';
import './survey-setup.ts';
import { Survey } from 'survey-react-ui';
import { keepLoadedAssets } from './offline-cache.ts';
import { plain, playRecording, readAloud } from './read-aloud.ts';

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

interface Props {
  instrument: PupilInstrument;
  language: string;
  ui: Record<string, string>;
  initialAnswers: Answers;
  initialPage: number;
  onChange: (answers: Answers, page: number) => void;
  onComplete: () => void;
  onWithdraw: () => void;
}

export default function SurveyView({
  instrument,
  language,
  ui,
  initialAnswers,
  initialPage,
  onChange,
  onComplete,
  onWithdraw,
}: Props) {
  const [notice, setNotice] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const callbacks = useRef({ onChange, onComplete });
  callbacks.current = { onChange, onComplete };

  // The saved answers and page only seed the model; later changes flow out through onChange.
  const seed = useRef({ answers: initialAnswers, page: initialPage });

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
      options.actions.push({
        id: 'read-aloud',
        title: ui['readaloud.button'] ?? 'Vorlesen',
        showTitle: true,
        disableShrink: true,
        disableHide: true,
        action: async () => {
          // A recording made for this item and language beats any synthetic voice.
          const recording = instrument.audio?.[question.name]?.[language];
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
    });
    m.progressBarType = 'pages';
    m.data = seed.current.answers;
    m.currentPageNo = Math.min(Math.max(0, seed.current.page), Math.max(0, m.visiblePages.length - 1));
    plainTitleBars(m);
    prepareNextPage(m);
    m.onCurrentPageChanged.add(() => prepareNextPage(m));
    return m;
  }, [instrument, language, ui]);

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

  return (
    <div className="survey-view">
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {survey}
      <div className="withdraw">
        {!confirming ? (
          <button type="button" className="quiet" onClick={() => setConfirming(true)}>
            {ui['withdraw.button'] ?? 'Ich möchte nicht mehr mitmachen'}
          </button>
        ) : (
          <div role="alertdialog" aria-labelledby="withdraw-q" className="confirm">
            <p id="withdraw-q">{ui['withdraw.confirm']}</p>
            <button type="button" className="danger" onClick={onWithdraw}>
              {ui['withdraw.yes']}
            </button>
            <button type="button" className="primary" onClick={() => setConfirming(false)}>
              {ui['withdraw.no']}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
