import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { ExternalIdentityEntity } from './external-identity.entity';

/** The only code that touches the `external_identities` table. */
@Injectable()
export class ExternalIdentityRepository {
  constructor(@InjectRepository(ExternalIdentityEntity) private readonly links: Repository<ExternalIdentityEntity>) {}

  /** The link of a person by who vouches for them: the directory (issuer ''), or an upstream's `iss`. */
  findBySubject(issuer: string, subject: string): Promise<ExternalIdentityEntity | null> {
    return this.links.findOne({ where: { issuer, subject } });
  }

  /** An upstream link made before issuers were kept (issuer unknown), by the provider name it was made under. */
  findUnbound(provider: string, subject: string): Promise<ExternalIdentityEntity | null> {
    return this.links.findOne({ where: { provider, subject, issuer: IsNull() } });
  }

  /** Records the issuer of an unbound link; false when it was bound meanwhile (by a concurrent sign-in). */
  async bind(id: number, issuer: string): Promise<boolean> {
    const result = await this.links.update({ id, issuer: IsNull() }, { issuer });
    return (result.affected ?? 0) > 0;
  }

  findByUser(userId: number): Promise<ExternalIdentityEntity | null> {
    return this.links.findOne({ where: { userId }, order: { id: 'ASC' } });
  }

  listByProvider(provider: string): Promise<ExternalIdentityEntity[]> {
    return this.links.find({ where: { provider }, order: { id: 'ASC' } });
  }

  /** Inserts the link; the unique (issuer, subject) index refuses a second account for the same person. */
  async create(
    link: Pick<ExternalIdentityEntity, 'userId' | 'provider' | 'issuer' | 'subject' | 'syncedGroups'>,
    now: Date,
  ) {
    await this.links.insert({ ...link, linkedAt: now, lastSyncedAt: now });
  }

  async synced(id: number, syncedGroups: string[], now: Date): Promise<void> {
    await this.links.update({ id }, { syncedGroups, lastSyncedAt: now });
  }

  async remove(id: number): Promise<void> {
    await this.links.delete({ id });
  }
}
