import { changeToken, matchesIfMatch } from './change-token';
import { type Consumer, DEFAULT_RESTRICTIONS } from './consumer';
import { ConsumerStage } from './consumer-stage';

const consumer: Consumer = {
  id: 1,
  key: 'k'.repeat(32),
  name: 'App',
  version: '1.0',
  ownerId: 1,
  callbackUrl: 'https://app.example/cb',
  callbackIsPrefix: false,
  description: 'd',
  email: 'a@example.com',
  ownerOnly: false,
  wiki: '*',
  grants: ['basic'],
  registeredAt: new Date(0),
  secretKey: 's'.repeat(32),
  rsaKey: null,
  restrictions: DEFAULT_RESTRICTIONS,
  stage: ConsumerStage.Proposed,
  stageTimestamp: new Date(0),
  suppressed: false,
  oauthVersion: 2,
  oauth2GrantTypes: [],
  oauth2IsConfidential: true,
  configurationBased: false,
  skipAuthorization: false,
  changeCounter: 3,
};

describe('change tokens', () => {
  it('change with every change and never show the secret', () => {
    const token = changeToken(consumer);
    expect(token).not.toContain(consumer.secretKey);
    expect(changeToken({ ...consumer, changeCounter: 4 })).not.toBe(token);
  });

  it('match If-Match lists and *, strongly, and treat no header as no check', () => {
    const token = changeToken(consumer);
    expect(matchesIfMatch(undefined, consumer)).toBe(true);
    expect(matchesIfMatch('*', consumer)).toBe(true);
    expect(matchesIfMatch(`"other", ${token}`, consumer)).toBe(true);
    expect(matchesIfMatch(`W/${token}`, consumer)).toBe(false);
    expect(matchesIfMatch('"other"', consumer)).toBe(false);
  });
});
