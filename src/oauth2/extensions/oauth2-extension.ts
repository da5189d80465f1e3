import type { AuthContext } from '../../common/auth/auth-context';
import type { AppRequest } from '../../common/http/app-request';
import type { AuthorizationRequest } from '../authorize/authorization-request';
import type { UserGrant } from '../grants/token-pair.service';

/**
 * What an extension asks of the sign-in and the consent of one authorization request (OpenID Connect Core §3.1.2.1's
 * `prompt` and `max_age`, for one).
 */
export interface AuthorizationInteraction {
  /**
   * The user must sign in (again) before anything else. The sign-in page then returns to `returnTo` (by default the
   * request itself; a forced sign-in returns to the request without what forced it, so the loop ends) with `hint`
   * as the user name it suggests.
   */
  login?: { returnTo?: string; hint?: string };
  /**
   * `ask`: show the consent page even where it would be skipped; `reuse`: skip it when the user already allowed
   * every requested scope; `never`: reuse, and where a page would still be needed fail with `error` instead.
   */
  consent?: { mode: 'ask' } | { mode: 'never'; error: 'consent_required' } | { mode: 'reuse' };
  /** What the extension needs again when the code is exchanged; it travels with the code. */
  carried?: Record<string, unknown>;
}

/** A user grant's tokens, as the token endpoint is about to answer them. */
export interface IssuedUserGrant {
  grant: UserGrant;
  /** The client as it knows itself (the access token's `client_id`): its key, or its metadata document's URL. */
  clientId: string;
  accessToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  /** What the extension carried with the code or the device approval (`authorization_code`, `device_code`). */
  carried?: Record<string, unknown>;
}

/**
 * A protocol built over OAuth 2 (DESIGN §12: OpenID Connect), registered with `Oauth2Extensions` by its own module,
 * so `oauth2` never imports it. Every hook is optional.
 */
export interface Oauth2Extension {
  /** Its key in what travels with a code. */
  readonly name: string;
  /** Fields it adds to the RFC 8414 metadata (the same fields its own discovery document lists). */
  metadata?(): Record<string, unknown>;
  /**
   * Reads its parameters of a checked authorization request, given the caller's session (if any). Throws an
   * `Oauth2Error` to send an error back to the client's redirect URI.
   */
  authorizationRequest?(
    request: AppRequest,
    checked: AuthorizationRequest,
    auth: AuthContext | undefined,
  ): AuthorizationInteraction | undefined;
  /**
   * What it needs again when a device code (RFC 8628) is exchanged, read from the session of the person who approved
   * it on the verification page; it travels with the approval as `carried` does with a code.
   */
  deviceAuthorization?(scopes: string[], auth: AuthContext): Record<string, unknown> | undefined;
  /** Whether a refresh token goes with `grant`; any extension answering false withholds it. */
  mayRefresh?(grant: UserGrant): boolean;
  /** Fields it adds to the token response of a user grant (an ID Token, say). */
  tokenResponse?(issued: IssuedUserGrant): Promise<Record<string, unknown>>;
}
