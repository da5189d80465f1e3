import type { DataSource } from 'typeorm';
import { SqliteGroupCommit } from './sqlite-group-commit';

/** One SQL statement with its values, already converted by the driver (`PlainInsert`, `PlainUpdate`). */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

export interface AtomicStep extends Statement {
  /** A compare-and-set: unless it changes a row, nothing of the write is kept. */
  guard?: boolean;
}

/**
 * A few writes committed together or not at all, for a decision that must never be left half made by a crash (a
 * refresh token marked used only with its successor, issue 24). Answers false, with nothing written, when a guard
 * changed no row: another writer decided first.
 *
 * Not `dataSource.transaction`: on SQLite TypeORM gives every caller the one connection, and its transaction awaits
 * between statements, so the statements other requests run meanwhile would land inside it (and be rolled back with it),
 * and a concurrent transaction would nest in it as a savepoint. On SQLite the statements run synchronously on
 * better-sqlite3, where nothing can come between them, in a group commit with the other atomic writes of the same turn
 * of the event loop, each in a savepoint of its own (`SqliteGroupCommit`): the pages written to the WAL once for the
 * group, not once each (no sync per commit: better-sqlite3's WAL `synchronous` is NORMAL). On MariaDB they run in a
 * transaction of their own on a pooled connection: the guard's row lock makes a concurrent writer of the same row wait
 * for the commit, and then change nothing.
 */
export class AtomicWrite {
  private readonly group: SqliteGroupCommit | null;

  constructor(private readonly dataSource: DataSource) {
    this.group = SqliteGroupCommit.of(dataSource);
  }

  /** True once `steps` are committed; false, with nothing of them written, when a guard changed no row. */
  run(steps: AtomicStep[]): Promise<boolean> {
    return this.group ? this.group.run(steps) : this.runOnPool(steps);
  }

  private async runOnPool(steps: AtomicStep[]): Promise<boolean> {
    const runner = this.dataSource.createQueryRunner('master');
    try {
      await runner.startTransaction();
      try {
        for (const step of steps) {
          const { affected } = await runner.query(step.sql, step.parameters, true);
          if (step.guard && !affected) {
            await runner.rollbackTransaction();
            return false;
          }
        }
        await runner.commitTransaction();
        return true;
      } catch (error) {
        // A lost connection rolls back by itself; the original error is the one to report.
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await runner.release();
    }
  }
}
