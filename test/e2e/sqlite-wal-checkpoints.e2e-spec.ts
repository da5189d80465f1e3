import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { WalCheckpointer } from '../../src/database/wal-checkpointer.service';
import { type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';

/** Rows per round: about 1.4 MB of table and index pages, some 350 WAL frames. */
const ROWS_PER_ROUND = 5000;
const ROUNDS = 20;

/** Writes one round of rows in one transaction, as the service's own connection does. */
async function writeRound(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    for (let row = 0; row < ROWS_PER_ROUND; row += 1) {
      await manager.query('INSERT INTO job_leases (name, holder, expires_at) VALUES (?, ?, ?)', [
        randomBytes(30).toString('hex'),
        'h'.repeat(128),
        row,
      ]);
    }
  });
}

/**
 * The WAL-index header's mxFrame (frames in the WAL) and the checkpoint info's nBackfill (frames written back), read
 * from the `-shm` file (https://sqlite.org/walformat.html, "The WAL-Index Format"): a check from outside SQLite
 * that runs no checkpoint of its own.
 */
function walIndex(path: string): { frames: number; backfilled: number } {
  const header = Buffer.alloc(100);
  const fd = openSync(`${path}-shm`, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  return { frames: header.readUInt32LE(16), backfilled: header.readUInt32LE(96) };
}

const walBytes = (path: string): number => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;

/**
 * SQLite's WAL checkpoints run in a worker thread, not inside the commits of the service's requests (issue 12 item
 * 4; src/database/wal-checkpointer.service.ts has the measured reason).
 */
describe.skipIf(backend.mysqlUrl !== undefined)('SQLite WAL checkpoints off the event loop', () => {
  let app: TestApp;
  let dataSource: DataSource;
  let checkpointer: WalCheckpointer;
  let path: string;

  beforeAll(async () => {
    app = await startTestApp();
    dataSource = app.app.get(DataSource);
    checkpointer = app.app.get(WalCheckpointer);
    if (app.config.database.type !== 'sqlite') {
      throw new Error('this suite runs on SQLite');
    }
    path = app.config.database.path;
  });

  afterAll(async () => {
    await app?.close();
  });

  it("turns the service connection's automatic checkpoints off", async () => {
    expect(await dataSource.query('PRAGMA wal_autocheckpoint')).toEqual([{ wal_autocheckpoint: 0 }]);
  });

  it('checkpoints on its schedule, without being asked', async () => {
    await writeRound(dataSource);
    expect(walIndex(path).frames).toBeGreaterThan(300);
    let index = walIndex(path);
    for (let waited = 0; waited < 50 && index.backfilled < index.frames; waited += 1) {
      await sleep(100);
      index = walIndex(path);
    }
    expect(index.backfilled).toBe(index.frames);
  });

  it('keeps the WAL file bounded however much is written', async () => {
    const [{ page_size: pageSize }] = await dataSource.query<{ page_size: number }[]>('PRAGMA page_size');
    const framesPerRound: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const result = await checkpointer.checkpoint();
      expect(result).toMatchObject({ busy: 0 });
      expect(result?.checkpointed).toBe(result?.log);
      await writeRound(dataSource);
      // the writer started the WAL over after the checkpoint: what it holds now is this round
      framesPerRound.push(walIndex(path).frames);
    }
    const written = framesPerRound.reduce((sum, frames) => sum + frames, 0);
    const largest = Math.max(...framesPerRound);
    expect(written).toBeGreaterThan(10 * largest);
    // Without the checkpoints the file would hold every frame written; with them, the largest round's (each frame is
    // a page and a 24-byte header, after the WAL's 32-byte header).
    expect(walBytes(path)).toBeLessThanOrEqual(32 + largest * (pageSize + 24));
    const [{ count }] = await dataSource.query<{ count: number }[]>('SELECT COUNT(*) AS count FROM job_leases');
    expect(count).toBeGreaterThanOrEqual(ROUNDS * ROWS_PER_ROUND);
  });

  it('loses nothing across a restart, and leaves no WAL behind', async () => {
    await writeRound(dataSource);
    const [{ count }] = await dataSource.query<{ count: number }[]>('SELECT COUNT(*) AS count FROM job_leases');
    const env = app.env;
    await app.close();
    expect(walBytes(path)).toBe(0);
    app = await startTestApp({ env });
    dataSource = app.app.get(DataSource);
    checkpointer = app.app.get(WalCheckpointer);
    expect(await dataSource.query('SELECT COUNT(*) AS count FROM job_leases')).toEqual([{ count }]);
  });

  it('gives the connection its automatic checkpoints back if the worker dies', async () => {
    const { worker } = checkpointer as unknown as { worker: Worker };
    await worker.terminate();
    let setting: unknown;
    for (let waited = 0; waited < 50; waited += 1) {
      setting = await dataSource.query('PRAGMA wal_autocheckpoint');
      if (JSON.stringify(setting) !== JSON.stringify([{ wal_autocheckpoint: 0 }])) {
        break;
      }
      await sleep(100);
    }
    expect(setting).toEqual([{ wal_autocheckpoint: 1000 }]);
    expect(existsSync(path)).toBe(true);
  });
});
