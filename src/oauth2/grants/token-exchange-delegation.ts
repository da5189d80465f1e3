import { Oauth2Error } from '../oauth2-error';
import type { ActorClaim } from '../tokens/access-token.issuer';

/** RFC 8693 §3: the one token type exchanged here, both ways. */
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
/**
 * Actors a token may name, the acting client included: each exchange nests one more (RFC 8693 §4.1), and a chain
 * longer than this is more likely a loop between services than a delegation anyone meant.
 */
export const MAX_ACTORS = 5;

export interface ExchangeScopeSources {
  /** What the subject token still carries (its scopes that its own authorization still covers). */
  subjectScopes: readonly string[];
  /** The grants the requesting client was approved for. */
  clientGrants: readonly string[];
  /** The grants of the user's authorization of the requesting client. */
  authorizedGrants: readonly string[];
  /** The `scope` parameter, when given. */
  requested: readonly string[] | undefined;
  /** Grants that let the client exchange, not act: never carried by the result. */
  withheld: readonly string[];
}

/**
 * The scopes of an exchanged token (issue 14; RFC 8693 §2.1 `scope`, §5 "never more than the subject token"): what
 * the subject token carries ∩ what the requesting client was approved for ∩ what the user authorized it for, less
 * the grants that only enable the exchange. A requested scope outside that set is refused rather than dropped
 * (RFC 6749 §5.2 `invalid_scope`), so a client learns it asked for more than it may have; an empty result too,
 * since a token for nothing acts for nobody.
 */
export function exchangedScopes(sources: ExchangeScopeSources): string[] {
  const allowed = sources.subjectScopes.filter(
    (scope) =>
      sources.clientGrants.includes(scope) &&
      sources.authorizedGrants.includes(scope) &&
      !sources.withheld.includes(scope),
  );
  const unavailable = sources.requested?.filter((scope) => !allowed.includes(scope)) ?? [];
  if (unavailable.length > 0) {
    throw new Oauth2Error('invalid_scope', `The exchanged token cannot carry: ${unavailable.join(' ')}`);
  }
  const scopes = sources.requested ? [...sources.requested] : allowed;
  if (scopes.length === 0) {
    throw new Oauth2Error('invalid_scope', 'The subject token and this client have no scope in common');
  }
  return scopes;
}

/**
 * RFC 8693 §4.1 `act`: the requesting client is the current actor, named by its client id (`sub`, and §4.3's
 * `client_id`); the actors of the subject token, if it was exchanged before, nest inside as prior actors.
 */
export function actorClaim(clientKey: string, previous: ActorClaim | undefined): ActorClaim {
  let depth = 1;
  for (let actor = previous; actor; actor = actor.act) {
    depth += 1;
  }
  if (depth > MAX_ACTORS) {
    throw new Oauth2Error(
      'invalid_request',
      `The subject token already names ${depth - 1} actors; at most ${MAX_ACTORS} may act`,
    );
  }
  return previous ? { sub: clientKey, client_id: clientKey, act: previous } : { sub: clientKey, client_id: clientKey };
}
