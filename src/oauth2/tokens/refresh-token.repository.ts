import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, LessThan, MoreThan, Repository } from 'typeorm';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../../database/batched-delete';
import { PlainFind } from '../../database/plain-find';
import { PlainInsert, type RowShape } from '../../database/plain-insert';
import { PlainUpdate } from '../../database/plain-update';
import { WriteBatcher } from '../../database/write-batcher';
import { RefreshTokenEntity } from './refresh-token.entity';

export interface RefreshTokenRecord {
  id: number;
  tokenHash: string;
  accessTokenJti: string;
  acceptanceId: number;
  consumerId: number;
  userId: number | null;
  scopes: string[];
  familyId: string;
  expires: Date;
  rotatedAt: Date | null;
  revoked: boolean;
  /** RFC 9449 §5: the DPoP key a public client's token is bound to; null when unbound. */
  dpopJkt: string | null;
  /** RFC 8707 §2: the resource the grant was made for; null when none was named. */
  resource: string | null;
}

export type IssuedToken = Pick<RefreshTokenRecord, 'id' | 'accessTokenJti' | 'rotatedAt' | 'revoked'>;

type NewRefreshToken = Omit<RefreshTokenRecord, 'id' | 'rotatedAt' | 'revoked'>;

const NEW_ROW: RowShape<RefreshTokenEntity, NewRefreshToken> = [
  ['tokenHash', (record) => record.tokenHash],
  ['accessTokenJti', (record) => record.accessTokenJti],
  ['acceptanceId', (record) => record.acceptanceId],
  ['consumerId', (record) => record.consumerId],
  ['userId', (record) => record.userId],
  ['scopes', (record) => record.scopes],
  ['familyId', (record) => record.familyId],
  ['expires', (record) => record.expires],
  ['rotatedAt', () => null],
  ['revoked', () => false],
  ['dpopJkt', (record) => record.dpopJkt],
  ['resource', (record) => record.resource],
];

/** The only code that touches `oauth2_refresh_tokens`; it only ever sees hashes of the tokens. */
@Injectable()
export class RefreshTokenRepository {
  private readonly inserts: WriteBatcher<NewRefreshToken>;
  private readonly byHash: PlainFind<RefreshTokenEntity>;
  /** Sets `rotated_at` of an unused, live token: the compare-and-set of rotation. */
  private readonly rotate: PlainUpdate<RefreshTokenEntity>;
  /** Revokes an unused, live token. */
  private readonly revokeUnused: PlainUpdate<RefreshTokenEntity>;

  constructor(@InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>) {
    const rows = new PlainInsert(tokens, NEW_ROW);
    this.inserts = new WriteBatcher((records) => rows.run(records));
    this.byHash = new PlainFind(tokens, 'tokenHash');
    this.rotate = new PlainUpdate(tokens, { set: ['rotatedAt'], where: ['id', 'revoked'], whereNull: ['rotatedAt'] });
    this.revokeUnused = new PlainUpdate(tokens, {
      set: ['revoked'],
      where: ['id', 'revoked'],
      whereNull: ['rotatedAt'],
    });
  }

  /** Settles once the row is committed; the tokens issued in the same moment share one INSERT (group commit). */
  insert(record: NewRefreshToken): Promise<void> {
    return this.inserts.add(record);
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    return this.byHash.one(tokenHash);
  }

  /** Marks the token used; exactly one of concurrent callers gets true. */
  async markRotated(id: number, at: Date): Promise<boolean> {
    return (await this.rotate.run([at], [id, false])) > 0;
  }

  /**
   * The tokens issued after this one in its family, oldest first: its successors, then theirs. Ids, not times, since
   * ids grow with every insert and MariaDB keeps `rotated_at` to the second.
   */
  async issuedAfter(familyId: string, tokenId: number): Promise<IssuedToken[]> {
    return this.tokens.find({
      select: { id: true, accessTokenJti: true, rotatedAt: true, revoked: true },
      where: { familyId, id: MoreThan(tokenId) },
      order: { id: 'ASC' },
    });
  }

  /**
   * Revokes a token that nobody has used yet, because another one takes its place; exactly one of concurrent callers
   * (and of a concurrent `markRotated`) gets true.
   */
  async supersede(id: number): Promise<boolean> {
    return (await this.revokeUnused.run([true], [id, false])) > 0;
  }

  async revoke(id: number): Promise<void> {
    await this.revokeWhere({ id });
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

  /** Deletes the rows of tokens that expired before `before`, whether used, revoked or neither. */
  purgeExpired(before: Date, batches: PurgeBatches): Promise<TablePurge> {
    return deleteInBatches(this.tokens, { expires: LessThan(before) }, batches);
  }

  private async revokeWhere(where: FindOptionsWhere<RefreshTokenEntity>): Promise<void> {
    await this.tokens.update({ ...where, revoked: false }, { revoked: true });
  }
}
