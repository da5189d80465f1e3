import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import { Oauth2Extensions } from '../extensions/oauth2-extensions';
import { type IssuingGrant, AccessTokenIssuer } from '../tokens/access-token.issuer';
import { RefreshTokenService } from '../tokens/refresh-token.service';
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
    private readonly extensions: Oauth2Extensions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `carried`: what the extensions carried with the authorization code, for `authorization_code`. */
  async issue(grant: UserGrant, carried?: Record<string, unknown>): Promise<TokenResponse> {
    const access = await this.accessTokens.issue({ ...grant, userId: grant.userId });
    const response: TokenResponse = {
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      access_token: access.token,
      scope: grant.scopes.join(' '),
    };
    if (this.mayRefresh(grant)) {
      response.refresh_token = await this.refreshTokens.issue({ ...grant, accessTokenJti: access.jti });
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
