import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsumerStage } from './consumer-stage';
import { GrantCatalogue } from '../grants/grant-catalogue';
import { checkStaticConsumer, loadStaticConsumers } from './static-consumers';

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
      dpopBoundAccessTokens: false,
    });
    const [requiring] = loadStaticConsumers(file([{ ...app, dpopBoundAccessTokens: true }]), 'x');
    expect(requiring.dpopBoundAccessTokens).toBe(true);
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
    [{ ...app, postLogoutRedirectUris: 'https://portal.example/bye' }, 'postLogoutRedirectUris must be an array'],
    [{ ...app, backchannelLogoutUri: 42 }, 'backchannelLogoutUri must be a non-empty string'],
    [{ ...app, dpopBoundAccessTokens: 'yes' }, 'dpopBoundAccessTokens must be true or false'],
    [{ ...app, oauthVersion: 1, dpopBoundAccessTokens: true }, 'dpopBoundAccessTokens is for OAuth 2 apps only'],
  ])('refuses a malformed app (%#)', (entry, reason) => {
    expect(() => loadStaticConsumers(file([entry]), 'x')).toThrow(reason);
  });

  it('refuses duplicate ids or keys', () => {
    expect(() => loadStaticConsumers(file([app, app]), 'x')).toThrow('twice');
  });
});

describe('checkStaticConsumer', () => {
  const catalogue = new GrantCatalogue({ files: {} });
  const types = ['authorization_code', 'refresh_token', 'client_credentials'];
  const load = (overrides: object) => loadStaticConsumers(file([{ ...app, ...overrides }]), 'x')[0];

  it('accepts a valid app', () => {
    expect(() => checkStaticConsumer(load({}), catalogue, types)).not.toThrow();
  });

  it('answers the app with its callback serialized, as registered ones are stored', () => {
    const checked = checkStaticConsumer(load({ callbackUrl: 'HTTPS://Portal.Example:443/a/../cb' }), catalogue, types);
    expect(checked.callbackUrl).toBe('https://portal.example/cb');
  });

  it('answers the app with its OpenID Connect logout URIs serialized, and none when the file gives none', () => {
    const checked = checkStaticConsumer(
      load({
        postLogoutRedirectUris: ['HTTPS://Portal.Example/bye', 'https://portal.example/bye'],
        backchannelLogoutUri: 'HTTPS://Portal.Example:443/logout',
      }),
      catalogue,
      types,
    );
    expect(checked.postLogoutRedirectUris).toEqual(['https://portal.example/bye']);
    expect(checked.backchannelLogoutUri).toBe('https://portal.example/logout');
    expect(checkStaticConsumer(load({ oauthVersion: 1 }), catalogue, types)).toMatchObject({
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
    });
  });

  it('answers the app with its client keys and PAR rule, a secret client by default', () => {
    expect(checkStaticConsumer(load({}), catalogue, types)).toMatchObject({
      tokenEndpointAuthMethod: 'client_secret_basic',
      jwks: null,
      jwksUri: null,
      requirePushedAuthorizationRequests: false,
    });
    const keyed = checkStaticConsumer(
      load({
        secretKey: undefined,
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwksUri: 'https://portal.example/jwks.json',
        requirePushedAuthorizationRequests: true,
      }),
      catalogue,
      types,
    );
    expect(keyed).toMatchObject({
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwksUri: 'https://portal.example/jwks.json',
      requirePushedAuthorizationRequests: true,
    });
  });

  it.each([
    [{ version: 'not a version' }, 'invalid version'],
    [{ grants: ['fly'] }, 'unknown grants fly'],
    [{ callbackUrl: 'nonsense' }, 'callbackUrl'],
    [{ callbackUrl: 'javascript:alert(1)', oauth2IsConfidential: false }, 'RFC 8252'],
    [{ callbackUrl: 'https://portal.example\n.evil.example/cb' }, 'invisible'],
    [{ oauth2GrantTypes: ['password'] }, 'grant types not enabled'],
    [{ restrictions: { IPAddresses: ['42'] } }, 'Invalid IP range'],
    [{ oauthVersion: 1, rsaKey: 'garbage' }, 'Invalid public key'],
    [{ postLogoutRedirectUris: ['http://portal.example/bye'] }, 'postLogoutRedirectUris[0]: Non-local'],
    [{ backchannelLogoutUri: 'http://portal.example/logout' }, 'backchannelLogoutUri must use https'],
    [{ oauthVersion: 1, backchannelLogoutUri: 'https://portal.example/logout' }, 'for OAuth 2 consumers only'],
    [{ ownerOnly: true, postLogoutRedirectUris: ['https://portal.example/bye'] }, 'Owner-only clients'],
    [{ tokenEndpointAuthMethod: 'private_key_jwt' }, 'either as jwks or as jwksUri'],
    [{ tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [{ kty: 'oct', k: 'eA' }] } }, 'RSA, EC or OKP'],
    [{ oauthVersion: 1, jwksUri: 'https://portal.example/jwks' }, 'for OAuth 2 consumers only'],
    [{ oauthVersion: 1, requirePushedAuthorizationRequests: true }, 'OAuth 2 apps only'],
  ])('runs the normal field rules on %j', (overrides, reason) => {
    expect(() => checkStaticConsumer(load(overrides), catalogue, types)).toThrow(reason);
  });
});
