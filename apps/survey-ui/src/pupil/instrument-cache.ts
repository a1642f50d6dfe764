import type { PupilInstrument, PupilPlaces } from '@uwe/schema';
import { openDB } from 'idb';

/**
 * The instrument is kept on the tablet too (it never changes for an id, form and language), so a
 * reload without network shows the survey even before the service worker has taken over.
 */
const db = () =>
  openDB('uwe-instruments', 2, {
    upgrade(d) {
      // Version 1 kept each form in every language; those entries are not read any more.
      if (d.objectStoreNames.contains('forms')) d.deleteObjectStore('forms');
      d.createObjectStore('forms');
    },
  });

const keyOf = (id: string, form: string, language: string) => `${id}/${form}/${language}`;

export async function cachedInstrument(
  id: string,
  form: string,
  language: string,
): Promise<PupilInstrument | undefined> {
  try {
    return (await (await db()).get('forms', keyOf(id, form, language))) as PupilInstrument | undefined;
  } catch {
    return undefined;
  }
}

export async function keepInstrument(instrument: PupilInstrument, language: string): Promise<void> {
  await (await db()).put('forms', instrument, keyOf(instrument.id, instrument.form, language));
}

/** The street list, kept like the form so "Wo wohnst du?" works without network. */
export async function cachedPlaces(): Promise<PupilPlaces | undefined> {
  try {
    return (await (await db()).get('forms', 'places')) as PupilPlaces | undefined;
  } catch {
    return undefined;
  }
}

export async function keepPlaces(places: PupilPlaces): Promise<void> {
  await (await db()).put('forms', places, 'places');
}
