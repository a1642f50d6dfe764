import { describe, expect, it } from 'vitest';
import { entryOf, paperForm, paperText, parseEntry } from './paper.ts';
import { uwe2026 } from './uwe-2026/index.ts';

const grade7 = paperForm(uwe2026.forms.grade7);
const grade4 = paperForm(uwe2026.forms.grade4);
const q = (form: typeof grade7, id: string) => {
  const found = form.questions.find((x) => x.itemId === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('paperForm', () => {
  it('has every item of the form, follow-ups included, each with a number of its own', () => {
    for (const [form, grade] of [
      [grade7, 7],
      [grade4, 4],
    ] as const) {
      const asked = uwe2026.catalogue.items.filter((i) => i.grades.includes(grade)).map((i) => i.id);
      expect(form.questions.map((x) => x.itemId).sort()).toEqual(asked.sort());
      const numbers = form.questions.map((x) => x.number);
      expect(new Set(numbers).size).toBe(numbers.length);
      // Every question sits in exactly one block.
      const inBlocks = form.sections.flatMap((s) =>
        s.blocks.flatMap((b) => (b.kind === 'grid' ? b.questions : [b.question])),
      );
      expect(inBlocks).toEqual(form.questions);
    }
    expect(grade7.questions).toHaveLength(134);
    expect(grade4.questions).toHaveLength(75);
  });

  it('numbers follow-ups with their filter’s number and a letter, and routes the child past them', () => {
    const disc = q(grade7, 'disc_experienced');
    expect(q(grade7, 'disc_reason').number).toBe(`${disc.number}a`);
    expect(q(grade7, 'disc_where').number).toBe(`${disc.number}b`);
    const after = grade7.questions[grade7.questions.indexOf(q(grade7, 'disc_where')) + 1]!;
    expect(after.number).toBe(String(Number(disc.number) + 1));
    expect(disc.routing).toEqual({
      condition: { mode: 'if', codes: [1] },
      followUps: [`${disc.number}a`, `${disc.number}b`],
      next: after.number,
    });
    expect(q(grade7, 'disc_reason').filter).toMatchObject({ itemId: 'disc_experienced', number: disc.number });

    // Grade 4 is not asked the discrimination follow-ups: no routing there.
    expect(q(grade4, 'disc_experienced').routing).toBeNull();

    const wish = q(grade4, 'wish_activity');
    expect(q(grade4, 'wish_activity_type').number).toBe(`${wish.number}a`);
    expect(q(grade4, 'barriers').number).toBe(`${wish.number}b`);
  });

  it('names the smaller set of answers: "anything but none" for the activities', () => {
    const activities = q(grade7, 'activities');
    expect(activities.routing?.condition).toEqual({ mode: 'ifOther', codes: ['none'] });
    expect(q(grade7, 'activity_days').filter?.condition).toEqual({ mode: 'ifOther', codes: ['none'] });
  });

  it('puts rating items with the same answers in grids, never a filter or a follow-up', () => {
    const grids = grade7.sections.flatMap((s) => s.blocks.filter((b) => b.kind === 'grid'));
    const inGrids = grids.flatMap((g) => g.questions);
    expect(inGrids.length).toBeGreaterThan(100);
    expect(inGrids.some((x) => x.filter !== null || x.routing !== null)).toBe(false);
    const life = grade7.sections.find((s) => s.name === 'life')!;
    expect(life.blocks).toHaveLength(1);
    expect(life.blocks[0]).toMatchObject({ kind: 'grid' });
  });

  it('prints the code as the entry key where codes are digits, else the position', () => {
    expect(q(grade7, 'hap_1').choices.map((c) => c.key)).toEqual(['1', '2', '3', '4', '5']);
    expect(q(grade7, 'breakfast').choices.map((c) => c.key)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(q(grade7, 'trusted_adult').choices.map((c) => [c.key, c.code])).toEqual([
      ['1', 1],
      ['0', 0],
    ]);
    expect(q(grade7, 'gender').choices.map((c) => [c.key, c.code])).toEqual([
      ['1', 'f'],
      ['2', 'm'],
      ['3', 'd'],
      ['4', 'x'],
    ]);
  });

  it('reads texts in any language', () => {
    expect(paperText(q(grade7, 'hap_1').text, 'en')).toBe('I am happy.');
    expect(paperText(q(grade7, 'hap_1').text, 'xx')).toBe('Ich bin glücklich.');
    expect(paperText('plain', 'en')).toBe('plain');
  });
});

describe('parseEntry and entryOf', () => {
  it('turns typed keys into codes and back', () => {
    const hap = q(grade7, 'hap_1');
    expect(parseEntry(hap, '4')).toEqual({ ok: true, value: 4 });
    expect(parseEntry(hap, ' ')).toEqual({ ok: true, value: undefined });
    expect(parseEntry(hap, '6')).toEqual({ ok: false });
    expect(parseEntry(hap, '45')).toEqual({ ok: false });

    const reasons = q(grade7, 'disc_reason');
    expect(parseEntry(reasons, '31')).toEqual({ ok: true, value: ['origin', 'religion'] });
    expect(parseEntry(reasons, '1, 3')).toEqual({ ok: true, value: ['origin', 'religion'] });
    expect(parseEntry(reasons, '11')).toEqual({ ok: false });
    expect(parseEntry(reasons, '9')).toEqual({ ok: false });
    expect(entryOf(reasons, ['religion', 'origin'])).toBe('13');

    const activities = q(grade7, 'activities');
    expect(parseEntry(activities, '5')).toEqual({ ok: true, value: ['none'] });
    // "Nichts davon" with an activity is a contradiction, as on the tablet.
    expect(parseEntry(activities, '15')).toEqual({ ok: false });

    const text = q(grade7, 'free_text');
    expect(parseEntry(text, 'Alles gut.')).toEqual({ ok: true, value: 'Alles gut.' });
    expect(entryOf(text, 'Alles gut.')).toBe('Alles gut.');
    expect(entryOf(q(grade7, 'trusted_adult'), 0)).toBe('0');
    expect(entryOf(hap, undefined)).toBe('');
  });
});
