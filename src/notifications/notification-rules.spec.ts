import type { ConsumerAction, ConsumerLifecycleEvent } from '../common/events/consumer-lifecycle.event';
import {
  MAX_GROUP_RECIPIENTS,
  isNotifying,
  notificationTypeOf,
  recipientsOf,
  settlesProposal,
} from './notification-rules';

const OWNER = 10;
const ADMIN = 20;

function event(action: ConsumerAction, actorId: number): ConsumerLifecycleEvent {
  return {
    action,
    consumer: { id: 1, key: 'a'.repeat(32), name: 'Foo', version: '1.0', ownerId: OWNER, ownerName: 'Owner' },
    actor: { id: actorId, name: actorId === OWNER ? 'Owner' : 'Admin' },
    comment: 'why',
    at: new Date(),
  };
}

describe('recipientsOf', () => {
  it('tells every member of the notified groups of a proposal, except the owner, once each', () => {
    expect(recipientsOf(event('propose', OWNER), [30, ADMIN, OWNER, 30, 5])).toEqual([5, ADMIN, 30]);
  });

  it('tells nobody of a proposal when no group is notified', () => {
    expect(recipientsOf(event('propose', OWNER), [])).toEqual([]);
  });

  it('stops at MediaWiki’s 5000 admins', () => {
    const members = Array.from({ length: MAX_GROUP_RECIPIENTS + 10 }, (_, i) => i + 100);
    expect(recipientsOf(event('propose', OWNER), members)).toHaveLength(MAX_GROUP_RECIPIENTS);
  });

  it.each(['approve', 'reject', 'disable', 'reenable', 'update'] as const)(
    'tells the owner of %s by someone else, never the groups',
    (action) => {
      expect(recipientsOf(event(action, ADMIN), [ADMIN, 30])).toEqual([OWNER]);
    },
  );

  it.each(['approve', 'reject', 'disable', 'reenable', 'update'] as const)(
    'tells nobody of %s by the owner',
    (action) => {
      expect(recipientsOf(event(action, OWNER), [ADMIN])).toEqual([]);
    },
  );

  it.each(['propose-autoapproved', 'create-owner-only', 'suppress'] as const)('tells nobody of %s', (action) => {
    expect(isNotifying(action)).toBe(false);
    expect(recipientsOf(event(action, ADMIN), [ADMIN, 30])).toEqual([]);
  });
});

describe('notification types and settled proposals', () => {
  it('names types as Echo does', () => {
    expect(notificationTypeOf('reenable')).toBe('oauth-app-reenable');
  });

  it('settles a proposal on every review action, not on proposals or owner updates', () => {
    const settling = (
      [
        'propose',
        'propose-autoapproved',
        'create-owner-only',
        'update',
        'approve',
        'reject',
        'disable',
        'reenable',
        'suppress',
      ] as const
    ).filter(settlesProposal);
    expect(settling).toEqual(['approve', 'reject', 'disable', 'reenable', 'suppress']);
  });
});
