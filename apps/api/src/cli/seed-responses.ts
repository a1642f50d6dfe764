// `pnpm seed:responses [--responses N] [--wave <id>] [--seed S]`: fills a wave with finished
// synthetic responses, against DATABASE_URL or the embedded database (migrated first).
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import type { DB } from '../db/types.ts';
import { DEFAULT_SEED, MAX_SYNTHETIC_RESPONSES, seedSyntheticResponses } from '../seed/synthetic-responses.ts';
import { openCliDatabase } from './database.ts';

const USAGE = `Usage: pnpm seed:responses [--responses N] [--wave <wave id>] [--seed S]
  --responses N   finished synthetic responses to insert (default 2000, at most ${MAX_SYNTHETIC_RESPONSES.toLocaleString('en')})
  --wave <id>     the wave to fill (default: the most recent wave in the field or closed)
  --seed S        seed of the random answers, a whole number (default ${DEFAULT_SEED}); same seed, same answers`;

interface SeedArgs {
  responses: number;
  waveId: string | undefined;
  seed: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses the command line; returns a message for anything it cannot use. */
function parseSeedArgs(argv: readonly string[]): SeedArgs | { error: string } | { help: true } {
  let values: { responses?: string; wave?: string; seed?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        responses: { type: 'string', short: 'n' },
        wave: { type: 'string', short: 'w' },
        seed: { type: 'string', short: 's' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
  if (values.help) return { help: true };
  const rawResponses = values.responses ?? '2000';
  if (!/^\d+$/.test(rawResponses)) return { error: `--responses must be a whole number, got "${rawResponses}"` };
  const responses = Number(rawResponses);
  if (responses < 1 || responses > MAX_SYNTHETIC_RESPONSES) {
    return { error: `--responses must be between 1 and ${MAX_SYNTHETIC_RESPONSES}, got ${responses}` };
  }
  const rawSeed = values.seed ?? String(DEFAULT_SEED);
  if (!/^\d{1,10}$/.test(rawSeed) || Number(rawSeed) > 0xffffffff) {
    return { error: `--seed must be a whole number from 0 to ${0xffffffff}, got "${rawSeed}"` };
  }
  if (values.wave !== undefined && !UUID.test(values.wave)) {
    return { error: `--wave must be a wave id (a uuid), got "${values.wave}"` };
  }
  return { responses, waveId: values.wave, seed: Number(rawSeed) };
}

/** The wave to fill: the given one, or the most recent wave that is in the field or closed. */
async function resolveWave(db: Kysely<DB>, waveId: string | undefined) {
  let q = db.selectFrom('wave').select(['id', 'name', 'status', 'grades', 'starts_on', 'ends_on']);
  q = waveId
    ? q.where('id', '=', waveId)
    : q.where('status', 'in', ['in_field', 'closed']).orderBy('starts_on', 'desc').orderBy('created_at', 'desc');
  return q.executeTakeFirst();
}

function progressPrinter(): (done: number, total: number) => void {
  let lastTenth = -1;
  return (done, total) => {
    const tenth = Math.floor((done / total) * 10);
    if (tenth === lastTenth && done !== total) return;
    lastTenth = tenth;
    const pct = Math.floor((done / total) * 100);
    console.log(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} responses (${pct} %)`);
  };
}

async function main(): Promise<number> {
  const args = parseSeedArgs(process.argv.slice(2));
  if ('help' in args) {
    console.log(USAGE);
    return 0;
  }
  if ('error' in args) {
    console.error(`${args.error}\n${USAGE}`);
    return 1;
  }
  let opened: Awaited<ReturnType<typeof openCliDatabase>>;
  try {
    opened = await openCliDatabase();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  }
  if (!opened) return 1;
  const { db, applied } = opened;
  try {
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
    const wave = await resolveWave(db, args.waveId);
    if (!wave) {
      console.error(
        args.waveId
          ? `There is no wave with id ${args.waveId}.`
          : 'There is no wave in the field or closed. Create one (or start the demo city), or pass --wave <id>.',
      );
      return 1;
    }
    console.log(
      `Seeding ${args.responses.toLocaleString('en')} synthetic responses into wave "${wave.name}" ` +
        `(${wave.id}, grades ${wave.grades.join(', ')}, ${wave.starts_on} to ${wave.ends_on}), seed ${args.seed} …`,
    );
    const started = performance.now();
    const result = await seedSyntheticResponses(db, {
      waveId: wave.id,
      responses: args.responses,
      seed: args.seed,
      onProgress: progressPrinter(),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Done: ${result.inserted.toLocaleString('en')} finished responses in ${result.sessions.toLocaleString('en')} ` +
        `closed class sessions, ${seconds.toFixed(1)} s.`,
    );
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  } finally {
    await opened.close();
  }
}

main().then((code) => process.exit(code));
