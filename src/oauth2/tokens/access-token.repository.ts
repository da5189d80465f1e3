import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, LessThan, Repository } from 'typeorm';
import type { AtomicStep } from '../../database/atomic-write';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../../database/batched-delete';
import { PlainFind } from '../../database/plain-find';
import { PlainInsert, type RowShape } from '../../database/plain-insert';
import { PlainUpdate } from '../../database/plain-update';
import { WriteBatcher } from '../../database/write-batcher';
import { AccessTokenEntity } from './access-token.entity';

export interface AccessTokenRecord {
  jti: string;
  expires: Date;
  acceptanceId: number;
  consumerId: number;
  revoked: boolean;
  familyId: string | null;
  /** RFC 9449 §6.1: the thumbprint of the DPoP key the token is bound to; null when unbound. */
  dpopJkt: string | null;
}

export type NewAccessToken = Omit<AccessTokenRecord, 'revoked'>;

const NEW_ROW: RowShape<AccessTokenEntity, NewAccessToken> = [
  ['identifier', (record) => record.jti],
  ['expires', (record) => record.expires],
  ['acceptanceId', (record) => record.acceptanceId],
  ['consumerId', (record) => record.consumerId],
  ['revoked', () => false],
  ['familyId', (record) => record.familyId],
  ['dpopJkt', (record) => record.dpopJkt],
];

/** The only code that touches `oauth2_access_tokens`. Revocation flags rows rather than deleting them. */
@Injectable()
export class AccessTokenRepository {
  private readonly rows: PlainInsert<AccessTokenEntity, NewAccessToken>;
  private readonly inserts: WriteBatcher<NewAccessToken>;
  private readonly byJti: PlainFind<AccessTokenEntity>;
  /** Revokes one live token by its `jti`. */
  private readonly revokeOne: PlainUpdate<AccessTokenEntity>;

  constructor(@InjectRepository(AccessTokenEntity) private readonly tokens: Repository<AccessTokenEntity>) {
    this.rows = new PlainInsert(tokens, NEW_ROW);
    this.inserts = new WriteBatcher((records) => this.rows.run(records));
    this.byJti = new PlainFind(tokens, 'identifier');
    this.revokeOne = new PlainUpdate(tokens, { set: ['revoked'], where: ['identifier', 'revoked'] });
  }

  /** Settles once the row is committed; the tokens issued in the same moment share one INSERT (group commit). */
  insert(record: NewAccessToken): Promise<void> {
    return this.inserts.add(record);
  }

  /** The INSERT of `record`, for a transaction that decides something with it (a refresh token's rotation). */
  insertStep(record: NewAccessToken): AtomicStep {
    return this.rows.statement([record]);
  }

  async find(jti: string): Promise<AccessTokenRecord | undefined> {
    const row = await this.byJti.one(jti);
    return row
      ? {
          jti: row.identifier,
          expires: row.expires,
          acceptanceId: row.acceptanceId,
          consumerId: row.consumerId,
          revoked: row.revoked,
          familyId: row.familyId,
          dpopJkt: row.dpopJkt,
        }
      : undefined;
  }

  /** Answers whether this call revoked it (false when unknown or already revoked). */
  async revoke(jti: string): Promise<boolean> {
    return (await this.revokeOne.run([true], [jti, false])) > 0;
  }

  /** The revocation of one token by its `jti`, for a transaction that decides something with it. */
  revokeStep(jti: string): AtomicStep {
    return this.revokeOne.statement([true], [jti, false]);
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

  private async revokeWhere(where: FindOptionsWhere<AccessTokenEntity>): Promise<boolean> {
    const result = await this.tokens.update({ ...where, revoked: false }, { revoked: true });
    return (result.affected ?? 0) > 0;
  }
}
