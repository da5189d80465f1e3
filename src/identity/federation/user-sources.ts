import { Injectable, Logger } from '@nestjs/common';
import { IdentityErrorCode, IdentityException } from '../identity.exception';
import { IdentityService } from '../identity.service';
import type { UserProfile } from '../user-profile';
import { ExternalIdentityRepository } from './external-identity.repository';
import { LDAP_PROVIDER } from './linked-accounts';

/** Where an account comes from: Gatehouse itself, or an outside source it is linked to (LDAP, an upstream OP). */
export interface UserSource {
  kind: 'local' | 'directory' | 'upstream';
  provider?: string;
  /** An upstream's issuer (with `subject`, the link's key); null for a link made before issuers were kept. */
  issuer?: string | null;
  /** The source's stable id for the person. */
  subject?: string;
  linkedAt?: Date;
  lastSyncedAt?: Date | null;
}

/** Shows an account's source, and lets an admin unlink it. */
@Injectable()
export class UserSources {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly identity: IdentityService,
    private readonly links: ExternalIdentityRepository,
  ) {}

  async userWithSource(userId: number): Promise<{ user: UserProfile; source: UserSource }> {
    const user = await this.identity.findProfile(userId);
    if (!user) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, `There is no user with id ${userId}`);
    }
    const link = await this.links.findByUser(userId);
    const source: UserSource = link
      ? {
          kind: link.provider === LDAP_PROVIDER ? 'directory' : 'upstream',
          provider: link.provider,
          ...(link.provider === LDAP_PROVIDER ? {} : { issuer: link.issuer }),
          subject: link.subject,
          linkedAt: link.linkedAt,
          lastSyncedAt: link.lastSyncedAt,
        }
      : { kind: 'local' };
    return { user, source };
  }

  /**
   * Unlinking makes the account a local one: its source (the directory, an upstream provider) no longer signs it in,
   * refreshes it or blocks it; its groups stay as they are, now as if set by hand; it has no password until an admin
   * resets one. The source's person signing in afterwards meets a name clash, not this account, until the admin
   * renames or removes it.
   */
  async unlink(actorId: number, userId: number): Promise<{ user: UserProfile; source: UserSource }> {
    const link = await this.links.findByUser(userId);
    if (!link) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, `The user with id ${userId} is not linked`);
    }
    await this.links.remove(link.id);
    this.audit.log({ action: 'unlink', actorId, userId, provider: link.provider }, 'account unlinked from its source');
    return this.userWithSource(userId);
  }
}
