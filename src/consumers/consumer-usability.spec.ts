import { aConsumer } from '../../test/fixtures/consumer.fixture';
import { ConsumerStage } from './consumer-stage';
import { isUsableBy } from './consumer-usability';

const base = aConsumer();

describe('isUsableBy (reference §1.5)', () => {
  it.each([
    [{}, 9, true],
    [{}, undefined, true],
    [{ ownerOnly: true }, 5, true],
    [{ ownerOnly: true }, 9, false],
    [{ ownerOnly: true }, undefined, false],
    [{ stage: ConsumerStage.Proposed }, 5, true],
    [{ stage: ConsumerStage.Proposed }, 9, false],
    [{ stage: ConsumerStage.Disabled }, 5, false],
    [{ stage: ConsumerStage.Rejected }, 5, false],
    [{ stage: ConsumerStage.Expired }, 5, false],
    [{ suppressed: true }, 5, false],
  ])('%j for user %s → %s', (change, userId, usable) => {
    expect(isUsableBy({ ...base, ...change }, userId)).toBe(usable);
  });
});
