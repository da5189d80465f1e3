import { type DataSource, QueryFailedError } from 'typeorm';
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
 * transaction of their own on a pooled connection, sent as one multi-statement query (`runOnPool`): the guard's
 * row lock makes a concurrent writer of the same row wait for the commit, and then change nothing.
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

  /**
   * One round trip on the success path: `START TRANSACTION`, the steps, each guard followed by `GUARD_HELD`, and
   * `COMMIT`, in one query. The server stops at the first statement that fails, so a guard that changed no row ends the
   * query with its error (`guardLost`) before anything after it runs; the transaction, still open then, is rolled back.
   *
   * Why (issue 12): the transaction on TypeORM's query runner cost four round trips (begin, mark, insert, commit), and
   * on this kind of machine each costs the service about 30 µs of CPU (mysql2 and a socket write): a refresh exchange
   * went from 0.81x to 1.07-1.30x oidc-provider's CPU on MariaDB when the rotation became a transaction, and is at
   * 0.78x with this.
   */
  private async runOnPool(steps: AtomicStep[]): Promise<boolean> {
    const statements = ['START TRANSACTION'];
    const parameters: unknown[] = [];
    for (const step of steps) {
      statements.push(step.sql);
      parameters.push(...step.parameters);
      if (step.guard) {
        statements.push(GUARD_HELD);
      }
    }
    statements.push('COMMIT');
    const runner = this.dataSource.createQueryRunner('master');
    try {
      await runner.query(statements.join(';\n'), parameters);
      return true;
    } catch (error) {
      // A lost connection rolls back by itself; the original error is the one to report.
      await runner.query('ROLLBACK').catch(() => undefined);
      if (guardLost(error)) {
        return false;
      }
      throw error;
    } finally {
      await runner.release();
    }
  }
}

/**
 * Fails the query unless the statement before it changed a row: two rows selected INTO a variable are an error
 * (ER_TOO_MANY_ROWS) on MariaDB and MySQL alike; MySQL has no SIGNAL outside stored programs. ROW_COUNT()
 * counts the rows the guard matched (mysql2 connects with CLIENT_FOUND_ROWS), which a guard's conditions make the rows
 * it changed.
 */
const GUARD_HELD =
  'SELECT 1 FROM (SELECT 1 AS n UNION ALL SELECT 2) AS two WHERE ROW_COUNT() < 1 INTO @gatehouse_guard';

/** The error of `GUARD_HELD`: the guard changed no row. No step selects INTO a variable, so no step raises it. */
function guardLost(error: unknown): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { code?: string } | undefined)?.code === 'ER_TOO_MANY_ROWS'
  );
}
