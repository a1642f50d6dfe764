import type { PupilInstrument } from '@uwe/schema';
import { openDB } from 'idb';

/**
 * The instrument is kept on the tablet too (it never changes for an id and form), so a reload
 * without network shows the survey even before the service worker has taken over.
 */
const db = () =>
  openDB('uwe-instruments', 1, {
    upgrade(d) {
      d.createObjectStore('forms');
    },
  });

export async function cachedInstrument(id: string, form: string): Promise<PupilInstrument | undefined> {
  try {
    return (await (await db()).get('forms', `${id}/${form}`)) as PupilInstrument | undefined;
  } catch {
    return undefined;
  }
}

export async function keepInstrument(instrument: PupilInstrument): Promise<void> {
  await (await db()).put('forms', instrument, `${instrument.id}/${instrument.form}`);
}
