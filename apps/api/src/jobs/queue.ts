/**
 * The job queue, kept in PostgreSQL by pg-boss: API processes only enqueue and read, the worker
 * process (src/worker.ts) runs the heavy work (release builds, export files). pg-boss's tables live
 * in their own schema, installed with the migrations by the owner of the database; the API and the
 * worker use them with the restricted request role.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import PgBoss from 'pg-boss';

export const QUEUE_SCHEMA = 'pgboss';

export const QUEUES = {
  /** Builds one release (its id is the job id, so the release row and its job can't drift apart). */
  build: 'release-build',
  /** Writes the export files of one ready release (one job per release at a time). */
  exports: 'release-exports',
} as const;

export interface BuildJob {
  releaseId: string;
  waveId: string;
  settings: {
    config?: Record<string, unknown>;
    graceHours?: number;
    makeCurrent?: boolean;
  };
}

export interface ExportsJob {
  releaseId: string;
}

const QUEUE_OPTIONS: Record<(typeof QUEUES)[keyof typeof QUEUES], Omit<PgBoss.Queue, 'name'>> = {
  // A build that crashed its worker is tried once more (the handler itself marks failed builds).
  [QUEUES.build]: { policy: 'standard', retryLimit: 1, retryDelay: 5, expireInSeconds: 30 * 60 },
  // One waiting and one running export job per release at most (singletonKey = release id).
  [QUEUES.exports]: { policy: 'stately', retryLimit: 2, retryDelay: 10, expireInSeconds: 30 * 60 },
};

// biome-ignore lint/suspicious/noExplicitAny: pg-boss runs its own SQL on any database type
type AnyDb = Kysely<any>;

/** pg-boss on a Kysely connection (a pool or a transaction): one pool per process, and a job can be
 * enqueued in the same transaction as the row it belongs to. */
export function bossDb(db: AnyDb): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      // biome-ignore lint/suspicious/noExplicitAny: pg-boss reads its own columns
      return { rows: result.rows as any[] };
    },
  };
}

/**
 * Installs or upgrades pg-boss's schema and creates the queues. Runs with the migrations, as the
 * owner of the database (pg-boss's own advisory lock lets several processes start at once).
 */
export async function installQueues(owner: AnyDb): Promise<void> {
  const boss = new PgBoss({ db: bossDb(owner), schema: QUEUE_SCHEMA, supervise: false, schedule: false });
  boss.on('error', () => {});
  await boss.start();
  try {
    for (const [name, options] of Object.entries(QUEUE_OPTIONS)) {
      if (await boss.getQueue(name)) await boss.updateQueue(name, { name, ...options });
      else await boss.createQueue(name, { name, ...options });
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}

export interface QueueOptions {
  /** The worker maintains the queue (expiry, archive); API processes don't. */
  supervise?: boolean;
  /** How often an idle worker looks for work (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
  onError?: (err: Error) => void;
}

/** A started pg-boss on the process's pool. */
export async function openQueue(db: AnyDb, opts: QueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    db: bossDb(db),
    schema: QUEUE_SCHEMA,
    migrate: false,
    supervise: opts.supervise ?? false,
    schedule: false,
  });
  boss.on('error', (err) => opts.onError?.(err));
  await boss.start();
  return boss;
}

/** Enqueues a build in the caller's transaction: the release row and its job exist together or not at all. */
export async function sendBuild(trx: AnyDb, job: BuildJob): Promise<void> {
  await sendWith(trx, QUEUES.build, job, { id: job.releaseId });
}

/** Enqueues writing a release's export files; a job already waiting for the release is enough. */
export async function sendExports(db: AnyDb, job: ExportsJob): Promise<void> {
  await sendWith(db, QUEUES.exports, job, { singletonKey: job.releaseId });
}

async function sendWith(db: AnyDb, name: string, data: object, options: PgBoss.SendOptions) {
  // A pg-boss instance that is never started: send() only needs the queue's row and one insert,
  // run on the given connection.
  const boss = new PgBoss({ db: bossDb(db), schema: QUEUE_SCHEMA, migrate: false, supervise: false, schedule: false });
  await boss.send(name, data, { ...options, db: bossDb(db) });
}
