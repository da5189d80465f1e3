import { DataSource, type EntityManager } from 'typeorm';
import { AtomicWrite } from './atomic-write';
import { Transactions } from './transactions';

/** A real better-sqlite3 database in memory, with one table whose names are unique. */
async function sqlite(): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
  await dataSource.initialize();
  await dataSource.query('CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)');
  await dataSource.query("INSERT INTO item (name) VALUES ('taken')");
  return dataSource;
}

async function names(dataSource: DataSource): Promise<string[]> {
  const rows: { name: string }[] = await dataSource.query('SELECT name FROM item ORDER BY id');
  return rows.map((row) => row.name);
}

function insert(manager: EntityManager | DataSource, name: string): Promise<unknown> {
  return manager.query('INSERT INTO item (name) VALUES (?)', [name]);
}

/** A few turns of the event loop, as a transaction waiting on something else would take. */
async function pause(): Promise<void> {
  for (let turn = 0; turn < 3; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * A transaction that writes `name`, lets `meanwhile` start while it is open, and then fails on the unique name.
 * Answers the transaction's outcome and what `meanwhile` started.
 */
function failingTransaction<T>(
  run: (work: (manager: EntityManager) => Promise<void>) => Promise<void>,
  name: string,
  meanwhile: () => Promise<T>,
): { transaction: Promise<void>; meanwhile: Promise<T> } {
  let started!: (other: Promise<T>) => void;
  const other = new Promise<T>((resolve) => (started = resolve));
  const transaction = run(async (manager) => {
    await insert(manager, name);
    started(meanwhile());
    await pause();
    await insert(manager, 'taken');
  });
  return { transaction, meanwhile: other };
}

describe('Transactions on SQLite', () => {
  let dataSource: DataSource;
  let transactions: Transactions;

  beforeEach(async () => {
    dataSource = await sqlite();
    transactions = new Transactions(dataSource);
  });

  afterEach(() => dataSource.destroy());

  it('(the bug) dataSource.transaction rolls back a statement another caller ran meanwhile', async () => {
    const bare = await sqlite();
    const run = failingTransaction(
      (work) => bare.transaction(work),
      'mine',
      () => insert(bare, 'outside'),
    );
    await expect(run.transaction).rejects.toThrow(/UNIQUE/);
    await run.meanwhile;
    expect(await names(bare)).not.toContain('outside');
    await bare.destroy();
  });

  it('keeps a statement another caller ran while a failed transaction was open', async () => {
    const run = failingTransaction(
      (work) => transactions.run(work),
      'mine',
      () => insert(dataSource, 'outside'),
    );
    await expect(run.transaction).rejects.toThrow(/UNIQUE/);
    await run.meanwhile;
    expect(await names(dataSource)).toEqual(['taken', 'outside']);
  });

  it('holds other statements until the transaction ends, and commits its own', async () => {
    const seen: string[][] = [];
    let outside!: Promise<unknown>;
    await transactions.run(async (manager) => {
      await insert(manager, 'mine');
      outside = insert(dataSource, 'outside').then(async () => seen.push(await names(dataSource)));
      await pause();
      expect(seen).toEqual([]);
      await insert(manager, 'mine too');
    });
    await outside;
    expect(seen).toEqual([['taken', 'mine', 'mine too', 'outside']]);
  });

  it('runs a concurrent transaction after the open one, not nested in it: each commits or rolls back alone', async () => {
    const run = failingTransaction(
      (work) => transactions.run(work),
      'first',
      () => transactions.run((manager) => insert(manager, 'second')),
    );
    await expect(run.transaction).rejects.toThrow(/UNIQUE/);
    await run.meanwhile;
    expect(await names(dataSource)).toEqual(['taken', 'second']);
  });

  it('keeps an atomic write made while a failed transaction was open', async () => {
    const atomically = new AtomicWrite(dataSource);
    const write = () => atomically.run([{ sql: 'INSERT INTO item (name) VALUES (?)', parameters: ['atomic'] }]);
    const run = failingTransaction((work) => transactions.run(work), 'mine', write);
    await expect(run.transaction).rejects.toThrow(/UNIQUE/);
    expect(await run.meanwhile).toBe(true);
    expect(await names(dataSource)).toEqual(['taken', 'atomic']);
  });

  it('takes turns with a transaction TypeORM opens on the shared runner (save() outside Transactions)', async () => {
    let ours!: Promise<unknown>;
    await dataSource.transaction(async (manager) => {
      await insert(manager, 'shared');
      ours = transactions.run((own) => insert(own, 'ours'));
      await pause();
      await insert(manager, 'shared too');
    });
    await ours;
    expect(await names(dataSource)).toEqual(['taken', 'shared', 'shared too', 'ours']);
  });

  it('answers what the work answers, and serves statements normally once it is over', async () => {
    expect(await transactions.run(async (manager) => (await insert(manager, 'mine'), 42))).toBe(42);
    await insert(dataSource, 'after');
    expect(await names(dataSource)).toEqual(['taken', 'mine', 'after']);
  });
});

describe('Transactions on MariaDB', () => {
  it("is TypeORM's transaction, on a pooled connection of its own", async () => {
    const transaction = vi.fn((work: (manager: EntityManager) => Promise<unknown>) => work({} as EntityManager));
    const dataSource = { options: { type: 'mysql' }, transaction } as unknown as DataSource;
    expect(await new Transactions(dataSource).run(() => Promise.resolve('done'))).toBe('done');
    expect(transaction).toHaveBeenCalledOnce();
  });
});
