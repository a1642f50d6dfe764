/**
 * The seven assets of the Ressourcenindex for "uwe-2026". A connectedness asset is present when
 * its scale is 'high' (score ≥ the version's high cut-off: on average the child agrees that such
 * adults or friends are there), the same threshold the Wellbeing Index uses.
 */
import type { AssetDefinition } from '../instrument.ts';

export const assets: AssetDefinition[] = [
  // Adults at school who care, listen and can be approached.
  { id: 'adults_school', rule: { kind: 'scaleCategory', scale: 'adults_school', category: 'high' } },
  // Adults at home who care, listen and help.
  { id: 'adults_home', rule: { kind: 'scaleCategory', scale: 'adults_home', category: 'high' } },
  // Adults in the neighbourhood who care and can be asked for help.
  { id: 'adults_neighbourhood', rule: { kind: 'scaleCategory', scale: 'adults_neighbourhood', category: 'high' } },
  // Belonging to a group of peers.
  { id: 'peer_belonging', rule: { kind: 'scaleCategory', scale: 'peer_belonging', category: 'high' } },
  // At least one close, trusted friend.
  { id: 'close_friends', rule: { kind: 'scaleCategory', scale: 'close_friends', category: 'high' } },
  // Breakfast on at least five days of a normal week (every school day) and sleeping well
  // (sleep scale high, the tiredness items reverse-coded).
  {
    id: 'nutrition_sleep',
    rule: {
      kind: 'allOf',
      rules: [
        { kind: 'itemAtLeast', itemId: 'breakfast', min: 5 },
        { kind: 'scaleCategory', scale: 'sleep', category: 'high' },
      ],
    },
  },
  // Takes part regularly in at least one organised activity; "Nichts davon" alone is no asset.
  {
    id: 'organised_activities',
    rule: {
      kind: 'multiAny',
      itemId: 'activities',
      codes: ['sport', 'music_arts', 'clubs_youth_groups', 'lessons_education'],
    },
  },
];
