import type { ConsumerAction, ConsumerLifecycleEvent } from '../common/events/consumer-lifecycle.event';

/** The consumer actions MediaWiki sends an Echo event for (reference §7); the others notify nobody. */
export const NOTIFYING_ACTIONS = ['propose', 'update', 'approve', 'reject', 'disable', 'reenable'] as const;
export type NotifyingAction = (typeof NOTIFYING_ACTIONS)[number];
export type NotificationType = `oauth-app-${NotifyingAction}`;

/** Echo caps the notified admins at 5000; a larger group still gets a bounded transaction. */
export const MAX_GROUP_RECIPIENTS = 5000;

/** Who hears of an action: the members of `OAUTH_GROUPS_TO_NOTIFY`, the consumer's owner, or nobody. */
export type Audience = 'notify-groups' | 'owner' | 'nobody';

export function audienceOf(action: ConsumerAction): Audience {
  switch (action) {
    case 'propose':
      return 'notify-groups';
    case 'update':
    case 'approve':
    case 'reject':
    case 'disable':
    case 'reenable':
      return 'owner';
    // Auto-approved and owner-only consumers need no review; suppression is not announced (reference §2.2, §2.5).
    case 'propose-autoapproved':
    case 'create-owner-only':
    case 'suppress':
      return 'nobody';
  }
}

export function isNotifying(action: ConsumerAction): action is NotifyingAction {
  return audienceOf(action) !== 'nobody';
}

export function notificationTypeOf(action: NotifyingAction): NotificationType {
  return `oauth-app-${action}`;
}

/**
 * The users an event notifies, in ascending id order. Proposals go to the current members of the notified
 * groups except the owner (who knows already); owner events go to the owner unless they acted themselves.
 */
export function recipientsOf(event: ConsumerLifecycleEvent, groupMembers: readonly number[]): number[] {
  const owner = event.consumer.ownerId;
  switch (audienceOf(event.action)) {
    case 'notify-groups':
      return [...new Set(groupMembers)]
        .filter((id) => id !== owner)
        .sort((a, b) => a - b)
        .slice(0, MAX_GROUP_RECIPIENTS);
    case 'owner':
      return event.actor.id === owner ? [] : [owner];
    case 'nobody':
      return [];
  }
}

/**
 * Whether the action takes the consumer out of the proposed stage. Echo stops showing a proposal once it was
 * handled, so its `oauth-app-propose` entries are dropped: no stale reviews to do, and nothing left naming a
 * consumer that was rejected with suppression.
 */
export function settlesProposal(action: ConsumerAction): boolean {
  switch (action) {
    case 'approve':
    case 'reject':
    case 'disable':
    case 'reenable':
    case 'suppress':
      return true;
    case 'propose':
    case 'propose-autoapproved':
    case 'create-owner-only':
    case 'update':
      return false;
  }
}
