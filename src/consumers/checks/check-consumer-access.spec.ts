import { aConsumer } from '../../../test/fixtures/consumer.fixture';
import { ConsumerStage } from '../consumer-stage';
import { type ConsumerActor, checkConsumerAccess } from './check-consumer-access';

const OWNER = 5;
const OTHER = 9;
const base = aConsumer({ ownerId: OWNER });
const proposed = { stage: ConsumerStage.Proposed };
const ownerOnly = { ownerOnly: true };

describe('checkConsumerAccess (DESIGN §3, reference §1.5, §6.5)', () => {
  it.each<[string, object, ConsumerActor, string | undefined]>([
    ['approved, any user', {}, { userId: OTHER }, undefined],
    ['approved, no user', {}, { userId: undefined }, undefined],
    ['approved, the client itself', {}, 'itself', undefined],
    ['approved, a user to come', {}, 'someone', undefined],
    ['proposed, its owner', proposed, { userId: OWNER }, undefined],
    ['proposed, another user', proposed, { userId: OTHER }, 'unusable'],
    ['proposed, no user', proposed, { userId: undefined }, 'unusable'],
    ['proposed, the client itself (no owner acts)', proposed, 'itself', 'unusable'],
    ['proposed, a user to come (the owner may)', proposed, 'someone', undefined],
    ['owner-only, its owner', ownerOnly, { userId: OWNER }, undefined],
    ['owner-only, another user', ownerOnly, { userId: OTHER }, 'unusable'],
    ['owner-only, the client itself (acts for its owner)', ownerOnly, 'itself', undefined],
    ['disabled, its owner', { stage: ConsumerStage.Disabled }, { userId: OWNER }, 'unusable'],
    ['disabled, a user to come', { stage: ConsumerStage.Disabled }, 'someone', 'unusable'],
    ['rejected, a user to come', { stage: ConsumerStage.Rejected }, 'someone', 'unusable'],
    ['expired, a user to come', { stage: ConsumerStage.Expired }, 'someone', 'unusable'],
    ['suppressed, its owner', { suppressed: true }, { userId: OWNER }, 'unusable'],
  ])('%s', (_label, change, actor, refusal) => {
    expect(checkConsumerAccess({ ...base, ...change }, actor, '192.0.2.1')).toBe(refusal);
  });

  it('holds the IP ranges of the restrictions, whoever acts', () => {
    const restricted = { ...base, restrictions: { ipAddresses: ['10.0.0.0/8', '2001:db8::/32'] } };
    for (const actor of [{ userId: OWNER }, 'itself', 'someone'] as ConsumerActor[]) {
      expect(checkConsumerAccess(restricted, actor, '10.1.2.3')).toBeUndefined();
      expect(checkConsumerAccess(restricted, actor, '::ffff:10.1.2.3')).toBeUndefined();
      expect(checkConsumerAccess(restricted, actor, '2001:db8::7')).toBeUndefined();
      expect(checkConsumerAccess(restricted, actor, '127.0.0.1')).toBe('address');
      expect(checkConsumerAccess(restricted, actor, '::1')).toBe('address');
      expect(checkConsumerAccess(restricted, actor, undefined)).toBe('address');
    }
  });

  it('answers the stage before the address', () => {
    const both = { ...base, ...proposed, restrictions: { ipAddresses: ['10.0.0.0/8'] } };
    expect(checkConsumerAccess(both, 'itself', '127.0.0.1')).toBe('unusable');
  });
});
