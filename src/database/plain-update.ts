import type { ObjectLiteral, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { Statement } from './atomic-write';

export interface UpdateShape<E> {
  /** The columns set, in the order of the values given to `run`. */
  set: (keyof E & string)[];
  /** The columns compared for equality, in the order of the values given to `run`. */
  where: (keyof E & string)[];
  /** Columns that must also be NULL. */
  whereNull?: (keyof E & string)[];
}

/**
 * One plain UPDATE that answers how many rows it changed: the compare-and-set writes of the token endpoint (a refresh
 * token marked used exactly once, an access token revoked). TypeORM's update builder rebuilds the statement on every
 * call: 11.9 % of a refresh exchange's CPU profile for its two UPDATEs on SQLite, against 15.4 % for the RS256
 * signature. Values go through the driver's conversion, as TypeORM would send them.
 */
export class PlainUpdate<E extends ObjectLiteral> {
  private prepared?: { sql: string; set: ColumnMetadata[]; where: ColumnMetadata[] };

  constructor(
    private readonly repository: Repository<E>,
    private readonly shape: UpdateShape<E>,
  ) {}

  async run(setValues: unknown[], whereValues: unknown[]): Promise<number> {
    const { sql, parameters } = this.statement(setValues, whereValues);
    // A query runner of its own, as EntityManager.query takes one, for the structured result that counts the rows.
    const runner = this.repository.manager.connection.createQueryRunner();
    try {
      return (await runner.query(sql, parameters, true)).affected ?? 0;
    } finally {
      await runner.release();
    }
  }

  /** The UPDATE with these values, for a caller that runs it with other writes (`AtomicWrite`). */
  statement(setValues: unknown[], whereValues: unknown[]): Statement {
    const { sql, set, where } = (this.prepared ??= this.prepare());
    const { driver } = this.repository.manager.connection;
    const parameters = [
      ...setValues.map((value, index) => driver.preparePersistentValue(value, set[index]) as unknown),
      ...whereValues.map((value, index) => driver.preparePersistentValue(value, where[index]) as unknown),
    ];
    return { sql, parameters };
  }

  private prepare(): { sql: string; set: ColumnMetadata[]; where: ColumnMetadata[] } {
    const set = this.shape.set.map((property) => this.column(property));
    const where = this.shape.where.map((property) => this.column(property));
    const conditions = [
      ...where.map((column) => `${column.databaseName} = ?`),
      ...(this.shape.whereNull ?? []).map((property) => `${this.column(property).databaseName} IS NULL`),
    ];
    const assignments = set.map((column) => `${column.databaseName} = ?`);
    const sql = `UPDATE ${this.repository.metadata.tableName} SET ${assignments.join(', ')} WHERE ${conditions.join(' AND ')}`;
    return { sql, set, where };
  }

  private column(property: string): ColumnMetadata {
    const column = this.repository.metadata.findColumnWithPropertyName(property);
    if (!column) {
      throw new Error(`${this.repository.metadata.name} has no column ${property}`);
    }
    return column;
  }
}
