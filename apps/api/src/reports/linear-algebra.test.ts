import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModRowSpace, RowSpace } from './linear-algebra.ts';

const support = (v: number[]) => v.flatMap((x, i) => (x === 1 ? [i] : []));

describe('ModRowSpace (the release build) answers like the exact RowSpace', () => {
  it('agrees on membership and rank for random 0/1 matrices', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }).chain((dim) =>
          fc.record({
            dim: fc.constant(dim),
            rows: fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: dim, maxLength: dim }), {
              maxLength: 16,
            }),
            probes: fc.array(fc.array(fc.integer({ min: 0, max: 1 }), { minLength: dim, maxLength: dim }), {
              minLength: 1,
              maxLength: 8,
            }),
          }),
        ),
        ({ dim, rows, probes }) => {
          const exact = new RowSpace(dim);
          const fast = new ModRowSpace(dim, true);
          for (const r of rows) expect(fast.add(support(r))).toBe(exact.add(r));
          expect(fast.rank).toBe(exact.rank);
          for (const p of [...probes, ...rows]) {
            const a = exact.express(p);
            const b = fast.express(support(p));
            expect(b !== null).toBe(a !== null);
            // The representation it names really adds up to the probe.
            if (b !== null && b.length > 0) {
              const check = new RowSpace(dim);
              for (const i of b) check.add(rows[i]!);
              expect(check.contains(p)).toBe(true);
            }
          }
        },
      ),
    );
  });

  it('recognises a total minus its parts as the hidden part', () => {
    const space = new ModRowSpace(4);
    space.add([0, 1, 2, 3]); // total
    space.add([0]);
    space.add([1, 2]);
    expect(space.express([3])).not.toBeNull();
    expect(space.express([2])).toBeNull();
  });
});
