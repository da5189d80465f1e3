import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AtomicWrite, type AtomicStep } from './atomic-write';
import { isUniqueViolation } from './unique-violation';

const insert = (name: string): AtomicStep => ({ sql: 'INSERT INTO item (name) VALUES (?)', parameters: [name] });
/** A guard that changes no row: another writer decided first. */
const guardLost: AtomicStep = { sql: "UPDATE item SET name = 'x' WHERE name = ?", parameters: ['nobody'], guard: true };
/** Its parent is missing, which SQLite checks only at the commit: the commit fails. */
const orphan: AtomicStep = { sql: 'INSERT INTO child (parent_id) VALUES (?)', parameters: [999] };

describe('AtomicWrite on SQLite (group commit)', () => {
  let directory: string;
  let dataSource: DataSource;
  let atomically: AtomicWrite;

  beforeEach(async () => {
    // A file in WAL mode, as the service runs, so the WAL shows how many commits there were.
    directory = mkdtempSync(join(tmpdir(), 'atomic-write-'));
    dataSource = new DataSource({ type: 'better-sqlite3', database: join(directory, 'db.sqlite'), enableWAL: true });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
    await dataSource.query(
      'CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES item (id) DEFERRABLE INITIALLY DEFERRED)',
    );
    await dataSource.query("INSERT INTO item (name) VALUES ('taken')");
    atomically = new AtomicWrite(dataSource);
  });

  afterEach(async () => {
    await dataSource.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  async function names(): Promise<string[]> {
    const rows: { name: string }[] = await dataSource.query('SELECT name FROM item ORDER BY id');
    return rows.map((row) => row.name);
  }

  /** The frames written to the WAL by what `write` commits: a commit writes the pages it changed, once each. */
  async function walFrames(write: () => Promise<unknown>): Promise<number> {
    await dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    await write();
    const [{ log }]: { log: number }[] = await dataSource.query('PRAGMA wal_checkpoint(PASSIVE)');
    return log;
  }

  it('commits the units requested in one turn together, and tells each caller only after the commit', async () => {
    const alone = await walFrames(() => atomically.run([insert('alone')]));
    const settled: string[] = [];
    const together = await walFrames(async () => {
      const writes = ['a', 'b', 'c'].map((name) =>
        new AtomicWrite(dataSource).run([insert(name)]).then((written) => {
          settled.push(name);
          return written;
        }),
      );
      expect(settled).toEqual([]);
      expect(await Promise.all(writes)).toEqual([true, true, true]);
    });
    const apart = await walFrames(async () => {
      await atomically.run([insert('d')]);
      await atomically.run([insert('e')]);
    });

    expect(alone).toBeGreaterThan(0);
    expect(together).toBe(alone);
    expect(apart).toBe(2 * alone);
    expect(await names()).toEqual(['taken', 'alone', 'a', 'b', 'c', 'd', 'e']);
  });

  it('rolls back only the unit whose guard changed nothing, and answers false to its caller alone', async () => {
    const results = await Promise.all([
      atomically.run([insert('a')]),
      atomically.run([insert('b'), guardLost]),
      atomically.run([insert('c')]),
    ]);
    expect(results).toEqual([true, false, true]);
    expect(await names()).toEqual(['taken', 'a', 'c']);
  });

  it('rolls back only the unit that hit a unique violation, and rejects its caller alone', async () => {
    const results = await Promise.allSettled([
      atomically.run([insert('a')]),
      atomically.run([insert('b'), insert('taken')]),
      atomically.run([insert('c')]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(isUniqueViolation((results[1] as PromiseRejectedResult).reason)).toBe(true);
    expect(await names()).toEqual(['taken', 'a', 'c']);
  });

  it('rejects every caller when the commit fails, with nothing written, and goes on with the next group', async () => {
    const results = await Promise.allSettled([
      atomically.run([insert('a')]),
      atomically.run([insert('b'), orphan]),
      atomically.run([insert('c')]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((results[0] as PromiseRejectedResult).reason).toEqual(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );
    expect(await names()).toEqual(['taken']);

    expect(await atomically.run([insert('d')])).toBe(true);
    expect(await names()).toEqual(['taken', 'd']);
  });

  it('runs the units in the order they were requested: of two writing one key, the first wins', async () => {
    const results = await Promise.allSettled([
      atomically.run([insert('first')]),
      atomically.run([insert('same')]),
      atomically.run([insert('same'), insert('lost')]),
      atomically.run([insert('last')]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await names()).toEqual(['taken', 'first', 'same', 'last']);
  });
});
