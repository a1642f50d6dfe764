// Prints realistic full answer objects (grade 7, UWE 2026) as JSON strings, for the load test.
// Run with apps/api/node_modules/.bin/tsx; run.ts reads stdout.
import { exampleResponse, uwe2026 } from '../packages/schema/src/index.ts';

const count = Number(process.argv[2] ?? 20);
let seed = 42;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const variants: string[] = [];
for (let v = 0; v < count; v++) {
  variants.push(JSON.stringify(exampleResponse(uwe2026, 7, (n) => Math.floor(random() * n))));
}
process.stdout.write(`${JSON.stringify({ instrumentId: uwe2026.id, variants })}\n`);
