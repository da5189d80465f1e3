import { DEFAULT_RESTRICTIONS, type Consumer } from './consumer';
import { ConsumerStage } from './consumer-stage';
import { isUsableBy } from './consumer-usability';

const base: Consumer = {
  id: 1,
  key: 'k'.repeat(32),
  name: 'App',
  version: '1.0',
  ownerId: 5,
  callbackUrl: 'https://app.example/cb',
  callbackIsPrefix: false,
  description: 'd',
  email: '',
  ownerOnly: false,
  wiki: '*',
  grants: ['basic'],
  registeredAt: new Date(0),
  secretKey: 's'.repeat(32),
  rsaKey: null,
  restrictions: DEFAULT_RESTRICTIONS,
  stage: ConsumerStage.Approved,
  stageTimestamp: new Date(0),
  suppressed: false,
  oauthVersion: 1,
  oauth2GrantTypes: [],
  oauth2IsConfidential: true,
  configurationBased: false,
  skipAuthorization: false,
  changeCounter: 0,
};

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
