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
  /** RFC 8693 §2.2.1, token exchange only. */
  issued_token_type?: string;
}

/**
 * The client of a token request as the token endpoint hands it to a grant: authenticated, and with the key of the
 * request's DPoP proof (RFC 9449 §5, its RFC 7638 thumbprint), checked by the endpoint before the grant runs;
 * undefined without a proof. Grants pass it on as `senderKey` to the token issuers, which require it, so no grant can
 * issue a token that forgets the binding.
 */
export interface TokenClient extends AuthenticatedClient {
  senderKey: string | undefined;
}

/** One grant type of the token endpoint (DESIGN §2: a registry of handlers). */
export interface TokenGrant {
  readonly type: Oauth2GrantType;
  exchange(request: ProtocolRequest, client: TokenClient): Promise<TokenResponse>;
}

export const TOKEN_GRANTS = Symbol('TOKEN_GRANTS');
