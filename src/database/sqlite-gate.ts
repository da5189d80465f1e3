import type { DataSource, QueryRunner } from 'typeorm';

type Query = QueryRunner['query'];
type StartTransaction = QueryRunner['startTransaction'];
type EndTransaction = QueryRunner['commitTransaction'];

/** The gates of the SQLite data sources, one each, so every caller of a data source waits on the same one. */
const gates = new WeakMap<DataSource, SqliteGate>();

/**
 * Who may use the one better-sqlite3 connection while a transaction is open on it.
 *
 * TypeORM hands every caller on SQLite the same query runner, and a transaction awaits between its statements, so
 * whatever other requests run meanwhile would land in it (and be rolled back with it), and a second transaction would
 * nest in it as a savepoint. The gate gives the connection to one transaction at a time: while it is held, the
 * shared runner's statements, `AtomicWrite` and other transactions wait for it. The holder runs on a query runner of
 * its own (`Transactions`), which does not go through the gate.
 *
 * A transaction TypeORM opens on the shared runner itself (`save()` and `remove()` outside `Transactions`) takes the
 * gate too, so it never overlaps one of ours; statements of others on that same runner still land in it, as before.
 *
 * With no transaction open, the cost for a statement is one comparison. No AsyncLocalStorage: it would make Node run
 * promise hooks for every request of the process.
 */
export class SqliteGate {
  /** The query runner whose transaction is open, or null. */
  private holder: QueryRunner | null = null;
  /** Who waits for the gate to open: statements, writes and transactions alike, woken together when it does. */
  private waiting: (() => void)[] = [];

  private constructor(readonly shared: QueryRunner) {}

  /** The gate of `dataSource` when it is SQLite (made, and the shared runner hooked, on the first call), or null. */
  static of(dataSource: DataSource): SqliteGate | null {
    if (dataSource.options.type !== 'better-sqlite3') {
      return null;
    }
    let gate = gates.get(dataSource);
    if (!gate) {
      gate = new SqliteGate(dataSource.driver.createQueryRunner('master'));
      gate.hookShared();
      gates.set(dataSource, gate);
    }
    return gate;
  }

  /** Whether a transaction holds the connection: callers other than its runner wait for `opening()`. */
  get held(): boolean {
    return this.holder !== null;
  }

  /** Resolves when the gate is next given back; a caller checks `held` again, as someone may have taken it since. */
  opening(): Promise<void> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /**
   * Takes the gate for `runner`, once nobody holds it, and once every statement that passed it before has run:
   * better-sqlite3 runs a statement synchronously and TypeORM's `query()` reaches it through promise continuations
   * only, so one turn of the event loop after the gate closes, none is left half way.
   */
  async take(runner: QueryRunner): Promise<void> {
    while (this.holder !== null) {
      await this.opening();
    }
    this.holder = runner;
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Gives the gate back; whoever waits tries again (one transaction gets it, statements before it run first). */
  give(runner: QueryRunner): void {
    if (this.holder !== runner) {
      return;
    }
    this.holder = null;
    const waiting = this.waiting;
    this.waiting = [];
    waiting.forEach((wake) => wake());
  }

  /** Makes the shared runner wait for the gate, and take it for the transactions TypeORM opens on it. */
  private hookShared(): void {
    const shared = this.shared;
    const query = shared.query.bind(shared);
    const startTransaction = shared.startTransaction.bind(shared);
    const commitTransaction = shared.commitTransaction.bind(shared);
    const rollbackTransaction = shared.rollbackTransaction.bind(shared);

    shared.query = ((...args: Parameters<Query>) =>
      this.holder === null || this.holder === shared
        ? query(...args)
        : this.opening().then(() => shared.query(...args))) as Query;

    shared.startTransaction = async (...args: Parameters<StartTransaction>) => {
      // No need to let statements finish, as `take` does: the shared runner's would land in its transaction anyway.
      while (this.holder !== null && this.holder !== shared) {
        await this.opening();
      }
      this.holder = shared;
      try {
        await startTransaction(...args);
      } finally {
        this.giveWhenDone();
      }
    };
    const ending = (end: EndTransaction) => async () => {
      try {
        await end();
      } finally {
        this.giveWhenDone();
      }
    };
    shared.commitTransaction = ending(commitTransaction);
    shared.rollbackTransaction = ending(rollbackTransaction);
  }

  /** After a step of the shared runner's transaction: the gate opens when that transaction is over (or never began). */
  private giveWhenDone(): void {
    if (!this.shared.isTransactionActive) {
      this.give(this.shared);
    }
  }
}
