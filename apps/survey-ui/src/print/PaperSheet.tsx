import {
  type ChoiceCode,
  type PaperChoice,
  type PaperCondition,
  type PaperForm,
  type PaperQuestion,
  type PaperText,
  paperText,
} from '@uwe/schema';
import { Fragment, type ReactNode } from 'react';

/** The paper form's texts of one language (`ui` of the staff form: app texts plus paper texts). */
export type PaperUi = Record<string, string>;

/**
 * Fills a template's {placeholders} with React nodes: the routing sentences are translated as whole
 * sentences, and only the question numbers and answer labels are put in (in bold).
 */
export function fill(template: string, parts: Record<string, ReactNode>): ReactNode[] {
  return template.split(/(\{[a-z]+\})/).map((piece, i) => {
    const name = /^\{([a-z]+)\}$/.exec(piece)?.[1];
    // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one sentence never move
    return <Fragment key={i}>{name !== undefined && name in parts ? parts[name] : piece}</Fragment>;
  });
}

/** "a, b oder c" with the language's word for "or"/"and". */
function joined(nodes: ReactNode[], word: string): ReactNode[] {
  return nodes.flatMap((node, i) => {
    const sep = i === 0 ? '' : i === nodes.length - 1 ? ` ${word} ` : ', ';
    // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list
    return [<Fragment key={`s${i}`}>{sep}</Fragment>, <Fragment key={`n${i}`}>{node}</Fragment>];
  });
}

/** A question number, isolated so that "42a" reads the same in a right-to-left sentence. */
const Num = ({ n }: { n: string }) => (
  <strong>
    <bdi>{n}</bdi>
  </strong>
);

function questionRef(ui: PaperUi, numbers: string[]): ReactNode[] {
  if (numbers.length === 1) return fill(ui['paper.route.question'] ?? '{n}', { n: <Num n={numbers[0] ?? ''} /> });
  const list = joined(
    numbers.map((n) => <Num key={n} n={n} />),
    ui['paper.route.and'] ?? 'und',
  );
  return fill(ui['paper.route.questions'] ?? '{list}', { list });
}

function answerRef(ui: PaperUi, filter: PaperQuestion, codes: ChoiceCode[], language: string): ReactNode[] {
  return joined(
    codes.map((c) => (
      <strong key={String(c)}>{paperText(filter.choices.find((x) => x.code === c)?.text, language)}</strong>
    )),
    ui['paper.route.or'] ?? 'oder',
  );
}

/** "Wenn du Ja angekreuzt hast, beantworte auch Frage 42a. Sonst mach weiter mit Frage 43." */
export function RoutingSentence({ ui, q, language }: { ui: PaperUi; q: PaperQuestion; language: string }) {
  const r = q.routing;
  if (!r || r.next === null) return null;
  const template = ui[r.condition.mode === 'if' ? 'paper.route.if' : 'paper.route.ifOther'] ?? '';
  return (
    <p className="q-route">
      {fill(template, {
        answer: answerRef(ui, q, r.condition.codes, language),
        questions: questionRef(ui, r.followUps),
        next: questionRef(ui, [r.next]),
      })}
    </p>
  );
}

/** On the follow-up itself: "Nur wenn du bei Frage 42 Ja angekreuzt hast." */
function OnlyIf({ ui, q, form, language }: { ui: PaperUi; q: PaperQuestion; form: PaperForm; language: string }) {
  if (!q.filter) return null;
  const filter = form.questions.find((x) => x.itemId === q.filter?.itemId);
  if (!filter) return null;
  const c: PaperCondition = q.filter.condition;
  const template = ui[c.mode === 'if' ? 'paper.route.only' : 'paper.route.onlyOther'] ?? '';
  return (
    <p className="q-only">
      {fill(template, { question: questionRef(ui, [filter.number]), answer: answerRef(ui, filter, c.codes, language) })}
    </p>
  );
}

/** A tick box; the small digit beside it is what staff type in. */
const Box = ({ choice }: { choice: PaperChoice }) => (
  <>
    <span className="box" aria-hidden="true" />
    <span className="key" title="Eingabeziffer">
      {choice.key}
    </span>
  </>
);

function Question({ q, ui, form, language }: { q: PaperQuestion; ui: PaperUi; form: PaperForm; language: string }) {
  // Short answers ("1 Tag", "Ja") run in one line; long ones stand in two columns, easy to scan.
  const long = q.choices.some((c) => paperText(c.text, language).length > 24);
  return (
    <div className="paper-q" data-item={q.itemId} data-number={q.number}>
      <p className="q-title">
        <span className="q-num">
          <bdi>{q.number}</bdi>
        </span>
        <span>{paperText(q.text, language)}</span>
      </p>
      <OnlyIf ui={ui} q={q} form={form} language={language} />
      {q.kind === 'text' ? (
        <div className="q-lines" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </div>
      ) : (
        <ul className={`q-choices${long ? ' q-choices-list' : ''}`}>
          {q.choices.map((c) => (
            <li key={String(c.code)}>
              <Box choice={c} />
              <span className="choice-text">{paperText(c.text, language)}</span>
            </li>
          ))}
        </ul>
      )}
      <RoutingSentence ui={ui} q={q} language={language} />
    </div>
  );
}

function Grid({
  choices,
  questions,
  language,
  caption,
}: {
  choices: PaperChoice[];
  questions: PaperQuestion[];
  language: string;
  caption: string;
}) {
  return (
    <table className={`paper-grid cols-${choices.length}`}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className="q-num">
            <span className="visually-hidden">Nr.</span>
          </th>
          <th scope="col" className="q-text">
            <span className="visually-hidden">Frage</span>
          </th>
          {choices.map((c) => (
            <th scope="col" key={String(c.code)} className="q-choice">
              <span className="choice-text">{paperText(c.text, language)}</span>
              <span className="key">{c.key}</span>
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {questions.map((q) => (
          <tr key={q.itemId} data-item={q.itemId} data-number={q.number}>
            <th scope="row" className="q-num">
              <bdi>{q.number}</bdi>
            </th>
            <td className="q-text">{paperText(q.text, language)}</td>
            {choices.map((c) => (
              <td key={String(c.code)} className="q-box">
                <span className="box" aria-hidden="true" />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The printed questionnaire: numbered questions, rating items in grids with shared answer columns,
 * routing a child can follow, and the class code on top (and, in print, on every page).
 */
export function PaperSheet({
  form,
  formId,
  ui,
  language,
  dir,
  code,
}: {
  form: PaperForm;
  formId: string;
  ui: PaperUi;
  language: string;
  dir: 'ltr' | 'rtl';
  code: string | null;
}) {
  const t = (text: PaperText | undefined) => paperText(text, language);
  return (
    <article
      className={`paper paper-${formId}`}
      dir={dir}
      lang={language === 'de-simple' ? 'de' : language}
      aria-label="Papierfragebogen"
    >
      <header className="paper-head">
        <h2>{ui['survey.title']}</h2>
        <p className="paper-code">
          {ui['paper.code']}: <span className="code-box">{code ?? ''}</span>
        </p>
      </header>
      <div className="paper-intro">
        <p>{ui['intro.anonymous']}</p>
        <p>{ui['intro.skip']}</p>
        <p className="howto">
          {fill(ui['paper.howto'] ?? '', {
            x: <span className="box box-crossed" aria-hidden="true" />,
            fill: <span className="box box-filled" aria-hidden="true" />,
          })}
        </p>
      </div>
      {form.sections.map((s) => (
        <section key={s.name} className="paper-section" aria-label={t(s.title)}>
          <h3>{t(s.title)}</h3>
          {s.description && <p className="section-description">{t(s.description)}</p>}
          {s.blocks.map((b) =>
            b.kind === 'grid' ? (
              <Grid
                key={b.questions[0]?.itemId}
                choices={b.choices}
                questions={b.questions}
                language={language}
                caption={`${t(s.title)}: ${b.questions.map((q) => q.number).join(', ')}`}
              />
            ) : (
              <Question key={b.question.itemId} q={b.question} ui={ui} form={form} language={language} />
            ),
          )}
        </section>
      ))}
      <footer className="paper-end">
        <p>{ui['end.thanks']}</p>
        <p>{ui['end.helpline']}</p>
      </footer>
    </article>
  );
}
