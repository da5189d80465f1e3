import type { Database, Statement as Prepared } from 'better-sqlite3';
import { type DataSource, QueryFailedError } from 'typeorm';
import type { AtomicStep, Statement } from './atomic-write';
import { SqliteGate } from './sqlite-gate';

/** Thrown inside a unit's savepoint to roll that unit back when a guard changed nothing. */
class GuardFailed extends Error {}

interface Unit {
  steps: AtomicStep[];
  resolve: (written: boolean) => void;
  reject: (error: unknown) => void;
}

/** A unit's outcome inside the group, told to its caller only once the group has committed. */
type Outcome = { written: boolean } | { error: unknown };

/** The group commits of the SQLite data sources, one each, so every `AtomicWrite` of a data source joins the same. */
const groups = new WeakMap<DataSource, SqliteGroupCommit>();

/**
 * Group commit for `AtomicWrite` on SQLite: the units requested during one turn of the event loop run in one
 * better-sqlite3 transaction, each in a savepoint of its own, so a unit whose guard changed nothing, or that failed
 * (a unique violation), is rolled back alone and the others stay. Every caller hears its unit's outcome only after the
 * one commit, so nobody is told "written" early; if that commit fails, every caller of the group gets its error.
 *
 * Why: a commit appends every page it changed to the WAL, whole (4 KiB each), so a commit per unit writes the same
 * table and index pages again for every code exchange and refresh rotation: about 9.5 page writes per exchange-shaped
 * unit alone, about 1 in a group of 32. Not a sync per commit: better-sqlite3 builds SQLite with WAL `synchronous`
 * NORMAL, which syncs at checkpoints only. Measured: docs/performance.md ("Group commit of atomic writes").
 *
 * The group runs synchronously, once no transaction of `Transactions` holds the gate (it would become a savepoint of
 * that transaction and be rolled back with it), so nothing of other requests can land in it.
 */
export class SqliteGroupCommit {
  /** better-sqlite3's prepared statements, by SQL: preparing costs more than running. */
  private readonly prepared = new Map<string, Prepared>();
  private queue: Unit[] = [];

  private constructor(
    private readonly dataSource: DataSource,
    private readonly gate: SqliteGate,
  ) {}

  /** The group commit of `dataSource` when it is SQLite (made on the first call), or null. */
  static of(dataSource: DataSource): SqliteGroupCommit | null {
    const gate = SqliteGate.of(dataSource);
    if (!gate) {
      return null;
    }
    let group = groups.get(dataSource);
    if (!group) {
      group = new SqliteGroupCommit(dataSource, gate);
      groups.set(dataSource, group);
    }
    return group;
  }

  /** The driver's connection, read when used: it is opened (and reopened) by the data source, not here. */
  private get database(): Database {
    return (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  }

  /** True once `steps` are committed, false (nothing of them written) when a guard changed no row. */
  run(steps: AtomicStep[]): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      if (this.queue.length === 0) {
        setImmediate(() => void this.flush());
      }
      this.queue.push({ steps, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    while (this.gate.held) {
      await this.gate.opening();
    }
    // Units requested while the gate was held join this group, in the order they were requested.
    const units = this.queue;
    this.queue = [];
    let outcomes: Outcome[];
    try {
      outcomes = this.database.transaction(() => units.map((unit) => this.runUnit(unit.steps)))();
    } catch (error) {
      units.forEach((unit) => unit.reject(error));
      return;
    }
    units.forEach((unit, index) => {
      const outcome = outcomes[index];
      if ('error' in outcome) {
        unit.reject(outcome.error);
      } else {
        unit.resolve(outcome.written);
      }
    });
  }

  /** One unit in a savepoint (better-sqlite3 nests `transaction` so): rolled back alone when it fails. */
  private runUnit(steps: AtomicStep[]): Outcome {
    try {
      this.database.transaction(() => {
        for (const step of steps) {
          const changes = this.runOne(step);
          if (step.guard && changes === 0) {
            throw new GuardFailed();
          }
        }
      })();
      return { written: true };
    } catch (error) {
      if (!this.database.inTransaction) {
        // SQLite rolled back the whole transaction itself (e.g. disk full): the units before are gone too, and the
        // next would run outside it, committed alone; the group fails as one.
        throw error;
      }
      return error instanceof GuardFailed ? { written: false } : { error };
    }
  }

  /** One statement, failing as TypeORM's own would (`QueryFailedError`, so `isUniqueViolation` and others apply). */
  private runOne({ sql, parameters }: Statement): number {
    // As TypeORM's better-sqlite3 runner: the driver binds no booleans.
    const values = parameters.map((value) => (typeof value === 'boolean' ? Number(value) : value));
    try {
      let prepared = this.prepared.get(sql);
      if (!prepared) {
        prepared = this.database.prepare(sql);
        this.prepared.set(sql, prepared);
      }
      return prepared.run(...values).changes;
    } catch (error) {
      throw new QueryFailedError(sql, values, error as Error);
    }
  }
}
