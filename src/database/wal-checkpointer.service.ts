import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { Worker } from 'node:worker_threads';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RUN_MODE, type RunMode } from '../config/run-mode';
import {
  type CheckpointMode,
  type CheckpointResult,
  type WorkerData,
  type WorkerReply,
  type WorkerRequest,
  walCheckpointWorker,
} from './wal-checkpoint-worker';

const JOB = 'sqlite-wal-checkpoint';
/**
 * One PASSIVE checkpoint a second. It waits for no reader or writer of the service (it only writes back the frames no
 * reader still needs: https://sqlite.org/c3ref/wal_checkpoint_v2.html). A token adds 2-2.6 frames of 4 KiB to the WAL
 * (measured: 1 000 frames every 50 commits of 8 rows, every 16 of 32 rows), so at 2 000 tokens a second the WAL holds
 * some 16-20 MiB between two checkpoints, well under WAL_TRUNCATE_BYTES.
 */
const CHECKPOINT_INTERVAL_MS = 1000;
/**
 * A WAL file larger than this is truncated (a TRUNCATE checkpoint, which waits for the writer). The writer reuses the
 * WAL from its start once a checkpoint has caught up, so the file only grows past this after a burst, or while a long
 * read (a backup step) kept the checkpoints from catching up; then the disk space comes back.
 */
export const WAL_TRUNCATE_BYTES = 64 * 2 ** 20;
/** SQLite's own default (1000 pages), put back if the worker dies so the WAL can never grow without bound. */
const RESTORE_AUTOCHECKPOINT = 'PRAGMA wal_autocheckpoint = 1000';
/** As the service's connection (data-source-options.ts): the TRUNCATE checkpoint waits out a write in progress. */
const BUSY_TIMEOUT_MS = 5000;

/** The checkpoint to run after `passive`: TRUNCATE when the WAL file is still over the limit. */
export function followUp(passive: CheckpointResult): CheckpointMode | undefined {
  return passive.walBytes > WAL_TRUNCATE_BYTES ? 'TRUNCATE' : undefined;
}

/**
 * SQLite's WAL checkpoints, moved off the event loop. By default the commit whose WAL crosses 1 000 pages runs the
 * checkpoint itself, and better-sqlite3 is synchronous, so every request waits for it: measured on a shared 2-core
 * machine (2026-12-07), a token batch's commit takes 0.2-0.6 ms, the one in 50 that checkpoints 20-57 ms on a small
 * database and 25-65 ms on one of 1 M access tokens (its pages are spread over the token table's indexes); 24-30 of
 * the slowest 30 commits in 3 000 were the checkpointing ones. That is issuance's p99 (docs/performance.md, "Cost as
 * tables grow"); with this worker the commits' p99 went from 63-70 ms to 14-19 ms.
 *
 * So the service's connection turns automatic checkpoints off (`wal_autocheckpoint = 0`) and a worker thread with its
 * own connection to the file runs a PASSIVE checkpoint every second, and a TRUNCATE when the file grows past
 * WAL_TRUNCATE_BYTES. Nothing changes for durability: a committed write is in the WAL, which SQLite replays on the
 * next open if the process dies before a checkpoint; closing the last connection at shutdown checkpoints the rest.
 * Only the service does this: an operator command is short and keeps SQLite's default.
 */
@Injectable()
export class WalCheckpointer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(WalCheckpointer.name);
  private worker?: Worker;
  private readonly replies = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private round?: Promise<CheckpointResult | undefined>;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RUN_MODE) private readonly mode: RunMode = 'service',
  ) {}

  async onModuleInit(): Promise<void> {
    const { database } = this.config;
    if (database.type !== 'sqlite' || database.path === ':memory:' || this.mode === 'command') {
      return;
    }
    // Off before the worker starts, so that a worker failing at once finds them off and turns them back on.
    await this.dataSource.query('PRAGMA wal_autocheckpoint = 0');
    const workerData: WorkerData = {
      driver: require.resolve('better-sqlite3'),
      database: database.path,
      busyTimeoutMs: BUSY_TIMEOUT_MS,
    };
    const worker = new Worker(`(${walCheckpointWorker.toString()})()`, { eval: true, workerData });
    // It must never keep the process alive on its own (shutdown closes it, a failed start may not).
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.workerGone(error));
    worker.on('exit', (code) => this.workerGone(new Error(`the checkpoint worker exited (${code})`)));
    this.worker = worker;
    const tick = (): void => {
      this.checkpoint().catch((error: unknown) => this.logger.error({ err: error }, 'WAL checkpoint failed'));
    };
    this.scheduler.addInterval(JOB, setInterval(tick, CHECKPOINT_INTERVAL_MS));
  }

  /**
   * One round now (the scheduled one, or a caller's): a PASSIVE checkpoint, then a TRUNCATE if the WAL file is still
   * too large. A round in progress is the answer to a second call. Undefined when there is no worker.
   */
  checkpoint(): Promise<CheckpointResult | undefined> {
    this.round ??= this.runRound().finally(() => (this.round = undefined));
    return this.round;
  }

  /** The scheduler stops the ticks; the round in flight finishes and the worker closes before the database does. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.round?.catch(() => undefined);
    const worker = this.worker;
    if (worker) {
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await this.ask({ id: 0, close: true }).catch(() => undefined);
      await exited;
    }
  }

  private async runRound(): Promise<CheckpointResult | undefined> {
    if (!this.worker || this.stopping) {
      return undefined;
    }
    const passive = await this.run('PASSIVE');
    const next = followUp(passive);
    return next ? this.run(next) : passive;
  }

  private async run(mode: CheckpointMode): Promise<CheckpointResult> {
    const reply = await this.ask({ id: 0, mode });
    if (reply.error !== undefined || !reply.result) {
      throw new Error(`wal_checkpoint(${mode}): ${reply.error}`);
    }
    return reply.result;
  }

  private ask(request: WorkerRequest): Promise<WorkerReply> {
    const worker = this.worker;
    if (!worker) {
      return Promise.reject(new Error('no checkpoint worker'));
    }
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.replies.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies WorkerRequest);
    });
  }

  private settle(reply: WorkerReply): void {
    this.replies.get(reply.id)?.resolve(reply);
    this.replies.delete(reply.id);
  }

  /**
   * The worker stopped: at shutdown that is expected; otherwise the connection gets SQLite's automatic checkpoints
   * back, slow commits and all, rather than a WAL that grows until the disk is full.
   */
  private workerGone(error: Error): void {
    if (!this.worker) {
      return;
    }
    this.worker = undefined;
    for (const { reject } of this.replies.values()) {
      reject(error);
    }
    this.replies.clear();
    if (this.stopping) {
      return;
    }
    this.logger.error({ err: error }, 'the WAL checkpoint worker stopped; automatic checkpoints are back on');
    this.dataSource
      .query(RESTORE_AUTOCHECKPOINT)
      .catch((failure: unknown) => this.logger.error({ err: failure }, 'could not restore automatic checkpoints'));
  }
}
