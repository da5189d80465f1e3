import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsumerStage } from './consumer-stage';
import { loadStaticConsumers } from './static-consumers';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-static-'));
const file = (apps: unknown) => {
  const path = join(dir, `${Math.random()}.json`);
  writeFileSync(path, JSON.stringify(apps));
  return path;
};
const app = {
  id: 9001,
  consumerKey: 'a'.repeat(32),
  name: 'Portal',
  version: '1.0',
  description: 'First-party portal',
  oauthVersion: 2,
  grants: ['basic'],
  userId: 1,
  callbackUrl: 'https://portal.example/cb',
  secretKey: 'b'.repeat(32),
};

describe('loadStaticConsumers (reference §1.8)', () => {
  it('serves configured apps approved, with MediaWiki defaults, marked configuration-based', () => {
    const [consumer] = loadStaticConsumers(file([app]), 'https://auth.example/oauth1/verified');
    expect(consumer).toMatchObject({
      id: 9001,
      key: app.consumerKey,
      stage: ConsumerStage.Approved,
      configurationBased: true,
      wiki: '*',
      oauth2GrantTypes: ['authorization_code', 'refresh_token'],
      oauth2IsConfidential: true,
      restrictions: { ipAddresses: ['0.0.0.0/0', '::/0'] },
    });
  });

  it('answers nothing without a file', () => {
    expect(loadStaticConsumers(undefined, 'x')).toEqual([]);
  });

  it.each([
    [{ ...app, colour: 'blue' }, 'unknown fields colour'],
    [{ ...app, consumerKey: 'short' }, 'consumerKey'],
    [{ ...app, oauthVersion: 3 }, 'oauthVersion'],
    [{ ...app, secretKey: undefined }, 'secretKey'],
    [{ ...app, grants: 'basic' }, 'grants'],
  ])('refuses a malformed app (%#)', (entry, reason) => {
    expect(() => loadStaticConsumers(file([entry]), 'x')).toThrow(reason);
  });

  it('refuses duplicate ids or keys', () => {
    expect(() => loadStaticConsumers(file([app, app]), 'x')).toThrow('twice');
  });
});
