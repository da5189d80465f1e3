import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type QueryRunner } from 'typeorm';
import { SqliteGate } from './sqlite-gate';

/**
 * Runs a unit of work in a transaction, isolated from other requests on both databases. Every transaction of the
 * service goes through here rather than `dataSource.transaction`, which on SQLite would take in (and roll back) the
 * statements other requests run on the one connection while it awaits (`SqliteGate`).
 *
 * An injectable rather than a patched `dataSource.transaction`: the call site shows that it is not TypeORM's, and
 * TypeORM's own API keeps its documented behaviour for tests and tools.
 *
 * - MariaDB: TypeORM's transaction, on a pooled connection of its own, as before.
 * - SQLite: transactions run one after another, each on a query runner of its own over the one connection; while one
 *   is open, every other statement waits for it to end. So `work` must do all of its database work through `manager`,
 *   and open no other transaction: a statement through an injected repository, or a nested `run`, would wait for the
 *   transaction it is part of, for ever.
 */
@Injectable()
export class Transactions {
  private readonly gate: SqliteGate | null;

  constructor(private readonly dataSource: DataSource) {
    // Hooked at start-up, before any request can open a transaction on the shared runner.
    this.gate = SqliteGate.of(dataSource);
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.gate) {
      return this.dataSource.transaction(work);
    }
    const runner = this.ownRunner(this.gate.shared);
    await this.gate.take(runner);
    try {
      // The manager of a runner of its own: EntityManager.transaction begins, commits or rolls back on it.
      return await runner.manager.transaction(work);
    } finally {
      this.gate.give(runner);
    }
  }

  /** A new runner of the shared one's class (better-sqlite3's), over the same connection, with its own manager. */
  private ownRunner(shared: QueryRunner): QueryRunner {
    const OwnRunner = shared.constructor as new (driver: QueryRunner['connection']['driver']) => QueryRunner;
    const runner = new OwnRunner(this.dataSource.driver);
    return Object.assign(runner, { manager: this.dataSource.createEntityManager(runner) });
  }
}
