/**
 * "Wo wohnst du?": the child types the street and picks it from suggestions, or picks the Stadtteil
 * from a list, or answers "Weiß ich nicht" / "Nicht in <Stadt>". The street list came with the
 * form; the street is matched here and only the Sozialraum code becomes the answer. The typed
 * street lives in this component's state only: never in the survey's data, never sent, never kept.
 */
import {
  codesOf,
  indexStreets,
  type PupilPlaces,
  RESIDENCE_OUTSIDE,
  RESIDENCE_UNKNOWN,
  type StreetIndex,
  type StreetPart,
  suggestStreets,
} from '@uwe/schema';
import { createElement, useMemo, useState, useSyncExternalStore } from 'react';
import { ElementFactory, type ItemValue, Question, Serializer } from 'survey-core';
import { ReactQuestionFactory } from 'survey-react-ui';

export const NO_PLACES: PupilPlaces = { city: '', sozialraeume: [], streets: [] };

export class QuestionResidenceModel extends Question {
  places: PupilPlaces = NO_PLACES;
  index: StreetIndex | null = null;
  declare residenceTexts: Record<string, string> | undefined;
  declare choices: ItemValue[];

  override getType() {
    return 'residence';
  }

  /** A text of the widget in the form's language, with placeholders filled in. */
  text(key: string, fill: Record<string, string | number> = {}): string {
    const raw = this.residenceTexts?.[key] ?? '';
    return raw.replace(/\{(\w+)\}/g, (_, k: string) => String(fill[k] ?? ''));
  }

  choiceText(code: string): string {
    const c = this.choices.find((x) => x.value === code);
    return (c?.text ?? code).replace('{city}', this.places.city || '…');
  }

  /** What read-aloud reads after the title: the two answers that are always possible. */
  get visibleChoices(): { text: string }[] {
    return [RESIDENCE_UNKNOWN, RESIDENCE_OUTSIDE].map((c) => ({ text: this.choiceText(c) }));
  }

  /** The street list, indexed once per form. */
  setPlaces(places: PupilPlaces) {
    this.places = places;
    this.index = indexStreets(places.streets.map((s) => s.name));
  }
}

Serializer.addClass(
  'residence',
  [{ name: 'residenceTexts:object' }, { name: 'choices:itemvalue[]' }],
  () => new QuestionResidenceModel(''),
  'question',
);
ElementFactory.Instance.registerElement('residence', (name) => new QuestionResidenceModel(name));

function partLabel(q: QuestionResidenceModel, part: StreetPart, names: Map<string, string>): string {
  if (part.from === null && part.parity === 'all') return names.get(part.code) ?? part.code;
  const bits: string[] = [];
  if (part.from !== null) bits.push(q.text('numbers', { from: part.from, to: part.to ?? part.from }));
  if (part.parity !== 'all') bits.push(q.text(part.parity === 'odd' ? 'odd' : 'even'));
  return bits.join(', ');
}

function useValue(q: QuestionResidenceModel): unknown {
  return useSyncExternalStore(
    (notify) => {
      q.registerFunctionOnPropertyValueChanged('value', notify, 'residence-widget');
      return () => q.unRegisterFunctionOnPropertyValueChanged('value', 'residence-widget');
    },
    () => q.value,
  );
}

function ResidenceWidget({ question: q }: { question: QuestionResidenceModel }) {
  const value = useValue(q);
  const [typed, setTyped] = useState('');
  const [street, setStreet] = useState<number | null>(null);
  const names = useMemo(() => new Map(q.places.sozialraeume.map((s) => [s.code, s.name])), [q.places]);
  const found = useMemo(() => (q.index ? suggestStreets(q.index, typed) : []), [q.index, typed]);
  const id = q.inputId;

  const answer = (code: string) => {
    q.value = code;
    setTyped('');
    setStreet(null);
  };
  const pickStreet = (i: number) => {
    const parts = q.places.streets[i]?.parts ?? [];
    const codes = codesOf(parts);
    if (codes.length === 1 && codes[0]) answer(codes[0]);
    else setStreet(i);
  };

  if (typeof value === 'string' && value !== '') {
    const shown =
      value === RESIDENCE_UNKNOWN || value === RESIDENCE_OUTSIDE ? q.choiceText(value) : (names.get(value) ?? value);
    return (
      <div className="residence">
        <p className="residence-chosen">{q.text('chosen', { name: shown })}</p>
        <button type="button" className="secondary" onClick={() => q.clearValue()}>
          {q.text('change')}
        </button>
      </div>
    );
  }

  const chosenStreet = street === null ? undefined : q.places.streets[street];
  if (chosenStreet) {
    return (
      <div className="residence">
        <p className="residence-which">
          <strong>{chosenStreet.name}</strong>: {q.text('which')}
        </p>
        <div className="residence-options">
          {chosenStreet.parts.map((p) => (
            <button key={`${p.code}-${p.from}-${p.parity}`} type="button" onClick={() => answer(p.code)}>
              {partLabel(q, p, names)}
            </button>
          ))}
          <button type="button" className="secondary" onClick={() => answer(RESIDENCE_UNKNOWN)}>
            {q.choiceText(RESIDENCE_UNKNOWN)}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="residence">
      {q.places.streets.length > 0 && (
        <>
          <label htmlFor={id}>{q.text('street')}</label>
          <p className="residence-hint" id={`${id}-hint`}>
            {q.text('streetHint')}
          </p>
          <input
            id={id}
            type="text"
            autoComplete="off"
            autoCorrect="off"
            spellCheck={false}
            aria-describedby={`${id}-hint`}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
          {found.length > 0 ? (
            <ul className="residence-suggestions" aria-label={q.text('street')}>
              {found.map((i) => (
                <li key={i}>
                  <button type="button" onClick={() => pickStreet(i)}>
                    {q.places.streets[i]?.name}
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            typed.trim().length >= 2 && <p className="residence-none">{q.text('noMatch')}</p>
          )}
        </>
      )}
      {q.places.sozialraeume.length > 0 && (
        <label className="residence-list">
          {q.text('orList')}
          <select value="" onChange={(e) => e.target.value && answer(e.target.value)}>
            <option value="">{q.text('list')} …</option>
            {q.places.sozialraeume.map((s) => (
              <option key={s.code} value={s.code}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="residence-options">
        <button type="button" className="secondary" onClick={() => answer(RESIDENCE_UNKNOWN)}>
          {q.choiceText(RESIDENCE_UNKNOWN)}
        </button>
        <button type="button" className="secondary" onClick={() => answer(RESIDENCE_OUTSIDE)}>
          {q.choiceText(RESIDENCE_OUTSIDE)}
        </button>
      </div>
    </div>
  );
}

ReactQuestionFactory.Instance.registerQuestion('residence', (props) =>
  createElement(ResidenceWidget, props as unknown as { question: QuestionResidenceModel }),
);
