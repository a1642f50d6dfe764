// The baseline: a bare Fastify app that upserts the same JSON into a table shaped like `response`,
// with the same statement shape and pool size as the platform, and nothing else (no auth, no schema
// validation, no answer checks). Env: DATABASE_URL, PORT, SESSION_ID, WAVE_ID, SCHOOL_ID.
// fastify and pg are loaded from apps/api, so the baseline runs the platform's very versions.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../apps/api/package.json', import.meta.url));
const Fastify = require('fastify');
const pg = require('pg') as typeof import('pg');

const { DATABASE_URL, PORT, SESSION_ID, WAVE_ID, SCHOOL_ID } = process.env;
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 20, connectionTimeoutMillis: 5_000 });
pool.on('error', () => {});

// Same columns, defaults, checks, primary key and jsonb type as `response` (no foreign keys).
await pool.query('drop table if exists bench_response');
await pool.query('create table bench_response (like response including all)');

const UPSERT = `insert into bench_response
  (seat_id, session_id, wave_id, school_id, grade, language, answers, page, status, revision, started_on, finished_on)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, current_date, $11)
  on conflict (seat_id) do update set
    language = excluded.language, answers = excluded.answers, page = excluded.page,
    status = excluded.status, revision = excluded.revision, finished_on = excluded.finished_on
  where bench_response.status = 'in_progress' and bench_response.revision < excluded.revision
  returning status, revision`;

/** The body the platform's save takes (PUT /api/pupil/response). */
interface SaveBody {
  language: string;
  answers: unknown;
  page: number;
  revision: number;
  complete: boolean;
}

const app = Fastify({ logger: false, bodyLimit: 256 * 1024 });
app.put('/baseline/:seat', async (req: { params: { seat: string }; body: SaveBody }) => {
  const b = req.body;
  const { rows } = await pool.query(UPSERT, [
    req.params.seat,
    SESSION_ID,
    WAVE_ID,
    SCHOOL_ID,
    7,
    b.language,
    JSON.stringify(b.answers),
    b.page,
    b.complete ? 'finished' : 'in_progress',
    b.revision,
    b.complete ? new Date().toISOString().slice(0, 10) : null,
  ]);
  const row = rows[0];
  return row
    ? { status: row.status, revision: row.revision, applied: true }
    : { status: 'in_progress', applied: false };
});

await app.listen({ port: Number(PORT), host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const stop = async () => {
  await app.close().catch(() => {});
  await pool.end().catch(() => {});
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
