import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, Repository } from 'typeorm';
import type { Acceptance } from './acceptance';
import { AcceptanceEntity } from './acceptance.entity';

export type AcceptanceChanges = Partial<Pick<Acceptance, 'grants' | 'acceptedAt' | 'accessSecretStored'>>;

/** The only code that touches `oauth_accepted_consumer`; it hands out plain `Acceptance` objects, never entities. */
@Injectable()
export class AcceptanceRepository {
  constructor(@InjectRepository(AcceptanceEntity) private readonly acceptances: Repository<AcceptanceEntity>) {}

  find(userId: number, consumerId: number, wiki: string): Promise<Acceptance | undefined> {
    return this.findOne({ userId, consumerId, wiki });
  }

  findById(id: number): Promise<Acceptance | undefined> {
    return this.findOne({ id });
  }

  findByAccessToken(accessToken: string): Promise<Acceptance | undefined> {
    return this.findOne({ accessToken });
  }

  /** Most recently accepted first. */
  async listForUser(userId: number): Promise<Acceptance[]> {
    const rows = await this.acceptances.find({ where: { userId }, order: { accepted: 'DESC', id: 'DESC' } });
    return rows.map(toAcceptance);
  }

  async listForConsumer(consumerId: number): Promise<Acceptance[]> {
    const rows = await this.acceptances.find({ where: { consumerId }, order: { id: 'ASC' } });
    return rows.map(toAcceptance);
  }

  /** Fails with a unique violation when (user, consumer, wiki) or the access token is taken. */
  async insert(acceptance: Omit<Acceptance, 'id'>): Promise<Acceptance> {
    const result = await this.acceptances.insert({
      wiki: acceptance.wiki,
      userId: acceptance.userId,
      consumerId: acceptance.consumerId,
      accessToken: acceptance.accessToken,
      accessSecret: acceptance.accessSecretStored,
      grants: acceptance.grants,
      accepted: acceptance.acceptedAt,
      oauthVersion: acceptance.oauthVersion,
    });
    return { ...acceptance, id: (result.identifiers[0] as { id: number }).id };
  }

  /** Changes the row if it exists (MariaDB counts only rows whose values changed, so no count is returned). */
  async update(id: number, changes: AcceptanceChanges): Promise<void> {
    const columns: Partial<AcceptanceEntity> = {};
    if (changes.grants !== undefined) {
      columns.grants = changes.grants;
    }
    if (changes.acceptedAt !== undefined) {
      columns.accepted = changes.acceptedAt;
    }
    if (changes.accessSecretStored !== undefined) {
      columns.accessSecret = changes.accessSecretStored;
    }
    await this.acceptances.update({ id }, columns);
  }

  /** Whether there was a row to delete (false when a concurrent call deleted it first). */
  async delete(id: number): Promise<boolean> {
    const result = await this.acceptances.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  private async findOne(where: FindOptionsWhere<AcceptanceEntity>): Promise<Acceptance | undefined> {
    const row = await this.acceptances.findOneBy(where);
    return row ? toAcceptance(row) : undefined;
  }
}

function toAcceptance(row: AcceptanceEntity): Acceptance {
  return {
    id: row.id,
    wiki: row.wiki,
    userId: row.userId,
    consumerId: row.consumerId,
    accessToken: row.accessToken,
    accessSecretStored: row.accessSecret,
    grants: row.grants,
    acceptedAt: row.accepted,
    oauthVersion: row.oauthVersion === 2 ? 2 : 1,
  };
}
