import { describe, expect, it } from 'vitest';
import { checkSurveyAgainstCatalogue, validateInstrumentDefinition } from './consistency.ts';
import type { InstrumentVersion, SurveyQuestionJson } from './instrument.ts';
import { uwe2026 } from './uwe-2026/index.ts';

/** A deep, mutable copy of the built-in version, as an upload would arrive. */
const copy = (): InstrumentVersion => JSON.parse(JSON.stringify(uwe2026)) as InstrumentVersion;

function question(i: InstrumentVersion, name: string, form: 'grade4' | 'grade7' = 'grade7'): SurveyQuestionJson {
  for (const page of i.forms[form].pages) {
    const q = page.elements.find((e) => e.name === name);
    if (q) return q;
  }
  throw new Error(`no question ${name}`);
}

function errorsOf(i: unknown): string[] {
  const result = validateInstrumentDefinition(i);
  return result.ok ? [] : result.errors;
}

describe('checkSurveyAgainstCatalogue', () => {
  it('finds nothing wrong with the built-in version', () => {
    expect(checkSurveyAgainstCatalogue(uwe2026)).toEqual([]);
  });

  it('finds a question that is not in the catalogue', () => {
    const i = copy();
    i.forms.grade7.pages[0]?.elements.push({ ...question(i, 'hap_1'), name: 'hap_9' });
    expect(checkSurveyAgainstCatalogue(i)).toEqual(['grade7: item hap_9 is not in the catalogue']);
  });

  it('finds a changed code', () => {
    const i = copy();
    const choice = question(i, 'opt_2', 'grade4').choices?.[4];
    if (choice) choice.value = 6;
    expect(checkSurveyAgainstCatalogue(i)).toEqual([
      'grade4: item opt_2 has the codes [1, 2, 3, 4, 6], the catalogue has [1, 2, 3, 4, 5]',
    ]);
  });

  it('finds a code of the wrong type', () => {
    const i = copy();
    const choice = question(i, 'trusted_adult').choices?.[0];
    if (choice) choice.value = '1';
    expect(checkSurveyAgainstCatalogue(i)).toEqual([
      'grade7: item trusted_adult has the codes ["1", 0], the catalogue has [1, 0]',
    ]);
  });

  it('finds isRequired and other props that are not allowed', () => {
    const i = copy();
    Object.assign(question(i, 'sad_2'), { isRequired: true });
    Object.assign(i.forms.grade4, { locale: 'de' });
    expect(checkSurveyAgainstCatalogue(i)).toEqual([
      "grade4: property 'locale' is not allowed",
      "grade7: item sad_2: 'isRequired' is not allowed (no item may be required)",
    ]);
  });

  it('finds a missing or empty translation, and a language the version does not have', () => {
    const i = copy();
    delete (question(i, 'hap_3').title as Record<string, string>).uk;
    const choice = question(i, 'gender', 'grade4').choices?.[1];
    if (choice) choice.text.ar = ' ';
    const page = i.forms.grade7.pages[0];
    if (page) page.title.fr = 'Ta vie';
    expect(checkSurveyAgainstCatalogue(i)).toEqual([
      'grade4: item gender: choice "m" text has no ar text',
      "grade7: page life: title has a text in 'fr', which is not a language of the version",
      'grade7: item hap_3: title has no uk text',
    ]);
  });

  it('finds a missing item, a duplicate and an item on the wrong page', () => {
    const i = copy();
    const [first, second] = i.forms.grade4.pages;
    first?.elements.splice(0, 1); // hap_1
    second?.elements.push({ ...question(i, 'hap_2', 'grade4') });
    expect(checkSurveyAgainstCatalogue(i)).toEqual([
      'grade4: item hap_2 appears more than once',
      'grade4: catalogue item hap_1 is missing from the form',
    ]);
    const j = copy();
    const moved = j.forms.grade7.pages[0]?.elements.pop(); // hap_5
    if (moved) j.forms.grade7.pages[1]?.elements.push(moved);
    expect(checkSurveyAgainstCatalogue(j)).toEqual([
      'grade7: item hap_5 is on page outlook, the catalogue puts it on life',
    ]);
  });

  it('finds a secondary item in the grade-4 form', () => {
    const i = copy();
    i.forms.grade4.pages[0]?.elements.push(question(i, 'hap_4'));
    expect(checkSurveyAgainstCatalogue(i)).toEqual(['grade4: item hap_4 is not asked in grade 4']);
  });

  it('checks follow-ups against their filter', () => {
    const i = copy();
    question(i, 'barriers').visibleIf = '{wish_activity} = 0';
    question(i, 'activity_days').visibleIf = "{activities} = 'sport'";
    question(i, 'opt_1').visibleIf = '{hap_1} = 5';
    delete question(i, 'disc_where').visibleIf;
    expect(checkSurveyAgainstCatalogue(i)).toEqual([
      'grade7: item opt_1 is no follow-up and must have no visibleIf',
      'grade7: item disc_where is a follow-up of disc_experienced and needs a visibleIf',
      `grade7: item activity_days: visibleIf "{activities} = 'sport'" does not match its filter activities ["sport", "music_arts", "clubs_youth_groups", "lessons_education"]`,
      'grade7: item barriers: visibleIf "{wish_activity} = 0" does not match its filter wish_activity [1]',
    ]);
    // the same filter written another way is fine
    const j = copy();
    question(j, 'barriers').visibleIf = '{wish_activity} anyof [1]';
    question(j, 'activity_days').visibleIf =
      '{activities} anyof ["lessons_education","clubs_youth_groups","music_arts","sport"]';
    expect(checkSurveyAgainstCatalogue(j)).toEqual([]);
  });

  it('checks question types, free-text length and exclusive choices', () => {
    const i = copy();
    question(i, 'trusted_adult').type = 'checkbox';
    question(i, 'free_text').maxLength = 5000;
    const none = question(i, 'activities').choices?.find((c) => c.value === 'none');
    if (none) delete none.isExclusive;
    expect(checkSurveyAgainstCatalogue(i)).toEqual([
      'grade7: item trusted_adult is a checkbox question, its answer scale yesno needs radiogroup',
      'grade7: item activities: choice "none" must be isExclusive, as in the catalogue',
      'grade7: item free_text needs a maxLength of 1 to 1000',
    ]);
  });
});

describe('validateInstrumentDefinition', () => {
  it('accepts the built-in version as uploaded JSON', () => {
    const result = validateInstrumentDefinition(copy());
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.instrument.id).toBe('uwe-2026');
  });

  it('rejects what is not an instrument at all, with the path', () => {
    expect(errorsOf(null)[0]).toMatch(/^\/: /);
    const i = copy() as unknown as Record<string, unknown>;
    delete i.forms;
    i.extra = 1;
    const errors = errorsOf(i);
    expect(errors.some((e) => e.startsWith('/forms:'))).toBe(true);
    expect(errors.some((e) => e.startsWith('/extra:'))).toBe(true);
  });

  it('rejects a question missing from the catalogue, naming the item', () => {
    const i = copy();
    i.catalogue.items = i.catalogue.items.filter((x) => x.id !== 'emp_4');
    const scale = i.catalogue.scales.find((s) => s.id === 'empathy');
    if (scale) scale.itemIds = scale.itemIds.filter((x) => x !== 'emp_4');
    const page = i.catalogue.pages.find((p) => p.id === 'others');
    if (page) page.itemIds = page.itemIds.filter((x) => x !== 'emp_4');
    expect(errorsOf(i)).toEqual(['grade7: item emp_4 is not in the catalogue']);
  });

  it('rejects a changed code, naming the item', () => {
    const i = copy();
    const choice = question(i, 'screen_time').choices?.[5];
    if (choice) choice.value = 9;
    expect(errorsOf(i)).toEqual([
      'grade7: item screen_time has the codes [0, 1, 2, 3, 4, 9], the catalogue has [0, 1, 2, 3, 4, 5]',
    ]);
  });

  it('rejects isRequired, naming the item', () => {
    const i = copy();
    Object.assign(question(i, 'bully_online', 'grade4'), { isRequired: true });
    expect(errorsOf(i)).toEqual(["grade4: item bully_online: 'isRequired' is not allowed (no item may be required)"]);
  });

  it('rejects a missing translation, naming the item and language', () => {
    const i = copy();
    const title = question(i, 'fr_2').title as Record<string, string>;
    delete title.tr;
    expect(errorsOf(i)).toEqual(['grade7: item fr_2: title has no tr text']);
  });

  it('rejects a scale with one item, naming the scale and item', () => {
    const i = copy();
    const scale = i.catalogue.scales.find((s) => s.id === 'close_friends');
    if (scale) scale.itemIds = ['fr_1'];
    expect(errorsOf(i)).toEqual([
      'item fr_2 is not listed in its scale close_friends',
      'item fr_3 is not listed in its scale close_friends',
      'item fr_4 is not listed in its scale close_friends',
      'scale close_friends has 1 item (fr_1); a scale needs 2 to 6',
      'scale close_friends has only one item in grade 4; a score needs at least 2',
      'scale close_friends has only one item in grade 7; a score needs at least 2',
      'scale close_friends has only one item in grade 9; a score needs at least 2',
    ]);
  });

  it('rejects a scale with seven items', () => {
    const i = copy();
    const scale = i.catalogue.scales.find((s) => s.id === 'life_satisfaction_domains');
    const extra = {
      ...i.catalogue.items.find((x) => x.id === 'lsd_life')!,
      id: 'lsd_money',
      textKey: 'item.lsd_money',
    };
    i.catalogue.items.push(extra);
    scale?.itemIds.push('lsd_money');
    i.catalogue.pages.find((p) => p.id === 'satisfaction')?.itemIds.push('lsd_money');
    const errors = errorsOf(i);
    expect(errors).toContain(
      'scale life_satisfaction_domains has 7 items (lsd_life, lsd_family, lsd_friends, lsd_appearance, lsd_school, lsd_schoolwork, lsd_money); a scale needs 2 to 6',
    );
    expect(errors).toContain('grade4: catalogue item lsd_money is missing from the form');
  });

  it('rejects bad ids', () => {
    const i = copy();
    i.id = 'UWE 2026';
    const page = i.catalogue.pages[0];
    if (page) page.id = 'Life';
    const errors = errorsOf(i);
    expect(errors).toContain("version id 'UWE 2026' must be lower case letters, digits and hyphens");
    expect(errors).toContain("page id 'Life' must match ^[a-z][a-z0-9_]{0,63}$");
    expect(errors).toContain('grade7: page life is not a page of the catalogue');
  });

  it('rejects an item asked in grade 9 but not 7 (one form for both)', () => {
    const i = copy();
    const item = i.catalogue.items.find((x) => x.id === 'fut_know');
    if (item) item.grades = [9];
    const errors = errorsOf(i);
    expect(errors).toContain('item fut_know must be asked in both grades 7 and 9 or in neither (they share one form)');
    expect(errors).toContain('grade7: item fut_know is not asked in grade 7');
  });

  it('rejects broken follow-ups, languages, cut-offs and index definitions', () => {
    const i = copy();
    const barriers = i.catalogue.items.find((x) => x.id === 'barriers');
    if (barriers) barriers.followUpOf = { itemId: 'wish_activity', codes: [2] };
    i.languages = i.languages.filter((l) => l.code !== 'de');
    i.cutoffs = { high: 3, medium: 3 };
    i.wellbeing.scales = ['optimism', 'happiness', 'self_esteem', 'bullying'];
    i.assets.push({ id: 'money', rule: { kind: 'scaleCategory', scale: 'wealth', category: 'high' } });
    i.assets.push({ id: 'club', rule: { kind: 'multiAny', itemId: 'activities', codes: ['chess'] } });
    const errors = errorsOf(i);
    for (const e of [
      'item barriers follows up codes [2] that wish_activity does not have',
      "exactly one language must be the source, and it must be 'de' (its texts are the forms' default)",
      'cut-offs need medium < high, got medium 3 and high 3',
      'the Wellbeing Index needs five different scales, got 4',
      'Wellbeing Index scale bullying is not scored',
      'asset money: scale wealth is not in the catalogue',
      'asset club: item activities has no codes ["chess"]',
    ]) {
      expect(errors).toContain(e);
    }
  });
});

describe('recorded audio in an uploaded version', () => {
  it('is accepted for catalogue items and the version’s languages on this server, and refused otherwise', () => {
    const withAudio = (audio: Record<string, Record<string, string>>) => ({
      ...structuredClone(uwe2026),
      id: 'uwe-audio',
      audio,
    });
    expect(
      validateInstrumentDefinition(withAudio({ opt_1: { de: '/audio/opt_1.de.mp3', tr: '/audio/opt_1.tr.mp3' } })).ok,
    ).toBe(true);
    const bad = validateInstrumentDefinition(
      withAudio({
        nope: { de: '/a.mp3' },
        opt_1: { xx: '/a.mp3', de: 'https://cdn.example/opt_1.mp3' },
        hap_1: { de: '/../secret' },
        hap_2: { de: '//cdn.example/hap_2.mp3' },
        hap_3: { de: '/audio//cdn.example/x.mp3' },
      }),
    );
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? [] : bad.errors.join('\n');
    expect(errors).toContain("item 'nope'");
    expect(errors).toContain("language 'xx'");
    expect(errors).toContain('https://cdn.example/opt_1.mp3');
    expect(errors).toContain('/../secret');
    // Protocol-relative: the browser would fetch it from another host, exactly like https://…
    expect(errors).toContain("'//cdn.example/hap_2.mp3' must be a path on this server");
    expect(errors).toContain("'/audio//cdn.example/x.mp3' must be a path on this server");
  });
});
