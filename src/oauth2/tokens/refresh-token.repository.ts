import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, IsNull, LessThan, MoreThan, Repository } from 'typeorm';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../../database/batched-delete';
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
}

export type IssuedToken = Pick<RefreshTokenRecord, 'id' | 'accessTokenJti' | 'rotatedAt' | 'revoked'>;

/** The only code that touches `oauth2_refresh_tokens`; it only ever sees hashes of the tokens. */
@Injectable()
export class RefreshTokenRepository {
  constructor(@InjectRepository(RefreshTokenEntity) private readonly tokens: Repository<RefreshTokenEntity>) {}

  async insert(record: Omit<RefreshTokenRecord, 'id' | 'rotatedAt' | 'revoked'>): Promise<void> {
    await this.tokens.insert({ ...record, rotatedAt: null, revoked: false });
  }

  async findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    return (await this.tokens.findOneBy({ tokenHash })) ?? undefined;
  }

  /** Marks the token used; exactly one of concurrent callers gets true. */
  async markRotated(id: number, at: Date): Promise<boolean> {
    const result = await this.tokens.update({ id, rotatedAt: IsNull(), revoked: false }, { rotatedAt: at });
    return (result.affected ?? 0) > 0;
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
    const result = await this.tokens.update({ id, rotatedAt: IsNull(), revoked: false }, { revoked: true });
    return (result.affected ?? 0) > 0;
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
