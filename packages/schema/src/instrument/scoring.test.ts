/**
 * Hand-computed cases on the built-in catalogue. Item counts used below:
 * optimism grade 4: opt_1–3, grade 7/9: opt_1–5; self_esteem se_5 reversed (7/9 only);
 * absence_of_sadness all reversed; sleep_2, sleep_4, sleep_5 reversed; life_satisfaction_domains
 * has 6 items in grade 7/9, 4 in grade 4.
 */
import { describe, expect, it } from 'vitest';
import type { InstrumentVersion, ScaleCategory } from './instrument.ts';
import { assetsBand, assetsIndex, scaleCategory, scaleScore, scoreResponse, wellbeingIndex } from './scoring.ts';
import { uwe2026 } from './uwe-2026/index.ts';

const cut = uwe2026.cutoffs;
const fill = (prefix: string, values: (number | undefined)[]) =>
  Object.fromEntries(values.flatMap((v, n) => (v === undefined ? [] : [[`${prefix}_${n + 1}`, v]])));

describe('scaleScore', () => {
  it('is the mean of the answered items', () => {
    expect(scaleScore(uwe2026, 'optimism', 4, fill('opt', [5, 4, 3]))).toBe(4);
    expect(scaleScore(uwe2026, 'optimism', 7, fill('opt', [5, 4, 3, 2, 2]))).toBe(3.2);
  });

  it('needs at least two thirds of the items asked in the grade', () => {
    // grade 4: 3 items asked; 2 answered is exactly 2/3
    expect(scaleScore(uwe2026, 'optimism', 4, fill('opt', [5, undefined, 4]))).toBe(4.5);
    expect(scaleScore(uwe2026, 'optimism', 4, fill('opt', [5]))).toBeNull();
    // grade 7: 5 items asked; 4 answered (80 %) scores, 3 (60 %) does not
    expect(scaleScore(uwe2026, 'optimism', 7, fill('opt', [5, 5, 4, 4]))).toBe(4.5);
    expect(scaleScore(uwe2026, 'optimism', 7, fill('opt', [5, 5, 4]))).toBeNull();
    // grade 7: 6 items asked; 4 answered is exactly 2/3, 3 is half
    const lsd = { lsd_life: 4, lsd_family: 5, lsd_friends: 3, lsd_appearance: 4 };
    expect(scaleScore(uwe2026, 'life_satisfaction_domains', 7, lsd)).toBe(4);
    expect(
      scaleScore(uwe2026, 'life_satisfaction_domains', 7, { lsd_life: 4, lsd_family: 5, lsd_friends: 3 }),
    ).toBeNull();
    // grade 4: only lsd_life, lsd_family, lsd_friends, lsd_school are asked; 3 of 4 answered
    expect(scaleScore(uwe2026, 'life_satisfaction_domains', 4, { lsd_life: 4, lsd_family: 5, lsd_friends: 3 })).toBe(4);
    // two of a two-item scale: both are needed
    expect(scaleScore(uwe2026, 'adults_home', 4, { adh_1: 5 })).toBeNull();
    expect(scaleScore(uwe2026, 'adults_home', 4, { adh_1: 5, adh_2: 4 })).toBe(4.5);
  });

  it('ignores answers to items the grade is not asked', () => {
    // opt_4, opt_5 are secondary only: in grade 4 they neither count nor fill the two thirds
    expect(scaleScore(uwe2026, 'optimism', 4, fill('opt', [1, undefined, undefined, 5, 5]))).toBeNull();
    expect(scaleScore(uwe2026, 'optimism', 4, fill('opt', [1, 2, undefined, 5, 5]))).toBe(1.5);
  });

  it('reverse-codes 6 - x before the mean', () => {
    // se_1–4 = 4, se_5 ("would often like to be someone else") = 2 → 6 - 2 = 4 → mean 4.0
    expect(scaleScore(uwe2026, 'self_esteem', 7, fill('se', [4, 4, 4, 4, 2]))).toBe(4);
    expect(scaleScore(uwe2026, 'self_esteem', 7, fill('se', [5, 5, 5, 5, 5]))).toBe(4.2);
    // never sad (1) → 5: absence of sadness is high
    expect(scaleScore(uwe2026, 'absence_of_sadness', 4, fill('sad', [1, 1, 2]))).toBeCloseTo(14 / 3, 12);
    // sleep_1 "I sleep well" 4, sleep_2 "very tired in the morning" 2 → 4
    expect(scaleScore(uwe2026, 'sleep', 4, { sleep_1: 4, sleep_2: 2 })).toBe(4);
    // grade 7: sleep_1 5, sleep_2 1→5, sleep_3 4, sleep_4 3→3, sleep_5 5→1: 18 / 5
    expect(scaleScore(uwe2026, 'sleep', 7, fill('sleep', [5, 1, 4, 3, 5]))).toBe(3.6);
  });

  it('counts invalid values as not answered', () => {
    expect(scaleScore(uwe2026, 'optimism', 4, { opt_1: 5, opt_2: '4', opt_3: 9 })).toBeNull();
    expect(scaleScore(uwe2026, 'optimism', 4, { opt_1: 5, opt_2: 4, opt_3: null })).toBe(4.5);
  });

  it('gives no score to the bullying items (not scored) and throws for an unknown scale', () => {
    const bullied = { bully_physical: 5, bully_verbal: 5, bully_social: 5, bully_online: 5 };
    expect(scaleScore(uwe2026, 'bullying', 7, bullied)).toBeNull();
    expect(() => scaleScore(uwe2026, 'no_such_scale', 7, {})).toThrow(RangeError);
  });
});

describe('scaleCategory', () => {
  it('puts the cut-offs into the upper category', () => {
    expect(scaleCategory(5, cut)).toBe('high');
    expect(scaleCategory(4.0, cut)).toBe('high');
    expect(scaleCategory(3.999, cut)).toBe('medium');
    expect(scaleCategory(3.0, cut)).toBe('medium');
    expect(scaleCategory(2.99, cut)).toBe('low');
    expect(scaleCategory(1, cut)).toBe('low');
    expect(scaleCategory(null, cut)).toBeNull();
  });

  it('on scores from answers: 4, 4, 4 is high; 3, 3, 3 medium; 3, 3, 2 low', () => {
    const cat = (a: number[]) => scaleCategory(scaleScore(uwe2026, 'optimism', 4, fill('opt', a)), cut);
    expect(cat([4, 4, 4])).toBe('high');
    expect(cat([5, 4, 3])).toBe('high');
    expect(cat([3, 3, 3])).toBe('medium');
    expect(cat([4, 4, 3])).toBe('medium');
    expect(cat([3, 3, 2])).toBe('low');
  });

  it('uses the version cut-offs', () => {
    expect(scaleCategory(3.6, { high: 3.5, medium: 2.5 })).toBe('high');
    expect(scaleCategory(2.5, { high: 3.5, medium: 2.5 })).toBe('medium');
  });
});

describe('wellbeingIndex', () => {
  const H: ScaleCategory = 'high';
  const M: ScaleCategory = 'medium';
  const L: ScaleCategory = 'low';
  it('thriving: high on at least four and low on none', () => {
    expect(wellbeingIndex([H, H, H, H, H])).toBe('thriving');
    expect(wellbeingIndex([H, H, M, H, H])).toBe('thriving');
  });
  it('medium: low on none, high on fewer than four', () => {
    expect(wellbeingIndex([H, H, H, M, M])).toBe('medium');
    expect(wellbeingIndex([M, M, M, M, M])).toBe('medium');
  });
  it('low: low on one or more, even with four high', () => {
    expect(wellbeingIndex([H, H, H, H, L])).toBe('low');
    expect(wellbeingIndex([L, L, L, L, L])).toBe('low');
  });
  it('with four scored, decides on those four', () => {
    expect(wellbeingIndex([H, H, H, H, null])).toBe('thriving');
    expect(wellbeingIndex([H, null, H, M, H])).toBe('medium');
    expect(wellbeingIndex([null, H, H, H, L])).toBe('low');
  });
  it('is missing with fewer than four scored, even if one is low', () => {
    expect(wellbeingIndex([H, H, L, null, null])).toBeNull();
    expect(wellbeingIndex([H, H, H, null, null])).toBeNull();
    expect(wellbeingIndex([null, null, null, null, null])).toBeNull();
  });
  it('needs exactly five categories', () => {
    expect(() => wellbeingIndex([H, H, H, H])).toThrow(RangeError);
  });
});

describe('assetsIndex', () => {
  // Grade 4 items of the asset scales: ads_1–2, adh_1–2, adn_1–2, peer_1–2, fr_1–2, sleep_1–2.
  const allHigh = {
    ads_1: 5,
    ads_2: 4,
    adh_1: 4,
    adh_2: 4,
    adn_1: 5,
    adn_2: 5,
    peer_1: 4,
    peer_2: 5,
    fr_1: 5,
    fr_2: 5,
    breakfast: 5,
    sleep_1: 5,
    sleep_2: 1,
    activities: ['sport'],
  };

  it('finds all seven assets', () => {
    const result = assetsIndex(uwe2026, 4, allHigh);
    expect(result.present).toEqual({
      adults_school: true,
      adults_home: true,
      adults_neighbourhood: true,
      peer_belonging: true,
      close_friends: true,
      nutrition_sleep: true,
      organised_activities: true,
    });
    expect(result.count).toBe(7);
    expect(result.band).toBe('4+');
  });

  it('counts a medium scale as absent, and decides nutrition and sleep on both parts', () => {
    const answers = { ...allHigh, ads_1: 4, ads_2: 3, breakfast: 4, activities: ['none'] };
    const result = assetsIndex(uwe2026, 4, answers);
    expect(result.present.adults_school).toBe(false); // 3.5
    expect(result.present.nutrition_sleep).toBe(false); // breakfast on 4 days only
    expect(result.present.organised_activities).toBe(false); // "none"
    expect(result).toMatchObject({ count: 4, band: '4+' });
    expect(assetsIndex(uwe2026, 4, { ...allHigh, sleep_2: 4 }).present.nutrition_sleep).toBe(false); // sleep 3.5
  });

  it('is unknown where the answers do not tell, and then has no count', () => {
    const { breakfast: _b, sleep_2: _s, activities: _a, ...rest } = allHigh;
    const result = assetsIndex(uwe2026, 4, { ...rest, breakfast: 6 });
    expect(result.present.nutrition_sleep).toBeNull(); // breakfast ok, sleep not scoreable
    expect(result.present.organised_activities).toBeNull();
    expect(result).toMatchObject({ count: null, band: null });
    // one false part decides allOf even if the other is unknown
    expect(assetsIndex(uwe2026, 4, { ...rest, breakfast: 2 }).present.nutrition_sleep).toBe(false);
    expect(assetsIndex(uwe2026, 4, { ...allHigh, activities: [] }).present.organised_activities).toBeNull();
    expect(assetsIndex(uwe2026, 4, {}).present).toEqual({
      adults_school: null,
      adults_home: null,
      adults_neighbourhood: null,
      peer_belonging: null,
      close_friends: null,
      nutrition_sleep: null,
      organised_activities: null,
    });
  });

  it('bands counts as 0–1, 2–3, 4+', () => {
    expect([0, 1, 2, 3, 4, 7].map(assetsBand)).toEqual(['0-1', '0-1', '2-3', '2-3', '4+', '4+']);
    const low = { ...allHigh, ads_1: 1, adh_1: 1, adn_1: 1, peer_1: 1, fr_1: 1, breakfast: 0, activities: ['none'] };
    expect(assetsIndex(uwe2026, 4, low)).toMatchObject({ count: 0, band: '0-1' });
    expect(assetsIndex(uwe2026, 4, { ...low, ads_1: 5, adh_1: 5 })).toMatchObject({ count: 2, band: '2-3' });
    expect(assetsIndex(uwe2026, 4, { ...low, ads_1: 5, adh_1: 5, adn_1: 5 })).toMatchObject({ count: 3, band: '2-3' });
    expect(
      assetsIndex(uwe2026, 4, { ...low, ads_1: 5, adh_1: 5, adn_1: 5, activities: ['lessons_education'] }),
    ).toMatchObject({
      count: 4,
      band: '4+',
    });
  });
});

describe('scoreResponse', () => {
  it('bundles scale scores, categories, the Wellbeing Index and the Assets Index', () => {
    const answers = {
      ...fill('opt', [5, 4, 4, 4, 4]), // 4.2 high
      ...fill('hap', [4, 4, 4, 4, 5]), // 4.2 high
      ...fill('se', [4, 4, 4, 4, 2]), // 4.0 high (se_5 reversed)
      ...fill('sad', [2, 2, 3, 2, 2]), // reversed 4,4,3,4,4 → 3.8 medium
      ...fill('hea', [5, 5, 4, 4, undefined]), // 4.5 high
    };
    const result = scoreResponse(uwe2026, 9, answers);
    expect(result.scales.optimism).toEqual({ score: 4.2, category: 'high' });
    expect(result.scales.self_esteem).toEqual({ score: 4, category: 'high' });
    expect(result.scales.absence_of_sadness).toEqual({ score: 3.8, category: 'medium' });
    expect(result.scales.general_health).toEqual({ score: 4.5, category: 'high' });
    expect(result.scales.empathy).toEqual({ score: null, category: null });
    expect(result.wellbeing).toBe('thriving');
    expect(result.assets.count).toBeNull();
    expect('bullying' in result.scales).toBe(false);
    expect(Object.keys(result.scales).length).toBe(uwe2026.catalogue.scales.filter((s) => s.scored).length);

    const sadder = scoreResponse(uwe2026, 9, { ...answers, ...fill('sad', [4, 4, 3, 4, 4]) }); // 2.2 low
    expect(sadder.wellbeing).toBe('low');
    // general health not scoreable (1 of 5 answered): decided on the other four
    const noHealth = { ...answers, hea_1: undefined, hea_2: undefined, hea_3: undefined };
    expect(scoreResponse(uwe2026, 9, noHealth).scales.general_health?.score).toBeNull();
    expect(scoreResponse(uwe2026, 9, noHealth).wellbeing).toBe('medium'); // 3 high, 1 medium
    const noSadness = { ...answers, sad_1: undefined, sad_2: undefined, sad_3: undefined, sad_4: undefined };
    expect(scoreResponse(uwe2026, 9, noSadness).wellbeing).toBe('thriving'); // 4 scored, all high
    const { opt_1: _1, opt_2: _2, ...noOptimism } = answers;
    expect(scoreResponse(uwe2026, 9, { ...noOptimism, hea_1: undefined, hea_2: undefined }).wellbeing).toBeNull();
  });

  it('uses the cut-offs of the version', () => {
    const lenient: InstrumentVersion = { ...uwe2026, cutoffs: { high: 3.5, medium: 2.0 } };
    const answers = fill('opt', [4, 4, 3]); // 3.67
    expect(scoreResponse(uwe2026, 4, answers).scales.optimism?.category).toBe('medium');
    expect(scoreResponse(lenient, 4, answers).scales.optimism?.category).toBe('high');
  });
});
