import { Oauth2Error, type Oauth2ErrorCode } from '../oauth2-error';

/**
 * Answers that are steps of a flow that works, not refusals: a device polling before the user decided (RFC 8628
 * §3.5) and a DPoP client learning the server's nonce (RFC 9449 §8). A device behind an office's NAT polls for
 * minutes; counting those would lock its neighbours out.
 */
const FLOW_STEPS: ReadonlySet<Oauth2ErrorCode> = new Set(['authorization_pending', 'slow_down', 'use_dpop_nonce']);

/** What the refusal-counting limits of the token endpoint and introspection count: a refused request, no flow step. */
export function isCountedRefusal(error: unknown): boolean {
  return error instanceof Oauth2Error && error.status < 500 && !FLOW_STEPS.has(error.error);
}
