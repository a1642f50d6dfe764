/**
 * Free text for admins (DISCLOSURE.md rule 10: never in a report or an export). City-wide and
 * shuffled, without school, class or date, so that a text cannot be traced back to a classroom.
 */
import { createHash, randomInt } from 'node:crypto';
import type { FreeTexts } from '@uwe/schema';
import type { Kysely } from 'kysely';
import { findWave } from '../admin/admin.repository.ts';
import { writeAudit } from '../audit/audit.repository.ts';
import type { DB } from '../db/types.ts';
import { findInstrument } from '../instruments/instruments.service.ts';
import { notFound } from '../lib/errors.ts';
import * as repo from './free-texts.repository.ts';

/**
 * A text's handle for deleting it: a hash of the wave, the seat and the item. It names nothing (seat
 * ids are random and never shown) and links no two texts of one child.
 */
const textId = (waveId: string, seatId: string, item: string) =>
  createHash('sha256').update(`${waveId}|${seatId}|${item}`).digest('base64url').slice(0, 22);

async function answersOf(db: Kysely<DB>, waveId: string) {
  const wave = await findWave(db, waveId);
  if (!wave) throw notFound('Diese Befragungsrunde gibt es nicht.');
  const instrument = await findInstrument(db, wave.instrument_id);
  const itemIds = instrument?.catalogue.items.filter((i) => i.answerScale === 'text').map((i) => i.id) ?? [];
  return repo.freeTextAnswers(db, waveId, itemIds);
}

export async function freeTexts(db: Kysely<DB>, waveId: string): Promise<FreeTexts> {
  const texts = (await answersOf(db, waveId)).map((t) => ({
    id: textId(waveId, t.seat_id, t.item),
    item: t.item,
    text: t.text,
  }));
  // Fisher–Yates with a CSPRNG: the order says nothing about the order answers were stored in.
  for (let i = texts.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [texts[i], texts[j]] = [texts[j]!, texts[i]!];
  }
  return { waveId, texts };
}

/**
 * Deletes one free-text answer, e.g. one that names a child or a teacher. The rest of the child's
 * answers stay; the audit log records that a text was deleted, never the text or whose it was.
 */
export async function deleteFreeText(db: Kysely<DB>, actorId: string, waveId: string, id: string) {
  const found = (await answersOf(db, waveId)).find((t) => textId(waveId, t.seat_id, t.item) === id);
  if (!found) throw notFound('Diesen Text gibt es nicht (mehr).');
  await db.transaction().execute(async (trx) => {
    await repo.removeAnswer(trx, found.seat_id, found.item);
    await writeAudit(trx, {
      actorId,
      action: 'delete',
      entity: 'free_text',
      entityId: null,
      details: { item: found.item },
    });
  });
}
