import { type ConsumerActor, checkConsumerAccess } from '../consumers/checks/check-consumer-access';
import type { Consumer } from '../consumers/consumer';
import { OAUTH1_ERRORS } from './mediawiki-errors';
import { Oauth1Refusal } from './oauth1-refusal';

/**
 * The consumer check of every door (DESIGN §3) in MediaWiki's words (reference §4.9, §6.3): "The request came
 * from an invalid IP address." for an address outside the restrictions, "…set up incorrectly" when the consumer
 * may not act for whom it acts.
 */
export function assertConsumerAccess(consumer: Consumer, actor: ConsumerActor, address: string | undefined): void {
  const refusal = checkConsumerAccess(consumer, actor, address);
  if (refusal === 'address') {
    throw new Oauth1Refusal(OAUTH1_ERRORS.badIp());
  }
  if (refusal) {
    throw new Oauth1Refusal(OAUTH1_ERRORS.notUsable(consumer.name));
  }
}
