import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
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
}

/**
 * The answer of the user-bound grants: an access token, and a refresh token in the same family when the client
 * may refresh (MediaWiki hands one out regardless; a client not allowed to use it should not hold it).
 */
@Injectable()
export class TokenPairService {
  constructor(
    private readonly accessTokens: AccessTokenIssuer,
    private readonly refreshTokens: RefreshTokenService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async issue(grant: UserGrant): Promise<TokenResponse> {
    const access = await this.accessTokens.issue({ ...grant, userId: grant.userId });
    const response: TokenResponse = {
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      access_token: access.token,
      scope: grant.scopes.join(' '),
    };
    if (this.mayRefresh(grant.consumer)) {
      response.refresh_token = await this.refreshTokens.issue({ ...grant, accessTokenJti: access.jti });
    }
    return response;
  }

  private mayRefresh(consumer: Consumer): boolean {
    return (
      consumer.oauth2GrantTypes.includes('refresh_token') &&
      this.config.oauth2.enabledGrantTypes.includes('refresh_token')
    );
  }
}
