import { Injectable } from '@nestjs/common';
import type { Consumer } from '../../consumers/consumer';
import type { OwnerOnlyTokenIssuer } from '../../consumers/owner-only-tokens';
import type { Acceptance } from '../../grants/acceptance';
import { AccessTokenIssuer } from './access-token.issuer';
import { TokenRevocation } from './token-revocation.service';

/**
 * The token an owner-only OAuth 2 client gets at registration and on secret reset (reference §3, §5.9): acting
 * for the owner with all of the client's grants, never expiring (MediaWiki: 1000 years), and the only live one.
 */
@Injectable()
export class OwnerOnlyAccessTokens implements OwnerOnlyTokenIssuer {
  constructor(
    private readonly issuer: AccessTokenIssuer,
    private readonly revocation: TokenRevocation,
  ) {}

  async issue(consumer: Consumer, acceptance: Acceptance): Promise<string> {
    await this.revocation.revokeConsumer(consumer.id);
    const issued = await this.issuer.issue({
      consumer,
      userId: acceptance.userId,
      acceptanceId: acceptance.id,
      scopes: acceptance.grants,
      familyId: null,
      ttlSeconds: Number.POSITIVE_INFINITY,
      senderKey: undefined,
    });
    return issued.token;
  }
}
