/**
 * Free text for admins (DISCLOSURE.md rule 10: never in a report or an export). City-wide and
 * shuffled, without school, class or date, so that a text cannot be traced back to a classroom.
 */
import { randomInt } from 'node:crypto';
import type { FreeTexts } from '@uwe/schema';
import type { Kysely } from 'kysely';
import { findWave } from '../admin/admin.repository.ts';
import type { DB } from '../db/types.ts';
import { findInstrument } from '../instruments/instruments.service.ts';
import { notFound } from '../lib/errors.ts';
import * as repo from './free-texts.repository.ts';

export async function freeTexts(db: Kysely<DB>, waveId: string): Promise<FreeTexts> {
  const wave = await findWave(db, waveId);
  if (!wave) throw notFound('Diese Befragungsrunde gibt es nicht.');
  const instrument = await findInstrument(db, wave.instrument_id);
  const itemIds = instrument?.catalogue.items.filter((i) => i.answerScale === 'text').map((i) => i.id) ?? [];
  const texts = (await repo.freeTextAnswers(db, waveId, itemIds)).map((t) => ({ item: t.item, text: t.text }));
  // Fisher–Yates with a CSPRNG: the order says nothing about the order answers were stored in.
  for (let i = texts.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [texts[i], texts[j]] = [texts[j]!, texts[i]!];
  }
  return { waveId, texts };
}
