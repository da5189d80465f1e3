import type { ProtocolRequest } from '../protocol/protocol-request';
import type { Oauth2GrantType } from '../../config/app-config';
import type { AuthenticatedClient } from '../protocol/client-authenticator';

/** RFC 6749 §5.1, as MediaWiki sends it plus the granted `scope`. */
export interface TokenResponse {
  token_type: 'Bearer';
  expires_in: number;
  access_token: string;
  refresh_token?: string;
  scope: string;
}

/** One grant type of the token endpoint (DESIGN §2: a registry of handlers). */
export interface TokenGrant {
  readonly type: Oauth2GrantType;
  exchange(request: ProtocolRequest, client: AuthenticatedClient): Promise<TokenResponse>;
}

export const TOKEN_GRANTS = Symbol('TOKEN_GRANTS');
