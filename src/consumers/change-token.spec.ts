import { aConsumer } from '../../test/fixtures/consumer.fixture';
import { changeToken, matchesIfMatch } from './change-token';
import { ConsumerStage } from './consumer-stage';

const consumer = aConsumer({ stage: ConsumerStage.Proposed, oauthVersion: 2, changeCounter: 3 });

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
