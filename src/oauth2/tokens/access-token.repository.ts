import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { AccessTokenEntity } from './access-token.entity';

export interface AccessTokenRecord {
  jti: string;
  expires: Date;
  acceptanceId: number;
  consumerId: number;
  revoked: boolean;
  familyId: string | null;
}

/** The only code that touches `oauth2_access_tokens`. Revocation flags rows rather than deleting them. */
@Injectable()
export class AccessTokenRepository {
  constructor(@InjectRepository(AccessTokenEntity) private readonly tokens: Repository<AccessTokenEntity>) {}

  /**
   * One plain INSERT on every token issued: TypeORM's insert builder costs several times the statement (and
   * reads the row back on MariaDB). Values still go through the driver's conversion, as TypeORM would send them.
   */
  async insert(record: Omit<AccessTokenRecord, 'revoked'>): Promise<void> {
    const values: [keyof AccessTokenEntity, unknown][] = [
      ['identifier', record.jti],
      ['expires', record.expires],
      ['acceptanceId', record.acceptanceId],
      ['consumerId', record.consumerId],
      ['revoked', false],
      ['familyId', record.familyId],
    ];
    const { driver } = this.tokens.manager.connection;
    const columns = values.map(([property]) => this.column(property));
    await this.tokens.query(
      `INSERT INTO oauth2_access_tokens (${columns.map((column) => column.databaseName).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      values.map(([, value], index) => driver.preparePersistentValue(value, columns[index]) as unknown),
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
