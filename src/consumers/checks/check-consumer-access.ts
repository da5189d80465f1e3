import { inIpRanges } from '../../common/http/ip-ranges';
import type { Consumer } from '../consumer';
import { isUsableBy } from '../consumer-usability';

/**
 * Whom a consumer acts for at a door:
 * - `{ userId }`: the user of the code, refresh token, access token or OAuth 1 token it presents (`undefined` for
 *   the token of a shared client acting for nobody);
 * - `itself`: the client alone, with no user behind the call (introspection, client credentials). An owner-only
 *   client always acts for its owner; a shared one acts for nobody, so a proposal, which only its owner may use,
 *   is refused;
 * - `someone`: a user the door learns only later (the token endpoint before it spends a code or refresh token,
 *   OAuth 1 before it reads the token, revocation of the client's own tokens). Whatever some user may use passes,
 *   and the door checks again once it knows that user.
 */
export type ConsumerActor = { userId: number | undefined } | 'itself' | 'someone';

/** Why a consumer may not authenticate here: its stage or owner rule, or the address it calls from. */
export type ConsumerAccessRefusal = 'unusable' | 'address';

/**
 * "May this consumer authenticate here?", asked by every door where a consumer or its tokens are used (DESIGN §3):
 * the stage and owner rule of MediaWiki's `isUsableBy` (reference §1.5: approved shared consumers by anyone,
 * approved owner-only and proposed ones by their owner only, nothing else, nothing suppressed), then the IP ranges
 * of its restrictions (reference §6.5), which Gatehouse holds for both protocols. `address` is the caller's as the
 * door sees it (Express's `request.ip`, or the forwarded client of the gateway, both as TRUST_PROXY allows).
 * Answers the refusal, for the door to put in its protocol's words; nothing when the consumer may go on.
 */
export function checkConsumerAccess(
  consumer: Consumer,
  actor: ConsumerActor,
  address: string | undefined,
): ConsumerAccessRefusal | undefined {
  if (!isUsableBy(consumer, actingUser(consumer, actor))) {
    return 'unusable';
  }
  if (!inIpRanges(address ?? '', consumer.restrictions.ipAddresses)) {
    return 'address';
  }
  return undefined;
}

function actingUser(consumer: Consumer, actor: ConsumerActor): number | undefined {
  if (actor === 'itself') {
    return consumer.ownerOnly ? consumer.ownerId : undefined;
  }
  if (actor === 'someone') {
    // The owner is the one user every usable consumer serves: approved, owner-only and proposed alike.
    return consumer.ownerId;
  }
  return actor.userId;
}
