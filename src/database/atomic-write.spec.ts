import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { backend, createMysqlDatabase } from '../../test/e2e/support/test-environment';
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

describe.runIf(backend.mysqlUrl)('AtomicWrite on MariaDB (one multi-statement query)', () => {
  let database: Awaited<ReturnType<typeof createMysqlDatabase>>;
  let dataSource: DataSource;
  let atomically: AtomicWrite;
  const claim: AtomicStep = {
    sql: 'UPDATE item SET claimed = 1 WHERE name = ? AND claimed = 0',
    parameters: ['taken'],
  };

  beforeEach(async () => {
    database = await createMysqlDatabase(backend.mysqlUrl as string);
    // One pooled connection, so a transaction left open on it would hold every write that follows.
    dataSource = new DataSource({
      type: 'mysql',
      url: database.url,
      multipleStatements: true,
      extra: { connectionLimit: 1 },
    });
    await dataSource.initialize();
    await dataSource.query(
      'CREATE TABLE item (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(20) NOT NULL UNIQUE, claimed TINYINT NOT NULL DEFAULT 0)',
    );
    await dataSource.query("INSERT INTO item (name) VALUES ('taken')");
    atomically = new AtomicWrite(dataSource);
  });

  afterEach(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  /** The names as another connection sees them: only what was committed. */
  async function committedNames(): Promise<string[]> {
    const other = await createConnection(database.url);
    try {
      const [rows] = await other.query('SELECT name FROM item ORDER BY id');
      return (rows as { name: string }[]).map((row) => row.name);
    } finally {
      await other.end();
    }
  }

  it('commits every step when the guard changes a row', async () => {
    expect(await atomically.run([{ ...claim, guard: true }, insert('a'), insert('b')])).toBe(true);
    expect(await committedNames()).toEqual(['taken', 'a', 'b']);
  });

  it('answers false with nothing written when a guard changes no row, and leaves no transaction open', async () => {
    expect(await atomically.run([insert('a'), guardLost, insert('b')])).toBe(false);
    await dataSource.query("INSERT INTO item (name) VALUES ('after')");
    expect(await committedNames()).toEqual(['taken', 'after']);
  });

  it('rejects on a unique violation with nothing written, and leaves no transaction open', async () => {
    const failure = await atomically
      .run([{ ...claim, guard: true }, insert('a'), insert('taken')])
      .catch((error: unknown) => error);
    expect(isUniqueViolation(failure)).toBe(true);
    await dataSource.query("INSERT INTO item (name) VALUES ('after')");
    expect(await committedNames()).toEqual(['taken', 'after']);
    expect(await dataSource.query('SELECT claimed FROM item WHERE name = ?', ['taken'])).toEqual([{ claimed: 0 }]);
  });

  it('lets exactly one of concurrent writers with the same guard through', async () => {
    const parallel = new DataSource({ type: 'mysql', url: database.url, multipleStatements: true });
    await parallel.initialize();
    try {
      const writer = new AtomicWrite(parallel);
      const results = await Promise.all(
        ['a', 'b', 'c', 'd', 'e'].map((name) => writer.run([{ ...claim, guard: true }, insert(name)])),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await committedNames()).toHaveLength(2);
    } finally {
      await parallel.destroy();
    }
  });
});
