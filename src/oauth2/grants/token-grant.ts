import type { ProtocolRequest } from '../protocol/protocol-request';
import type { Oauth2GrantType } from '../../config/app-config';
import type { AuthenticatedClient } from '../protocol/client-authenticator';

/** RFC 6749 §5.1, as MediaWiki sends it plus the granted `scope`. */
export interface TokenResponse {
  /** `DPoP` when the access token is bound to the request's DPoP key (RFC 9449 §5); the token endpoint sets it. */
  token_type: 'Bearer' | 'DPoP';
  expires_in: number;
  access_token: string;
  refresh_token?: string;
  scope: string;
  /** OpenID Connect Core §3.1.3.3, added by the `oidc` extension when the grant includes `openid`. */
  id_token?: string;
}

/** One grant type of the token endpoint (DESIGN §2: a registry of handlers). */
export interface TokenGrant {
  readonly type: Oauth2GrantType;
  exchange(request: ProtocolRequest, client: AuthenticatedClient): Promise<TokenResponse>;
}

export const TOKEN_GRANTS = Symbol('TOKEN_GRANTS');
