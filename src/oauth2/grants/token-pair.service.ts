import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { Oauth2Extensions } from '../extensions/oauth2-extensions';
import { type IssuedAccessToken, type IssuingGrant, AccessTokenIssuer } from '../tokens/access-token.issuer';
import type { RefreshTokenRecord } from '../tokens/refresh-token.repository';
import { RefreshTokenService, type SingleUseDecision } from '../tokens/refresh-token.service';
import { TokenRevocation } from '../tokens/token-revocation.service';
import type { TokenResponse } from './token-grant';

export interface UserGrant {
  consumer: Consumer;
  userId: number;
  acceptanceId: number;
  scopes: string[];
  familyId: string;
  grantType: IssuingGrant;
  /** RFC 9449 §5: the DPoP key of the request (`TokenClient.senderKey`); both tokens are bound to it. */
  senderKey: string | undefined;
  /** RFC 8707 §2: the resource both tokens are for (the access token's `aud`); undefined for none. */
  resource?: string;
}

/**
 * The answer of the user-bound grants: an access token, and a refresh token in the same family when the client
 * may refresh (MediaWiki hands one out regardless; a client not allowed to use it should not hold it) and no
 * extension withholds it, plus what the extensions add (OpenID Connect's ID Token).
 */
@Injectable()
export class TokenPairService {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTokens: RefreshTokenService,
    private readonly revocation: TokenRevocation,
    private readonly extensions: Oauth2Extensions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `carried`: what the extensions carried with the authorization code, for `authorization_code`; `decision`: the
   * code's redemption, which commits the refresh token (`RefreshTokenService.issue`). The access token is recorded
   * before the decision, so a replay that revokes the code's family finds it.
   */
  async issue(
    grant: UserGrant,
    carried?: Record<string, unknown>,
    decision?: SingleUseDecision,
  ): Promise<TokenResponse> {
    const access = await this.accessTokens.issue({ ...grant, userId: grant.userId });
    let refreshToken: string | undefined;
    if (this.mayRefresh(grant)) {
      refreshToken = await this.refreshTokens.issue({ ...grant, accessTokenJti: access.jti }, decision);
    } else {
      await decision?.([]);
    }
    return this.answer(grant, access, refreshToken, carried);
  }

  /**
   * The `refresh_token` answer: a pair that takes the place of the `used` refresh token (`RefreshTokenService.rotate`).
   * The new access token's row and the revocation of the one it replaces commit with the rotation: a request that
   * loses the rotation records nothing and cuts nothing of the winner's pair, and a crash cannot leave the successor
   * naming an access token with no row, which a retry that replaces that successor must find to revoke. Only then are
   * the other instances told of the revoked token.
   */
  async rotate(grant: UserGrant, used: RefreshTokenRecord): Promise<TokenResponse> {
    const access = await this.accessTokens.issueUnrecorded({ ...grant, userId: grant.userId });
    const successor = this.mayRefresh(grant) ? { ...grant, accessTokenJti: access.token.jti } : undefined;
    const refreshToken = await this.refreshTokens.rotate(used, successor, [
      access.record,
      this.revocation.accessTokenStep(used.accessTokenJti),
    ]);
    await this.revocation.announceAccessToken(used.accessTokenJti);
    return this.answer(grant, access.token, refreshToken);
  }

  private async answer(
    grant: UserGrant,
    access: IssuedAccessToken,
    refreshToken: string | undefined,
    carried?: Record<string, unknown>,
  ): Promise<TokenResponse> {
    const response: TokenResponse = {
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      access_token: access.token,
      scope: grant.scopes.join(' '),
    };
    if (refreshToken !== undefined) {
      response.refresh_token = refreshToken;
    }
    return Object.assign(
      response,
      await this.extensions.tokenResponse({
        grant,
        clientId: access.clientId,
        accessToken: access.token,
        expiresIn: access.expiresIn,
        carried,
      }),
    );
  }

  private mayRefresh(grant: UserGrant): boolean {
    return (
      grant.consumer.oauth2GrantTypes.includes('refresh_token') &&
      this.config.oauth2.enabledGrantTypes.includes('refresh_token') &&
      this.extensions.mayRefresh(grant)
    );
  }
}
