/**
 * Prints µs per full response for answer validation and scoring, without vitest:
 *   apps/api/node_modules/.bin/tsx packages/schema/bench/validate.ts
 */
import { exampleResponse } from '../src/instrument/example-response.ts';
import { scoreResponse } from '../src/instrument/scoring.ts';
import { uwe2026 } from '../src/instrument/uwe-2026/index.ts';
import { createAnswerValidator } from '../src/instrument/validation.ts';

const validate = createAnswerValidator(uwe2026);
const answers = JSON.parse(JSON.stringify(exampleResponse(uwe2026, 7))) as Record<string, unknown>;
if (!validate(7, answers).ok) throw new Error('the example response must be valid');

function measure(name: string, run: () => void, rounds = 200_000) {
  for (let i = 0; i < 20_000; i++) run(); // warm up the JIT
  const start = performance.now();
  for (let i = 0; i < rounds; i++) run();
  const us = ((performance.now() - start) * 1000) / rounds;
  console.log(`${name}: ${us.toFixed(2)} µs per response`);
}

console.log(`grade-7 response with ${Object.keys(answers).length} answers`);
measure('validate', () => validate(7, answers));
measure('score', () => scoreResponse(uwe2026, 7, answers), 50_000);
