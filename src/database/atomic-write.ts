import type { Database, Statement as Prepared } from 'better-sqlite3';
import { type DataSource, QueryFailedError } from 'typeorm';
import { SqliteGate } from './sqlite-gate';

/** One SQL statement with its values, already converted by the driver (`PlainInsert`, `PlainUpdate`). */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

export interface AtomicStep extends Statement {
  /** A compare-and-set: unless it changes a row, nothing of the write is kept. */
  guard?: boolean;
}

/** Thrown inside the transaction to roll it back when a guard changed nothing. */
class GuardFailed extends Error {}

/**
 * A few writes committed together or not at all, for a decision that must never be left half made by a crash (a
 * refresh token marked used only with its successor, issue 24). Answers false, with nothing written, when a guard
 * changed no row: another writer decided first.
 *
 * Not `dataSource.transaction`: on SQLite TypeORM gives every caller the one connection, and its transaction awaits
 * between statements, so the statements other requests run meanwhile would land inside it (and be rolled back with it),
 * and a concurrent transaction would nest in it as a savepoint. Here the statements run synchronously on
 * better-sqlite3, where nothing can come between them, once no transaction of `Transactions` holds the connection (it
 * would become a savepoint of that transaction, and be rolled back with it). On MariaDB they run on a pooled connection of their own: the
 * guard's row lock makes a concurrent writer of the same row wait for the commit, and then change nothing.
 */
export class AtomicWrite {
  /** better-sqlite3's prepared statements, by SQL: preparing costs more than running. */
  private readonly prepared = new Map<string, Prepared>();
  private readonly gate: SqliteGate | null;

  constructor(private readonly dataSource: DataSource) {
    this.gate = SqliteGate.of(dataSource);
  }

  async run(steps: AtomicStep[]): Promise<boolean> {
    if (!this.gate) {
      return this.runOnPool(steps);
    }
    while (this.gate.held) {
      await this.gate.opening();
    }
    return this.runOnSqlite(steps);
  }

  private runOnSqlite(steps: AtomicStep[]): boolean {
    const database = (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
    const write = database.transaction(() => {
      for (const step of steps) {
        const changes = this.runOne(database, step);
        if (step.guard && changes === 0) {
          throw new GuardFailed();
        }
      }
    });
    try {
      write();
      return true;
    } catch (error) {
      if (error instanceof GuardFailed) {
        return false;
      }
      throw error;
    }
  }

  /** One statement, failing as TypeORM's own would (`QueryFailedError`, so `isUniqueViolation` and others apply). */
  private runOne(database: Database, { sql, parameters }: Statement): number {
    // As TypeORM's better-sqlite3 runner: the driver binds no booleans.
    const values = parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    try {
      let prepared = this.prepared.get(sql);
      if (!prepared) {
        prepared = database.prepare(sql);
        this.prepared.set(sql, prepared);
      }
      return prepared.run(...values).changes;
    } catch (error) {
      throw new QueryFailedError(sql, values, error as Error);
    }
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
