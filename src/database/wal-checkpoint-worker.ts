/** The checkpoint modes the worker runs (https://sqlite.org/pragma.html#pragma_wal_checkpoint). */
export type CheckpointMode = 'PASSIVE' | 'TRUNCATE';

/** What one checkpoint did: SQLite's three answers, and the WAL file's size afterwards. */
export interface CheckpointResult {
  /** 1 when the checkpoint could not finish (a writer or reader was in its way), else 0. */
  busy: number;
  /** Frames in the WAL. */
  log: number;
  /** Frames of it now written back to the database file. */
  checkpointed: number;
  walBytes: number;
}

export type WorkerRequest = { id: number; mode: CheckpointMode } | { id: number; close: true };
export type WorkerReply = { id: number; result?: CheckpointResult; error?: string };

/** What the worker is started with. */
export interface WorkerData {
  /** The resolved path of better-sqlite3, so the worker loads the same driver wherever the process started. */
  driver: string;
  database: string;
  busyTimeoutMs: number;
}

/**
 * The body of the checkpoint worker thread: its own better-sqlite3 connection to the service's database file, which
 * runs the checkpoints it is asked for and answers each. It is started from its source text (`eval`), so it must
 * stand alone: no imports, only `require` inside; that also lets it run unbuilt under the tests.
 */
export function walCheckpointWorker(): void {
  /* eslint-disable @typescript-eslint/no-require-imports -- the function runs as a worker's eval'd CommonJS source */
  const threads = require('node:worker_threads') as typeof import('node:worker_threads');
  const { statSync } = require('node:fs') as typeof import('node:fs');
  const { parentPort } = threads;
  const data = threads.workerData as WorkerData;
  const Database = require(data.driver) as typeof import('better-sqlite3');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const db = new Database(data.database, { fileMustExist: true });
  db.pragma(`busy_timeout = ${data.busyTimeoutMs}`);
  const walBytes = (): number => statSync(`${data.database}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  parentPort?.on('message', (request: WorkerRequest) => {
    if ('close' in request) {
      db.close();
      parentPort.postMessage({ id: request.id } satisfies WorkerReply);
      parentPort.close();
      return;
    }
    try {
      const [row] = db.pragma(`wal_checkpoint(${request.mode})`) as Omit<CheckpointResult, 'walBytes'>[];
      const result = { busy: row.busy, log: row.log, checkpointed: row.checkpointed, walBytes: walBytes() };
      parentPort.postMessage({ id: request.id, result } satisfies WorkerReply);
    } catch (error) {
      parentPort.postMessage({ id: request.id, error: String(error) } satisfies WorkerReply);
    }
  });
}
