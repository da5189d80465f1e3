import type { ObjectLiteral, Repository } from 'typeorm';

/**
 * One row by the value of one column, as a plain SELECT hydrated column by column through the driver (dates,
 * booleans, JSON transformers), as TypeORM would hydrate it. For the token endpoint's per-request reads, where
 * `findOneBy` builds its query anew on every call: as much CPU as the RS256 signature of the exchange on MariaDB
 * (12.9 % against 11.9 % of a refresh exchange's profile), 76 against 17 µs for a raw SELECT on SQLite
 * (`bench/micro.mjs`).
 */
export class PlainFind<E extends ObjectLiteral> {
  private sql?: string;

  constructor(
    private readonly repository: Repository<E>,
    private readonly by: keyof E & string,
  ) {}

  async one(value: unknown): Promise<E | undefined> {
    const { metadata } = this.repository;
    const { driver } = metadata.connection;
    const key = metadata.findColumnWithPropertyName(this.by);
    if (!key) {
      throw new Error(`${metadata.name} has no column ${this.by}`);
    }
    this.sql ??= `SELECT ${metadata.columns.map((column) => column.databaseName).join(', ')} FROM ${metadata.tableName} WHERE ${key.databaseName} = ? LIMIT 1`;
    const rows: Record<string, unknown>[] = await this.repository.query(this.sql, [
      driver.preparePersistentValue(value, key),
    ]);
    const [row] = rows;
    if (!row) {
      return undefined;
    }
    const entity = {} as Record<string, unknown>;
    for (const column of metadata.columns) {
      entity[column.propertyName] = driver.prepareHydratedValue(row[column.databaseName], column) as unknown;
    }
    return entity as E;
  }
}
