/**
 * RFC 6749 §4.1.2.1 / §5.2, RFC 6750 §3.1 and RFC 7009 §2.2.1 error codes, OpenID Connect Core §3.1.2.6's for
 * authorization requests that cannot proceed without the user, RFC 8693 §2.2.2's `invalid_target`, and RFC 8628
 * §3.5's for a device's polls.
 */
export type Oauth2ErrorCode =
  | 'invalid_request'
  // RFC 9101 §6.2, used by RFC 9126 §4: a request_uri that is unknown, spent or expired.
  | 'invalid_request_uri'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'access_denied'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'unsupported_token_type'
  | 'server_error'
  | 'temporarily_unavailable'
  | 'login_required'
  | 'consent_required'
  | 'interaction_required'
  | 'invalid_target'
  | 'authorization_pending'
  | 'slow_down'
  | 'expired_token'
  // RFC 9449 §5, §7.1, §8: a DPoP proof that fails its checks, or lacks the server's current nonce.
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  // RFC 7591 §3.2.2: a dynamic registration's redirect URIs or other metadata refused.
  | 'invalid_redirect_uri'
  | 'invalid_client_metadata';

/** MediaWiki's statuses (reference §5.8): 401 for failed client or token authentication, 400 otherwise. */
const STATUS: Partial<Record<Oauth2ErrorCode, number>> = {
  invalid_client: 401,
  invalid_token: 401,
  server_error: 500,
  temporarily_unavailable: 503,
};

/** A protocol refusal; answered as RFC 6749 §5.2 JSON, or as a redirect to a trusted redirect URI. */
export class Oauth2Error extends Error {
  readonly status: number;

  constructor(
    readonly error: Oauth2ErrorCode,
    readonly description: string,
    options: { status?: number; headers?: Record<string, string> } = {},
  ) {
    super(description);
    this.status = options.status ?? STATUS[error] ?? 400;
    this.headers = options.headers ?? {};
  }

  readonly headers: Record<string, string>;
}
