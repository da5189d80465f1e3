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
};

describe('change tokens', () => {
  it('changes with every editable field and never shows the secret', () => {
    const token = changeToken(consumer);
    expect(token).not.toContain(consumer.secretKey);
    for (const change of [
      { stage: ConsumerStage.Approved },
      { suppressed: true },
      { secretKey: 't'.repeat(32) },
      { rsaKey: 'pem' },
      { restrictions: { ipAddresses: ['10.0.0.0/8'] } },
    ]) {
      expect(changeToken({ ...consumer, ...change })).not.toBe(token);
    }
  });

  it('matches If-Match lists, weak tags and *, and treats no header as no check', () => {
    const token = changeToken(consumer);
    expect(matchesIfMatch(undefined, consumer)).toBe(true);
    expect(matchesIfMatch('*', consumer)).toBe(true);
    expect(matchesIfMatch(`"other", W/${token}`, consumer)).toBe(true);
    expect(matchesIfMatch('"other"', consumer)).toBe(false);
  });
});
