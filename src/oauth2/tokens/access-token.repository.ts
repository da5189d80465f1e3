import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, LessThan, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../../database/batched-delete';
import { WriteBatcher } from '../../database/write-batcher';
import { AccessTokenEntity } from './access-token.entity';

export interface AccessTokenRecord {
  jti: string;
  expires: Date;
  acceptanceId: number;
  consumerId: number;
  revoked: boolean;
  familyId: string | null;
}

type NewAccessToken = Omit<AccessTokenRecord, 'revoked'>;

/** A new row: each column and where its value comes from. */
const NEW_ROW: [keyof AccessTokenEntity, (record: NewAccessToken) => unknown][] = [
  ['identifier', (record) => record.jti],
  ['expires', (record) => record.expires],
  ['acceptanceId', (record) => record.acceptanceId],
  ['consumerId', (record) => record.consumerId],
  ['revoked', () => false],
  ['familyId', (record) => record.familyId],
];

/** The only code that touches `oauth2_access_tokens`. Revocation flags rows rather than deleting them. */
@Injectable()
export class AccessTokenRepository {
  private readonly inserts = new WriteBatcher<NewAccessToken>((records) => this.insertRows(records));
  /** The columns of `NEW_ROW`, looked up once. */
  private insertColumns?: ColumnMetadata[];

  constructor(@InjectRepository(AccessTokenEntity) private readonly tokens: Repository<AccessTokenEntity>) {}

  /** Settles once the row is committed; the tokens issued in the same moment share one INSERT (group commit). */
  insert(record: NewAccessToken): Promise<void> {
    return this.inserts.add(record);
  }

  /**
   * One plain multi-row INSERT: TypeORM's insert builder costs several times the statement (and reads the rows back
   * on MariaDB). Values still go through the driver's conversion, as TypeORM would send them.
   */
  private async insertRows(records: NewAccessToken[]): Promise<void> {
    const columns = (this.insertColumns ??= NEW_ROW.map(([property]) => this.column(property)));
    const { driver } = this.tokens.manager.connection;
    const parameters = records.flatMap((record) =>
      NEW_ROW.map(([, valueOf], index) => driver.preparePersistentValue(valueOf(record), columns[index]) as unknown),
    );
    const row = `(${columns.map(() => '?').join(', ')})`;
    await this.tokens.query(
      `INSERT INTO oauth2_access_tokens (${columns.map((column) => column.databaseName).join(', ')}) VALUES ${records.map(() => row).join(', ')}`,
      parameters,
    );
  }

  async find(jti: string): Promise<AccessTokenRecord | undefined> {
    const row = await this.tokens.findOneBy({ identifier: jti });
    return row
      ? {
          jti: row.identifier,
          expires: row.expires,
          acceptanceId: row.acceptanceId,
          consumerId: row.consumerId,
          revoked: row.revoked,
          familyId: row.familyId,
        }
      : undefined;
  }

  /** Answers whether this call revoked it (false when unknown or already revoked). */
  async revoke(jti: string): Promise<boolean> {
    return this.revokeWhere({ identifier: jti });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.revokeWhere({ familyId });
  }

  async revokeByAcceptance(acceptanceId: number): Promise<void> {
    await this.revokeWhere({ acceptanceId });
  }

  async revokeByConsumer(consumerId: number): Promise<void> {
    await this.revokeWhere({ consumerId });
  }

  /** Deletes the rows of tokens that expired before `before`, revoked or not. */
  purgeExpired(before: Date, batches: PurgeBatches): Promise<TablePurge> {
    return deleteInBatches(this.tokens, { expires: LessThan(before) }, batches);
  }

  private column(property: string): ColumnMetadata {
    const column = this.tokens.metadata.findColumnWithPropertyName(property);
    if (!column) {
      throw new Error(`AccessTokenEntity has no column ${property}`);
    }
    return column;
  }

  private async revokeWhere(where: FindOptionsWhere<AccessTokenEntity>): Promise<boolean> {
    const result = await this.tokens.update({ ...where, revoked: false }, { revoked: true });
    return (result.affected ?? 0) > 0;
  }
}
