import { ConsumerStage } from './consumer-stage';
import { ownerMayUpdate, transition } from './consumer-transitions';

const { Proposed, Approved, Rejected, Expired, Disabled } = ConsumerStage;
const at = (stage: ConsumerStage, deleted = false) => ({ stage, deleted });

describe('consumer transitions (reference §2.4)', () => {
  it.each([
    ['approve', Proposed, Approved],
    ['approve', Expired, Approved],
    ['approve', Rejected, Approved],
    ['reject', Proposed, Rejected],
    ['disable', Approved, Disabled],
    ['reenable', Disabled, Approved],
  ] as const)('%s moves %s to %s', (action, from, to) => {
    expect(transition(at(from), action, false)).toEqual({ stage: to, deleted: false });
  });

  it.each([
    ['approve', Approved, 'not_proposed'],
    ['approve', Disabled, 'not_proposed'],
    ['reject', Approved, 'not_proposed'],
    ['reject', Expired, 'not_proposed'],
    ['disable', Proposed, 'not_approved'],
    ['disable', Disabled, 'not_approved'],
    ['reenable', Approved, 'not_disabled'],
    ['reenable', Proposed, 'not_disabled'],
  ] as const)('refuses %s from %s with %s', (action, from, refusal) => {
    expect(transition(at(from), action, false)).toMatchObject({ code: refusal });
  });

  it('suppresses on reject and disable when asked, and lifts it on approve and re-enable', () => {
    expect(transition(at(Proposed), 'reject', true)).toEqual({ stage: Rejected, deleted: true });
    expect(transition(at(Approved), 'disable', true)).toEqual({ stage: Disabled, deleted: true });
    expect(transition(at(Rejected, true), 'approve', false)).toEqual({ stage: Approved, deleted: false });
    expect(transition(at(Disabled, true), 'reenable', false)).toEqual({ stage: Approved, deleted: false });
  });

  it('lets disable change only the suppression flag from any stage', () => {
    expect(transition(at(Rejected), 'disable', true)).toEqual({ stage: Disabled, deleted: true });
    expect(transition(at(Disabled, true), 'disable', false)).toEqual({ stage: Disabled, deleted: false });
    expect(transition(at(Rejected, true), 'disable', true)).toMatchObject({ code: 'not_approved' });
  });

  it('lets owners update only proposed and approved consumers', () => {
    expect([Proposed, Approved, Rejected, Expired, Disabled].map(ownerMayUpdate)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
