import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomHex } from '../common/crypto/crypto';
import { ROWS_PURGED_EVENT, type RowsPurgedEvent } from '../common/events/rows-purged.event';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RUN_MODE, type RunMode } from '../config/run-mode';
import type { PurgeBatches, TablePurge } from './batched-delete';
import { JobLeaseRepository } from './job-lease.repository';

/** What one purge run did, by table name. */
export type PurgeReport = Record<string, TablePurge>;

/** Long enough for any one batch; the holder renews it after each, so a stalled instance loses it to another. */
const PURGE_LEASE_MS = 60_000;
/** Batches per table per run: 100 000 rows at the default batch size. */
export const PURGE_MAX_BATCHES = 100;
/**
 * The pause between two batches, in which requests have the database to themselves. Measured: selecting and deleting
 * 1000 expired access tokens takes about 10 ms on SQLite (which blocks the event loop meanwhile) and 15-20 ms on
 * MariaDB, so at the default batch size a purge holds the database for at most a fifth of its run.
 */
const PAUSE_MS = 50;

/**
 * Runs each module's purge of dead rows (DESIGN §12) on `PURGE_SCHEDULE`, on one instance at a time: a run starts
 * only with the job's lease, renews it after every batch and stops when that fails. It logs one line per run with
 * the rows deleted per table, and publishes them for the metrics.
 */
@Injectable()
export class ScheduledPurge implements BeforeApplicationShutdown {
  private readonly logger = new Logger(ScheduledPurge.name);
  private readonly holder = `${hostname()}/${process.pid}/${randomHex(4)}`;
  private readonly running = new Map<string, Promise<PurgeReport | undefined>>();
  private stopping = false;

  constructor(
    private readonly leases: JobLeaseRepository,
    private readonly scheduler: SchedulerRegistry,
    private readonly events: EventEmitter2,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUN_MODE) private readonly mode: RunMode = 'service',
  ) {}

  /** Runs `run` on `PURGE_SCHEDULE` (never when it is `off`, nor in an operator command); the scheduler stops it at shutdown. */
  schedule(job: string, run: () => Promise<unknown>): void {
    const { schedule } = this.config.retention;
    if (schedule === undefined || this.mode === 'command') {
      return;
    }
    const onTick = (): void => {
      run().catch((error: unknown) => this.logger.error({ err: error, job }, 'purge run failed'));
    };
    this.scheduler.addCronJob(job, CronJob.from({ cronTime: schedule, onTick, start: true }));
  }

  /**
   * One run of `job` now, if this instance gets its lease and is not already running it; undefined otherwise.
   * `purge` deletes what is dead in each of its tables within the batches it is given.
   */
  async run(job: string, purge: (batches: PurgeBatches) => Promise<PurgeReport>): Promise<PurgeReport | undefined> {
    if (this.stopping || this.running.has(job)) {
      return undefined;
    }
    const run = this.leased(job, purge);
    this.running.set(job, run);
    try {
      return await run;
    } finally {
      this.running.delete(job);
    }
  }

  /** No new run, and the runs in flight stop after their current batch, before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.running.values());
  }

  private async leased(
    job: string,
    purge: (batches: PurgeBatches) => Promise<PurgeReport>,
  ): Promise<PurgeReport | undefined> {
    const now = Date.now();
    if (!(await this.leases.acquire(job, this.holder, now, now + PURGE_LEASE_MS))) {
      this.logger.debug({ job }, 'purge skipped: another instance holds the lease');
      return undefined;
    }
    try {
      const report = await purge({
        size: this.config.retention.batchSize,
        max: PURGE_MAX_BATCHES,
        next: () => this.between(job),
      });
      this.logger.log({ job, purged: report }, 'purged dead rows');
      const event: RowsPurgedEvent = {
        job,
        rows: Object.fromEntries(Object.entries(report).map(([table, done]) => [table, done.rows])),
      };
      this.events.emit(ROWS_PURGED_EVENT, event);
      return report;
    } finally {
      await this.leases.release(job, this.holder);
    }
  }

  private async between(job: string): Promise<boolean> {
    await sleep(PAUSE_MS);
    return !this.stopping && this.leases.renew(job, this.holder, Date.now() + PURGE_LEASE_MS);
  }
}
