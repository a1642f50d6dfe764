/**
 * A response that answers every item a grade is asked, with valid codes: for tests, benchmarks
 * and demo data. `pick(n)` chooses an index below n; the default (always the first choice) opens
 * every follow-up of the built-in version, so the response has every item of the grade.
 */
import type { InstrumentVersion } from './instrument.ts';
import { choicesOf } from './survey-json.ts';
import type { ChoiceCode, Grade } from './types.ts';

export type ExampleAnswers = Record<string, ChoiceCode | ChoiceCode[] | string>;

export function exampleResponse(
  instrument: Pick<InstrumentVersion, 'catalogue'>,
  grade: Grade,
  pick: (n: number) => number = () => 0,
): ExampleAnswers {
  const answers: ExampleAnswers = {};
  const asked = instrument.catalogue.items.filter((i) => i.grades.includes(grade));
  // Filters first (catalogue order puts them before their follow-ups), then follow-ups only if shown.
  for (const item of asked) {
    const filter = item.followUpOf;
    if (filter) {
      const given = answers[filter.itemId];
      const shown = Array.isArray(given)
        ? given.some((c) => filter.codes.includes(c))
        : filter.codes.includes(given as ChoiceCode);
      if (!shown) continue;
    }
    if (item.answerScale === 'text') {
      answers[item.id] = 'Danke.';
      continue;
    }
    const choices = choicesOf(instrument.catalogue, item);
    if (item.answerScale === 'multi') {
      const usable = choices.filter((c) => !c.exclusive);
      const first = usable[pick(usable.length)] ?? usable[0];
      const second = usable[pick(usable.length)];
      const codes = [first?.code, second?.code].filter((c): c is ChoiceCode => c !== undefined);
      answers[item.id] = [...new Set(codes)];
    } else {
      const choice = choices[pick(choices.length)] ?? choices[0];
      if (choice) answers[item.id] = choice.code;
    }
  }
  return answers;
}
