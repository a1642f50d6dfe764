/**
 * The job handlers: what the worker process runs (src/worker.ts), or an API process itself when
 * configured so (tests). Builds and export files each run one at a time per worker.
 */
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { DB } from '../db/types.ts';
import { writeExportFiles } from '../reports/exports.ts';
import { runBuildJob } from '../reports/reports.service.ts';
import { type BuildJob, type ExportsJob, openQueue, QUEUES, sendExports } from './queue.ts';

export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface WorkerOptions {
  log: WorkerLog;
  /** How often an idle worker looks for jobs (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
}

export interface RunningWorker {
  boss: PgBoss;
  stop(): Promise<void>;
}

export async function startWorker(db: Kysely<DB>, opts: WorkerOptions): Promise<RunningWorker> {
  const { log } = opts;
  const boss = await openQueue(db, {
    supervise: true,
    onError: (err) => log.warn({ err: err.message }, 'job queue error'),
  });
  const work = { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 };
  await boss.work<BuildJob>(QUEUES.build, work, async ([job]) => {
    if (!job) return;
    const started = Date.now();
    const result = await runBuildJob(db, job.data);
    log.info({ release: job.data.releaseId, result, ms: Date.now() - started }, 'release build');
    // The files of a frozen release are written once, right away, so downloads are ready.
    if (result === 'built') await sendExports(db, { releaseId: job.data.releaseId });
  });
  await boss.work<ExportsJob>(QUEUES.exports, work, async ([job]) => {
    if (!job) return;
    const started = Date.now();
    const written = await writeExportFiles(db, job.data.releaseId);
    log.info({ release: job.data.releaseId, written, ms: Date.now() - started }, 'export files');
  });
  return {
    boss,
    async stop() {
      // Running jobs get a moment to finish; one cut off is taken up again by the next worker.
      await boss.stop({ graceful: true, wait: true, timeout: 20_000 });
    },
  };
}
