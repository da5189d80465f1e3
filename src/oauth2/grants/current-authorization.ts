import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { checkConsumerAccess } from '../../consumers/checks/check-consumer-access';
import type { Acceptance } from '../../grants/acceptance';
import { Oauth2Error } from '../oauth2-error';
import { AuthorizationState } from './authorization-state';

/**
 * What every user-bound issuance re-checks at the moment of issuing (reference §5.3, §5.9): the client may still
 * act for the user from the caller's `address` (DESIGN §3), the user may still use apps, and the authorization
 * still exists (a missing one counts as revoked). Answers that authorization, whose grants bound the scopes. The user
 * and the authorization are read through the cached state that every change drops at once (`AuthorizationState`).
 */
@Injectable()
export class CurrentAuthorization {
  constructor(
    private readonly state: AuthorizationState,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async require(
    consumer: Consumer,
    userId: number,
    acceptanceId: number,
    address: string | undefined,
  ): Promise<Acceptance> {
    if (this.config.oauth.readOnly) {
      throw new Oauth2Error('temporarily_unavailable', 'The authorization server is read-only for maintenance');
    }
    const refusal = checkConsumerAccess(consumer, { userId }, address);
    if (refusal === 'address') {
      throw new Oauth2Error('invalid_client', `Client ${consumer.key} may not be used from this address`);
    }
    if (refusal) {
      throw new Oauth2Error('invalid_grant', `Client ${consumer.key} is not usable by user with ID ${userId}`);
    }
    const user = await this.state.user(userId);
    if (!user || user.blocked || user.locked) {
      throw new Oauth2Error('invalid_grant', 'The user may not use apps');
    }
    const acceptance = await this.state.acceptance(acceptanceId);
    if (!acceptance || acceptance.userId !== userId || acceptance.consumerId !== consumer.id) {
      throw new Oauth2Error('invalid_grant', 'The user has revoked this authorization');
    }
    return acceptance;
  }
}
