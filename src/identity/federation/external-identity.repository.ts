import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ExternalIdentityEntity } from './external-identity.entity';

/** The only code that touches the `external_identities` table. */
@Injectable()
export class ExternalIdentityRepository {
  constructor(@InjectRepository(ExternalIdentityEntity) private readonly links: Repository<ExternalIdentityEntity>) {}

  findBySubject(provider: string, subject: string): Promise<ExternalIdentityEntity | null> {
    return this.links.findOne({ where: { provider, subject } });
  }

  findByUser(userId: number): Promise<ExternalIdentityEntity | null> {
    return this.links.findOne({ where: { userId }, order: { id: 'ASC' } });
  }

  listByProvider(provider: string): Promise<ExternalIdentityEntity[]> {
    return this.links.find({ where: { provider }, order: { id: 'ASC' } });
  }

  /** Inserts the link; the unique (provider, subject) index refuses a second account for the same person. */
  async create(link: Pick<ExternalIdentityEntity, 'userId' | 'provider' | 'subject' | 'syncedGroups'>, now: Date) {
    await this.links.insert({ ...link, linkedAt: now, lastSyncedAt: now });
  }

  async synced(id: number, syncedGroups: string[], now: Date): Promise<void> {
    await this.links.update({ id }, { syncedGroups, lastSyncedAt: now });
  }

  async remove(id: number): Promise<void> {
    await this.links.delete({ id });
  }
}
