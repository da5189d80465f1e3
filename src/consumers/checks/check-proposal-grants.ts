import type { GrantCatalogue } from '../../grants/grant-catalogue';
import { OIDC_SCOPES, TOKEN_EXCHANGE_GRANT } from '../../grants/grant-definition';
import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';

/**
 * Grants of a proposal (reference §2.2, §6.2): known names only; an auth-only grant stands alone; OpenID Connect's
 * scopes only on OAuth 2 consumers, and a set of them alone stays identity-only (a sign-in app needs no API rights); otherwise the hidden grants (`basic`)
 * are always added to the chosen ones.
 */
export function checkProposalGrants(requested: string[], catalogue: GrantCatalogue, oauthVersion: 1 | 2): string[] {
  const unknown = catalogue.unknown(requested);
  if (unknown.length > 0) {
    throw new ConsumerException(ConsumerErrorCode.InvalidGrants, `Invalid grant names: ${unknown.join(', ')}`);
  }
  const grants = [...new Set(requested)];
  const openid = grants.filter((grant) => OIDC_SCOPES.includes(grant));
  if (oauthVersion === 1 && openid.length > 0) {
    // OpenID Connect rests on OAuth 2; OAuth 1's identity is MediaWiki's /identify (mwoauth-authonly…).
    throw new ConsumerException(
      ConsumerErrorCode.InvalidGrants,
      `OpenID Connect scopes are for OAuth 2 consumers only: ${openid.join(', ')}`,
    );
  }
  if (oauthVersion === 1 && grants.includes(TOKEN_EXCHANGE_GRANT)) {
    // RFC 8693 is an OAuth 2 grant type; an OAuth 1.0a consumer has no token endpoint to exchange at.
    throw new ConsumerException(
      ConsumerErrorCode.InvalidGrants,
      `${TOKEN_EXCHANGE_GRANT} is for OAuth 2 consumers only`,
    );
  }
  if (grants.some((grant) => catalogue.isAuthOnly([grant]))) {
    if (grants.length !== 1) {
      throw new ConsumerException(
        ConsumerErrorCode.InvalidGrants,
        'An identity-only grant (mwoauth-authonly, mwoauth-authonlyprivate) cannot be combined with other grants',
      );
    }
    return grants;
  }
  if (catalogue.isIdentityOnly(grants)) {
    return grants;
  }
  return [...new Set([...catalogue.hiddenGrants(), ...grants])];
}
