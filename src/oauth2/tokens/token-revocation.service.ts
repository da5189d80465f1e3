import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InvalidationBus } from '../../cache/invalidation-bus';
import type { AtomicStep } from '../../database/atomic-write';
import { ACCEPTANCE_REVOKED_EVENT, type AcceptanceRevokedEvent } from '../../common/events/acceptance-revoked.event';
import { AccessTokenRepository } from './access-token.repository';
import { RefreshTokenRepository } from './refresh-token.repository';

/** What dies together (peers §3.7): a grant's family, an authorization's tokens, a client's tokens. */
@Injectable()
export class TokenRevocation {
  constructor(
    private readonly accessTokens: AccessTokenRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly invalidations: InvalidationBus,
  ) {}

  /** Every refresh and access token descending from one authorization code. */
  async revokeFamily(familyId: string): Promise<void> {
    await this.refreshTokens.revokeFamily(familyId);
    await this.accessTokens.revokeFamily(familyId);
    await this.invalidations.publish({ familyId });
  }

  /** One access token; answers whether it was live. */
  async revokeAccessToken(jti: string): Promise<boolean> {
    const revoked = await this.accessTokens.revoke(jti);
    await this.announceAccessToken(jti);
    return revoked;
  }

  /**
   * The revocation of one access token as a step of the transaction that decides it (a refresh token's rotation);
   * once that commits, `announceAccessToken` tells the other instances.
   */
  accessTokenStep(jti: string): AtomicStep {
    return this.accessTokens.revokeStep(jti);
  }

  /** Every instance stops accepting an access token revoked by a committed `accessTokenStep`, at once. */
  async announceAccessToken(jti: string): Promise<void> {
    await this.invalidations.publish({ jti });
  }

  /** A user revoked their authorization: every OAuth 2 token issued under it dies with it (DESIGN §11). */
  @OnEvent(ACCEPTANCE_REVOKED_EVENT, { promisify: true })
  async revokeAcceptance(event: AcceptanceRevokedEvent): Promise<void> {
    await this.refreshTokens.revokeByAcceptance(event.acceptanceId);
    await this.accessTokens.revokeByAcceptance(event.acceptanceId);
    await this.invalidations.publish({ acceptanceId: event.acceptanceId });
  }

  /** Every token of a client (an owner-only client whose secret was reset). */
  async revokeConsumer(consumerId: number): Promise<void> {
    await this.refreshTokens.revokeByConsumer(consumerId);
    await this.accessTokens.revokeByConsumer(consumerId);
    await this.invalidations.publish({ consumerId });
  }
}
