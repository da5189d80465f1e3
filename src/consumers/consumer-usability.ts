import type { Consumer } from './consumer';
import { ConsumerStage } from './consumer-stage';

/**
 * MediaWiki's `isUsableBy` (reference §1.5): an approved shared consumer by anyone; an approved owner-only or a
 * proposed one by its owner only (for testing); nothing else by anybody. No user (`undefined`) only passes the
 * first case.
 */
export function isUsableBy(consumer: Consumer, userId: number | undefined): boolean {
  if (consumer.suppressed) {
    return false;
  }
  if (consumer.stage === ConsumerStage.Approved && !consumer.ownerOnly) {
    return true;
  }
  const ownerStage = consumer.stage === ConsumerStage.Approved || consumer.stage === ConsumerStage.Proposed;
  return ownerStage && userId !== undefined && userId === consumer.ownerId;
}
