/**
 * Published after a consumer's state changed and the change (with its audit-log row) is committed. Other
 * modules (notifications, caches) react to it without `consumers` importing them.
 */
export const CONSUMER_LIFECYCLE_EVENT = 'consumer.lifecycle';

export type ConsumerAction =
  | 'propose'
  | 'propose-autoapproved'
  | 'create-owner-only'
  | 'update'
  | 'approve'
  | 'reject'
  | 'disable'
  | 'reenable'
  | 'suppress';

export interface ConsumerLifecycleEvent {
  action: ConsumerAction;
  consumer: { id: number; key: string; name: string; version: string; ownerId: number; ownerName: string };
  actor: { id: number; name: string };
  /** The reason given (the description, for proposals). */
  comment: string;
  at: Date;
}
