import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, IsNull, MoreThan, Not, Repository } from 'typeorm';
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
   * Whether a later token of the family (ids grow, so a child has a higher id than its parent) was used too: the
   * chain has moved past this token's child. Ids, not times, since MariaDB keeps `rotated_at` to the second.
   */
  async familyMovedOn(familyId: string, tokenId: number): Promise<boolean> {
    return this.tokens.existsBy({ familyId, id: MoreThan(tokenId), rotatedAt: Not(IsNull()) });
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

  private async revokeWhere(where: FindOptionsWhere<RefreshTokenEntity>): Promise<void> {
    await this.tokens.update({ ...where, revoked: false }, { revoked: true });
  }
}
