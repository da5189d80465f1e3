import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AuthContext } from '../common/auth/auth-context';
import { Right } from '../common/auth/rights';
import { CommonErrorCode, CommonException } from '../common/errors/common.exception';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AcceptanceService } from '../grants/acceptance.service';
import { GrantsErrorCode, GrantsException } from '../grants/grants.exception';
import { IdentityService } from '../identity/identity.service';
import { ConsumerDirectory } from './consumer-directory';
import { assertWritable, mayView } from './consumer-guards';
import type { AuthorizationDto } from './dto/my-grants.dto';

/** "Manage my grants": the consumers a user authorized, and revoking them (reference §8, OAuthManageMyGrants). */
@Injectable()
export class MyGrantsService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly acceptances: AcceptanceService,
    private readonly directory: ConsumerDirectory,
    private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(auth: AuthContext, userName?: string): Promise<AuthorizationDto[]> {
    let userId = auth.userId;
    if (userName !== undefined) {
      const user = await this.identity.findProfileByName(userName);
      if (user?.id !== auth.userId && !auth.rights.has(Right.ViewPrivate)) {
        throw new CommonException(
          CommonErrorCode.PermissionDenied,
          "Viewing another user's authorizations needs the right mwoauthviewprivate",
        );
      }
      if (!user) {
        return [];
      }
      userId = user.id;
    }
    const acceptances = await this.acceptances.listForUser(userId);
    const consumers = new Map(
      (await this.directory.findByIds(acceptances.map((a) => a.consumerId))).map((c) => [c.id, c]),
    );
    const owners = await this.identity.namesOf([...consumers.values()].map((consumer) => consumer.ownerId));
    return acceptances.flatMap((acceptance) => {
      const consumer = consumers.get(acceptance.consumerId);
      if (!consumer || !mayView(consumer, auth)) {
        return [];
      }
      return [
        {
          id: acceptance.id,
          consumer: {
            consumerKey: consumer.key,
            name: consumer.name,
            version: consumer.version,
            owner: { id: consumer.ownerId, name: owners.get(consumer.ownerId) ?? '' },
          },
          grants: acceptance.grants,
          wiki: acceptance.wiki,
          acceptedAt: acceptance.acceptedAt.toISOString(),
          oauthVersion: acceptance.oauthVersion,
        },
      ];
    });
  }

  /** Revoking deletes the authorization and, through the revocation event, every token issued under it. */
  async revoke(auth: AuthContext, id: number): Promise<void> {
    assertWritable(this.config);
    const acceptance = await this.acceptances.findById(id);
    if (acceptance?.userId !== auth.userId) {
      throw new GrantsException(GrantsErrorCode.AcceptanceNotFound, `You have no authorization with id ${id}`);
    }
    await this.acceptances.revoke(id);
    // MediaWiki keeps accept/renounce out of the public consumer log (reference §2.7); the audit trail is here.
    this.audit.log(
      { actorId: auth.userId, action: 'renounce', acceptanceId: id, consumerId: acceptance.consumerId },
      'authorization revoked',
    );
  }
}
