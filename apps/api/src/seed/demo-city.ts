import { formatCode } from '@uwe/schema';
import type { Kysely } from 'kysely';
import type { DB, SchoolType } from '../db/types.ts';
import { hashPassword } from '../lib/passwords.ts';
import { findStreetList } from '../places/places.repository.ts';
import { importStreets } from '../places/places.service.ts';
import { findUserByEmail, insertUser, setUserSchools } from '../users/users.repository.ts';

/** A fictional city, clearly marked as such; none of it describes a real place. */
export const DEMO_CITY = 'Musterstadt (Demo)';
export const DEMO_PASSWORD = 'uwe-demo-2026';
/** Open class sessions to try the pupil side with (codes are unique for all time, so fixed ones are safe). */
export const DEMO_SESSIONS = [
  { code: 'UWE247', school: 'Gesamtschule Nord', grade: 7, classLabel: 'Demo 7a' },
  { code: 'UWE4GS', school: 'Grundschule Sonnenschein', grade: 4, classLabel: 'Demo 4a' },
] as const;

export const DEMO_ACCOUNTS = {
  admin: 'admin@musterstadt.example',
  monitor: 'monitoring@musterstadt.example',
  teacher: 'lehrkraft@musterstadt.example',
} as const;

const DISTRICTS = ['Nord', 'Ost', 'Süd', 'West'] as const;
const AREAS = [
  'Am Stadtpark',
  'Kanalviertel',
  'Zechenhof', // Nord
  'Lindenhöhe',
  'Hafenkamp',
  'Bergfeld', // Ost
  'Mühlenbach',
  'Altstadt-Süd',
  'Wiesengrund', // Süd
  'Eichenring',
  'Schlossgarten',
  'Westerholz', // West
];

/**
 * The demo city's street list for "Wo wohnst du?" (fictional streets, three to four per Sozialraum,
 * one split by house numbers): `strasse;hausnummern;sozialraum`, as an admin imports it.
 */
const STREETS = [
  ['Parkallee', 'Rosenweg', 'Am Stadtpark'],
  ['Kanalstraße', 'Schleusenweg', 'Brückenstraße'],
  ['Zechenstraße', 'Förderturmweg', 'Kohlenweg'],
  ['Lindenstraße', 'Lindenhöhe', 'Ahornweg'],
  ['Hafenstraße', 'Kaiweg', 'Ankerplatz'],
  ['Bergstraße', 'Feldweg', 'Am Hang'],
  ['Mühlenstraße', 'Bachweg', 'Mühlenteich'],
  ['Marktstraße', 'Kirchplatz', 'Alte Gasse'],
  ['Wiesenstraße', 'Auenweg', 'Kleefeld'],
  ['Eichenring', 'Buchenweg', 'Eschenallee'],
  ['Schlossstraße', 'Gartenweg', 'Am Schlosspark'],
  ['Westerholzer Straße', 'Tannenweg', 'Försterweg'],
];
const DEMO_STREET_CSV = [
  'strasse;hausnummern;sozialraum',
  ...STREETS.flatMap((names, i) => names.map((n) => `${n};;SR${String(i + 1).padStart(2, '0')}`)),
  // A long street between two quarters: the child picks the side of its house number.
  'Bahnhofstraße;1-99 ungerade;SR07',
  'Bahnhofstraße;2-100 gerade;SR08',
].join('\n');

/** Deterministic pseudo-random numbers, so every demo city looks the same. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 12 Sozialräume as a 4 × 3 grid of polygons whose shared corners are jittered, so neighbours
 * share their boundary exactly (as real statistical districts do) but nothing looks like a grid.
 */
export function demoGeometries(): { type: 'Polygon'; coordinates: number[][][] }[] {
  const rand = rng(2026);
  const cols = 4;
  const rows = 3;
  const lon0 = 7.1;
  const lat0 = 51.5;
  const dLon = 0.045;
  const dLat = 0.03;
  const corner: number[][][] = [];
  for (let r = 0; r <= rows; r++) {
    corner[r] = [];
    for (let c = 0; c <= cols; c++) {
      const inner = r > 0 && r < rows && c > 0 && c < cols;
      const jx = inner ? (rand() - 0.5) * dLon * 0.5 : 0;
      const jy = inner ? (rand() - 0.5) * dLat * 0.5 : 0;
      corner[r]![c] = [round(lon0 + c * dLon + jx), round(lat0 - r * dLat + jy)];
    }
  }
  const polys: { type: 'Polygon'; coordinates: number[][][] }[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const ring = [corner[r]![c]!, corner[r]![c + 1]!, corner[r + 1]![c + 1]!, corner[r + 1]![c]!, corner[r]![c]!];
      polys.push({ type: 'Polygon', coordinates: [ring] });
    }
  }
  return polys;
}

const round = (n: number) => Math.round(n * 1e5) / 1e5;

const PRIMARY = [
  'Sonnenschein',
  'Regenbogen',
  'Am Wasserturm',
  'Kastanienweg',
  'Pusteblume',
  'Am Hügel',
  'Lerchenfeld',
  'Brückenschule',
  'Am Markt',
  'Fuchsbau',
  'Kleeblatt',
  'Sternschnuppe',
  'Apfelbaum',
  'Am Bach',
  'Windmühle',
  'Lindenblatt',
  'Spatzennest',
  // Three primary schools in every Sozialraum, so every area can be reported on its own (a
  // Sozialraum needs at least three schools with data, DISCLOSURE.md rule 2).
  'Eulennest',
  'Am Rosengarten',
  'Sonnenblume',
  'Am Kanal',
  'Birkenhain',
  'Zauberwald',
  'Waldwiese',
  'Am Schlossberg',
  'Mosaikschule',
  'Löwenzahn',
  'Im Grünen',
  'Am Turm',
  'Buntspecht',
  'Schatzkiste',
  'Kunterbunt',
  'Wiesenweg',
  'Am Lindenplatz',
  'Kiefernweg',
  'Seepferdchen',
];
const SECONDARY: [string, SchoolType][] = [
  ['Gesamtschule Nord', 'gesamtschule'],
  ['Gymnasium am Park', 'gymnasium'],
  ['Realschule Ost', 'realschule'],
  ['Sekundarschule Hafen', 'sekundarschule'],
  ['Gesamtschule Süd', 'gesamtschule'],
  ['Gymnasium Altstadt', 'gymnasium'],
  ['Realschule West', 'realschule'],
  ['Gesamtschule Westerholz', 'gesamtschule'],
];

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Creates the demo city once; later starts only print the demo logins again. */
export async function seedDemoCity(db: Kysely<DB>): Promise<string[]> {
  const existing = await findUserByEmail(db, DEMO_ACCOUNTS.admin);
  if (!existing) {
    await db.transaction().execute(async (trx) => {
      const geometries = demoGeometries();
      const areas = await trx
        .insertInto('sozialraum')
        .values(
          AREAS.map((name, i) => ({
            name,
            code: `SR${String(i + 1).padStart(2, '0')}`,
            district: DISTRICTS[Math.floor(i / 3)]!,
            geometry: JSON.stringify(geometries[i]),
          })),
        )
        .returning(['id', 'code'])
        .execute();
      const schools = [
        ...PRIMARY.map((n, i) => ({
          name: `Grundschule ${n}`,
          type: 'grundschule' as SchoolType,
          area: i % areas.length,
        })),
        ...SECONDARY.map(([name, type], i) => ({ name, type, area: (i * 3 + 1) % areas.length })),
      ];
      const schoolRows = await trx
        .insertInto('school')
        .values(schools.map((s) => ({ name: s.name, type: s.type, sozialraum_id: areas[s.area]!.id })))
        .returning(['id', 'name'])
        .execute();
      const today = new Date();
      const wave = await trx
        .insertInto('wave')
        .values({
          name: 'UWE 2026 (Demo)',
          // The version that also asks where a child lives, so the demo has both geographies.
          instrument_id: 'uwe-2026-r2',
          grades: [4, 7],
          starts_on: isoDate(new Date(today.getTime() - 7 * 86_400_000)),
          ends_on: isoDate(new Date(today.getTime() + 90 * 86_400_000)),
          status: 'in_field',
        })
        .returning(['id', 'ends_on'])
        .executeTakeFirstOrThrow();
      const hash = await hashPassword(DEMO_PASSWORD);
      await insertUser(trx, {
        email: DEMO_ACCOUNTS.admin,
        password_hash: hash,
        role: 'admin',
        display_name: 'Demo-Admin',
      });
      await insertUser(trx, {
        email: DEMO_ACCOUNTS.monitor,
        password_hash: hash,
        role: 'monitor',
        display_name: 'Demo-Monitoring',
      });
      const teacher = await insertUser(trx, {
        email: DEMO_ACCOUNTS.teacher,
        password_hash: hash,
        role: 'teacher',
        display_name: 'Demo-Lehrkraft',
      });
      const teacherSchools = schoolRows.filter(
        (s) => s.name === 'Grundschule Sonnenschein' || s.name === 'Gesamtschule Nord',
      );
      await setUserSchools(
        trx,
        teacher.id,
        teacherSchools.map((s) => s.id),
      );
      await trx
        .insertInto('survey_session')
        .values(
          DEMO_SESSIONS.map((d) => ({
            wave_id: wave.id,
            school_id: schoolRows.find((s) => s.name === d.school)!.id,
            grade: d.grade,
            class_label: d.classLabel,
            expected_pupils: 40,
            code: d.code,
            opened_by: teacher.id,
            // Open for the whole demo field period, so the codes keep working.
            closes_at: new Date(`${wave.ends_on}T23:59:59Z`),
          })),
        )
        .execute();
    });
  }
  if (!(await findStreetList(db))) {
    const admin = await findUserByEmail(db, DEMO_ACCOUNTS.admin);
    if (admin) await importStreets(db, admin.id, DEMO_STREET_CSV, 'Musterstadt', false);
  }
  return [
    `Demo city "${DEMO_CITY}" (fictional). Demo logins, password "${DEMO_PASSWORD}":`,
    `  Admin:       ${DEMO_ACCOUNTS.admin}`,
    `  Monitoring:  ${DEMO_ACCOUNTS.monitor}`,
    `  Lehrkraft:   ${DEMO_ACCOUNTS.teacher}  (Grundschule Sonnenschein, Gesamtschule Nord)`,
    `Demo class codes for the pupil page: ${DEMO_SESSIONS.map((d) => `${formatCode(d.code)} (grade ${d.grade})`).join(', ')}`,
  ];
}
