/**
 * Answer validation of a full response (every item answered). Run from the repo root:
 *   npx vitest bench --project schema --run
 */
import { bench, describe } from 'vitest';
import { exampleResponse } from '../src/instrument/example-response.ts';
import { scoreResponse } from '../src/instrument/scoring.ts';
import { uwe2026 } from '../src/instrument/uwe-2026/index.ts';
import { createAnswerValidator } from '../src/instrument/validation.ts';

const validate = createAnswerValidator(uwe2026);
const grade7 = JSON.parse(JSON.stringify(exampleResponse(uwe2026, 7))) as Record<string, unknown>;
const grade4 = JSON.parse(JSON.stringify(exampleResponse(uwe2026, 4))) as Record<string, unknown>;
if (!validate(7, grade7).ok || !validate(4, grade4).ok) throw new Error('example responses must be valid');

describe('answers of one response', () => {
  bench(`validate grade 7 (${Object.keys(grade7).length} answers)`, () => {
    validate(7, grade7);
  });
  bench(`validate grade 4 (${Object.keys(grade4).length} answers)`, () => {
    validate(4, grade4);
  });
  bench('score grade 7', () => {
    scoreResponse(uwe2026, 7, grade7);
  });
});
