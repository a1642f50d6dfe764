import { exampleResponse, getBuiltinInstrument } from '@uwe/schema';
import { describe, expect, it } from 'vitest';
import { createWaveCounts } from './aggregate.ts';
import { buildRelease } from './release.ts';
import { createMeasurer, reportItems } from './report-items.ts';

const instrument = getBuiltinInstrument('uwe-2026')!;
const items = reportItems(instrument);
const structure = {
  city: { id: 'city', name: 'Gesamtstadt' },
  sozialraeume: [{ id: 'sr', name: 'Mitte' }],
  schools: ['s1', 's2', 's3'].map((id) => ({ id, name: id, sozialraumId: 'sr' })),
};

function counts(responses: number) {
  const c = createWaveCounts(items, createMeasurer(instrument, items));
  for (let i = 0; i < responses; i++) {
    const answers = exampleResponse(instrument, 7, (n) => (i * 7 + n) % n);
    c.add(`s${(i % 3) + 1}`, 7, answers, (i * 2654435761) % 2 ** 32);
  }
  return c;
}

describe('building a release', () => {
  it('reports progress in steps that do not depend on the number of responses (rule 12)', async () => {
    const seen = async (n: number) => {
      const steps: string[] = [];
      await buildRelease(counts(n), structure, { onProgress: (done, total) => void steps.push(`${done}/${total}`) });
      return steps;
    };
    const few = await seen(5);
    expect(few.length).toBe(items.length + 1);
    expect(await seen(400)).toEqual(few);
  });

  it('gives the same cells for the same records in any order', async () => {
    const a = await buildRelease(counts(60), structure);
    const c = createWaveCounts(items, createMeasurer(instrument, items));
    for (let i = 59; i >= 0; i--) {
      c.add(
        `s${(i % 3) + 1}`,
        7,
        exampleResponse(instrument, 7, (n) => (i * 7 + n) % n),
        (i * 2654435761) % 2 ** 32,
      );
    }
    expect(await buildRelease(c, structure)).toEqual(a);
  });
});
