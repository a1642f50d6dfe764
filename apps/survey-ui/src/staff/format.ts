import type { Role } from '@uwe/schema';

export const ROLE_NAMES: Record<Role, string> = {
  admin: 'Administration',
  monitor: 'Monitoring',
  teacher: 'Lehrkraft',
};

export const SCHOOL_TYPES: Record<string, string> = {
  grundschule: 'Grundschule',
  hauptschule: 'Hauptschule',
  realschule: 'Realschule',
  gymnasium: 'Gymnasium',
  gesamtschule: 'Gesamtschule',
  sekundarschule: 'Sekundarschule',
  foerderschule: 'Förderschule',
  sonstige: 'Sonstige',
};

export const WAVE_STATUS: Record<string, string> = {
  planned: 'geplant',
  in_field: 'im Feld',
  closed: 'abgeschlossen',
  released: 'freigegeben',
};

const dateTime = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium' });

export const formatDateTime = (iso: string) => dateTime.format(new Date(iso));
/** A YYYY-MM-DD date, shown without a time-zone shift. */
export const formatDate = (ymd: string) => dateOnly.format(new Date(`${ymd}T12:00:00`));
