import type { GrantCatalogue } from '../../grants/grant-catalogue';
import { ConsumerErrorCode, ConsumerException } from '../consumer.exception';

/**
 * Grants of a proposal (reference §2.2, §6.2): known names only; an auth-only grant stands alone; a set of OpenID
 * Connect scopes alone stays identity-only (a sign-in app needs no API rights); otherwise the hidden grants (`basic`)
 * are always added to the chosen ones.
 */
export function checkProposalGrants(requested: string[], catalogue: GrantCatalogue): string[] {
  const unknown = catalogue.unknown(requested);
  if (unknown.length > 0) {
    throw new ConsumerException(ConsumerErrorCode.InvalidGrants, `Invalid grant names: ${unknown.join(', ')}`);
  }
  const grants = [...new Set(requested)];
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
