import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aConsumer } from '../../../test/fixtures/consumer.fixture';
import type { AppRequest } from '../../common/http/app-request';
import type { AppConfig } from '../../config/app-config';
import { loadConfig } from '../../config/load-config';
import type { Consumer } from '../../consumers/consumer';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { Oauth2Error, type Oauth2ErrorCode } from '../oauth2-error';
import {
  type AuthorizationRequest,
  checkAuthorizationRequest,
  type TrustedRedirect,
  trustedRedirect,
  UntrustedRequestError,
} from './authorization-request';

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-authorize-'));
const configWith = (env: Record<string, string> = {}) =>
  loadConfig({ DATA_DIR: dataDir, OAUTH_SECRET_KEY: 'k'.repeat(32), ...env });
const config = configWith();
const catalogue = new GrantCatalogue({ files: {} });

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const CONFIDENTIAL = aConsumer({
  id: 1,
  key: 'a'.repeat(32),
  oauthVersion: 2,
  oauth2IsConfidential: true,
  oauth2GrantTypes: ['authorization_code', 'refresh_token'],
  grants: ['basic', 'editpage', 'highvolume'],
  callbackUrl: 'https://app.example/cb',
});
const PUBLIC = aConsumer({
  id: 2,
  key: 'b'.repeat(32),
  oauthVersion: 2,
  oauth2IsConfidential: false,
  oauth2GrantTypes: ['authorization_code'],
  grants: ['basic'],
  callbackUrl: 'http://127.0.0.1:8080/cb',
});
const CREDENTIALS_ONLY = aConsumer({
  id: 3,
  key: 'c'.repeat(32),
  oauthVersion: 2,
  oauth2GrantTypes: ['client_credentials'],
});
const OAUTH1 = aConsumer({ id: 4, key: 'd'.repeat(32), oauthVersion: 1 });
const SUPPRESSED = aConsumer({ id: 5, key: 'e'.repeat(32), oauthVersion: 2, suppressed: true });
const NO_CALLBACK = aConsumer({ id: 6, key: 'f'.repeat(32), oauthVersion: 2, callbackUrl: 'not a url' });
const CONSUMERS = [CONFIDENTIAL, PUBLIC, CREDENTIALS_ONLY, OAUTH1, SUPPRESSED, NO_CALLBACK];

const findClient = (key: string) => Promise.resolve(CONSUMERS.find((consumer) => consumer.key === key));

function fakeRequest(query: Record<string, unknown>): AppRequest {
  return { query } as unknown as AppRequest;
}

/** A trusted request of `consumer` with the given extra query parameters, as step one leaves it. */
function trustedFor(consumer: Consumer, query: Record<string, unknown> = {}) {
  const request = fakeRequest({ client_id: consumer.key, ...query });
  const trusted: TrustedRedirect = {
    consumer,
    redirectUri: consumer.callbackUrl,
    redirectUriGiven: false,
    state: undefined,
    responseMode: 'query',
  };
  return { request, trusted };
}

function check(consumer: Consumer, query: Record<string, unknown>, withConfig: AppConfig = config) {
  const { request, trusted } = trustedFor(consumer, query);
  return checkAuthorizationRequest(request, trusted, withConfig, catalogue);
}

async function untrusted(attempt: Promise<unknown>, code: Oauth2ErrorCode): Promise<UntrustedRequestError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UntrustedRequestError);
  expect((error as UntrustedRequestError).error.error).toBe(code);
  return error as UntrustedRequestError;
}

function refusal(run: () => AuthorizationRequest, code: Oauth2ErrorCode): Oauth2Error {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Oauth2Error);
    expect((error as Oauth2Error).error).toBe(code);
    return error as Oauth2Error;
  }
  throw new Error(`expected ${code}`);
}

describe('trustedRedirect', () => {
  it('trusts a known client at its registered redirect URI, keeping the state', async () => {
    const request = fakeRequest({ client_id: CONFIDENTIAL.key, redirect_uri: CONFIDENTIAL.callbackUrl, state: 'xyz' });
    expect(await trustedRedirect(request, findClient)).toEqual({
      consumer: CONFIDENTIAL,
      redirectUri: CONFIDENTIAL.callbackUrl,
      redirectUriGiven: true,
      state: 'xyz',
      responseMode: 'query',
    });
  });

  it('answers in the response mode asked for, and by query when it cannot use that one', async () => {
    const asking = (responseMode: unknown, consumer = CONFIDENTIAL) =>
      trustedRedirect(fakeRequest({ client_id: consumer.key, response_mode: responseMode }), findClient);
    expect((await asking('form_post')).responseMode).toBe('form_post');
    expect((await asking('fragment')).responseMode).toBe('query');
    expect((await asking(['form_post', 'form_post'])).responseMode).toBe('query');
    expect((await asking('form_post', PUBLIC)).responseMode).toBe('form_post');
  });

  it('falls back to the registered redirect URI when none is given', async () => {
    const trusted = await trustedRedirect(fakeRequest({ client_id: CONFIDENTIAL.key }), findClient);
    expect(trusted).toMatchObject({ redirectUri: CONFIDENTIAL.callbackUrl, redirectUriGiven: false, state: undefined });
  });

  it('sends a loopback client to the port it asked for', async () => {
    const request = fakeRequest({ client_id: PUBLIC.key, redirect_uri: 'http://127.0.0.1:51234/cb' });
    expect((await trustedRedirect(request, findClient)).redirectUri).toBe('http://127.0.0.1:51234/cb');
  });

  it('drops a state that is not a single text', async () => {
    const request = fakeRequest({ client_id: CONFIDENTIAL.key, state: ['a', 'b'] });
    expect((await trustedRedirect(request, findClient)).state).toBeUndefined();
  });

  it('does not trust a request without a client_id', async () => {
    await untrusted(trustedRedirect(fakeRequest({}), findClient), 'invalid_request');
  });

  it('does not trust a repeated client_id', async () => {
    await untrusted(
      trustedRedirect(fakeRequest({ client_id: [CONFIDENTIAL.key, PUBLIC.key] }), findClient),
      'invalid_request',
    );
  });

  it.each([
    ['an unknown client', '0'.repeat(32)],
    ['a malformed client_id', 'not-a-client'],
    ['an upper-case client_id', CONFIDENTIAL.key.toUpperCase()],
    ['an OAuth 1 consumer', OAUTH1.key],
    ['a suppressed client', SUPPRESSED.key],
  ])('does not trust %s', async (_label, clientId) => {
    await untrusted(trustedRedirect(fakeRequest({ client_id: clientId }), findClient), 'invalid_client');
  });

  it('does not look up a malformed client_id at all', async () => {
    const lookup = vi.fn(findClient);
    await untrusted(trustedRedirect(fakeRequest({ client_id: 'x'.repeat(32) }), lookup), 'invalid_client');
    expect(lookup).not.toHaveBeenCalled();
  });

  it.each([
    ['another host', 'https://evil.example/cb'],
    ['another path', 'https://app.example/other'],
    ['an added query', 'https://app.example/cb?x=1'],
    ['userinfo', 'https://app.example@evil.example/cb'],
  ])('does not trust a redirect_uri with %s', async (_label, redirectUri) => {
    const request = fakeRequest({ client_id: CONFIDENTIAL.key, redirect_uri: redirectUri, state: 's' });
    await untrusted(trustedRedirect(request, findClient), 'invalid_client');
  });

  it('does not trust a repeated redirect_uri', async () => {
    const request = fakeRequest({
      client_id: CONFIDENTIAL.key,
      redirect_uri: [CONFIDENTIAL.callbackUrl, 'https://evil.example/cb'],
    });
    await untrusted(trustedRedirect(request, findClient), 'invalid_request');
  });

  it('does not trust a client whose registered redirect URI is unusable', async () => {
    await untrusted(trustedRedirect(fakeRequest({ client_id: NO_CALLBACK.key }), findClient), 'invalid_client');
  });

  describe('a client known by its metadata document', () => {
    const url = 'https://agent.example/client.json';
    const listed = ['http://127.0.0.1:8080/cb', 'http://127.0.0.1:9090/cb'];
    const byDocument = (clientId: string) =>
      Promise.resolve(clientId === url ? { clientId, consumer: PUBLIC, redirectUris: listed } : undefined);

    it('is trusted at any redirect URI its document lists, exactly', async () => {
      const request = fakeRequest({ client_id: url, redirect_uri: listed[1] });
      expect(await trustedRedirect(request, byDocument)).toMatchObject({ consumer: PUBLIC, redirectUri: listed[1] });
    });

    it.each([
      ['no redirect_uri', undefined],
      ['another port, which a registered loopback URI would allow', 'http://127.0.0.1:51234/cb'],
      ['an added query', `${listed[0]}?x=1`],
    ])('is not trusted with %s', async (_label, redirectUri) => {
      const request = fakeRequest({ client_id: url, redirect_uri: redirectUri });
      await untrusted(trustedRedirect(request, byDocument), 'invalid_client');
    });
  });
});

describe('checkAuthorizationRequest', () => {
  it('accepts a confidential client without PKCE, for all its grants when no scope is asked for', () => {
    const { request, trusted } = trustedFor(CONFIDENTIAL, { response_type: 'code' });
    expect(checkAuthorizationRequest(request, trusted, config, catalogue)).toEqual({
      ...trusted,
      scopes: ['basic', 'editpage', 'highvolume'],
    });
  });

  it('accepts a public client with an S256 challenge', () => {
    const checked = check(PUBLIC, { response_type: 'code', code_challenge: CHALLENGE, code_challenge_method: 'S256' });
    expect(checked).toMatchObject({ codeChallenge: CHALLENGE, codeChallengeMethod: 'S256', scopes: ['basic'] });
  });

  describe('response_mode', () => {
    it.each(['query', 'form_post'])('accepts %j', (responseMode) => {
      expect(check(CONFIDENTIAL, { response_type: 'code', response_mode: responseMode }).scopes).toHaveLength(3);
    });

    it('refuses another mode with invalid_request before the response_type is read', () => {
      const error = refusal(
        () => check(CONFIDENTIAL, { response_type: 'token', response_mode: 'fragment' }),
        'invalid_request',
      );
      expect(error.description).toContain('response_mode');
    });
  });

  describe('response_type', () => {
    it('is required', () => {
      refusal(() => check(CONFIDENTIAL, {}), 'invalid_request');
    });

    it.each(['token', 'code token', 'id_token', 'CODE'])('refuses %j as unsupported_response_type', (responseType) => {
      refusal(() => check(CONFIDENTIAL, { response_type: responseType }), 'unsupported_response_type');
    });

    it('refuses a repeated response_type with invalid_request', () => {
      refusal(() => check(CONFIDENTIAL, { response_type: ['code', 'code'] }), 'invalid_request');
    });
  });

  it('refuses a repeated state with invalid_request', () => {
    refusal(() => check(CONFIDENTIAL, { response_type: 'code', state: ['a', 'b'] }), 'invalid_request');
  });

  describe('grant types', () => {
    it('refuses a client without the authorization_code grant type with unauthorized_client', () => {
      refusal(() => check(CREDENTIALS_ONLY, { response_type: 'code' }), 'unauthorized_client');
    });

    it('refuses every client when the authorization_code grant is disabled', () => {
      const disabled = configWith({ OAUTH2_ENABLED_GRANT_TYPES: 'client_credentials' });
      refusal(() => check(CONFIDENTIAL, { response_type: 'code' }, disabled), 'unauthorized_client');
    });
  });

  describe('scope', () => {
    it('keeps only the requested scopes the client was granted, in the requested order', () => {
      const checked = check(CONFIDENTIAL, { response_type: 'code', scope: 'editpage delete basic editpage' });
      expect(checked.scopes).toEqual(['editpage', 'basic']);
    });

    it('refuses an unknown scope with invalid_scope', () => {
      const error = refusal(
        () => check(CONFIDENTIAL, { response_type: 'code', scope: 'basic nosuch' }),
        'invalid_scope',
      );
      expect(error.description).toContain('nosuch');
    });

    it('refuses a request none of whose scopes the client holds with invalid_scope', () => {
      refusal(() => check(CONFIDENTIAL, { response_type: 'code', scope: 'delete' }), 'invalid_scope');
    });

    it('refuses characters RFC 6749 §3.3 does not allow with invalid_scope', () => {
      refusal(() => check(CONFIDENTIAL, { response_type: 'code', scope: 'basic "x"' }), 'invalid_scope');
    });

    it('refuses a repeated scope parameter with invalid_request', () => {
      refusal(() => check(CONFIDENTIAL, { response_type: 'code', scope: ['basic', 'editpage'] }), 'invalid_request');
    });
  });

  describe('PKCE', () => {
    it('requires a challenge from a public client', () => {
      const error = refusal(() => check(PUBLIC, { response_type: 'code' }), 'invalid_request');
      expect(error.description).toMatch(/challenge/i);
    });

    it('lets a public client go without a challenge when the operator allows it', () => {
      const lenient = configWith({ OAUTH2_REQUIRE_CODE_CHALLENGE_FOR_PUBLIC_CLIENTS: 'false' });
      expect(check(PUBLIC, { response_type: 'code' }, lenient).codeChallenge).toBeUndefined();
    });

    it('takes a challenge from a confidential client too', () => {
      const checked = check(CONFIDENTIAL, {
        response_type: 'code',
        code_challenge: CHALLENGE,
        code_challenge_method: 'S256',
      });
      expect(checked).toMatchObject({ codeChallenge: CHALLENGE, codeChallengeMethod: 'S256' });
    });

    it('refuses a method without a challenge', () => {
      refusal(() => check(CONFIDENTIAL, { response_type: 'code', code_challenge_method: 'S256' }), 'invalid_request');
    });

    it('refuses plain, named or implied, unless OAUTH2_ALLOW_PLAIN_PKCE is set', () => {
      const plain = { response_type: 'code', code_challenge: CHALLENGE, code_challenge_method: 'plain' };
      refusal(() => check(PUBLIC, plain), 'invalid_request');
      refusal(() => check(PUBLIC, { response_type: 'code', code_challenge: CHALLENGE }), 'invalid_request');
    });

    it('accepts plain, named or implied, when OAUTH2_ALLOW_PLAIN_PKCE is set', () => {
      const allowed = configWith({ OAUTH2_ALLOW_PLAIN_PKCE: 'true' });
      const named = { response_type: 'code', code_challenge: CHALLENGE, code_challenge_method: 'plain' };
      expect(check(PUBLIC, named, allowed)).toMatchObject({ codeChallenge: CHALLENGE, codeChallengeMethod: 'plain' });
      const implied = { response_type: 'code', code_challenge: CHALLENGE };
      expect(check(PUBLIC, implied, allowed)).toMatchObject({ codeChallenge: CHALLENGE, codeChallengeMethod: 'plain' });
    });

    it.each(['s256', 'S512', 'sha256'])('refuses the method %j', (method) => {
      const allowed = configWith({ OAUTH2_ALLOW_PLAIN_PKCE: 'true' });
      const query = { response_type: 'code', code_challenge: CHALLENGE, code_challenge_method: method };
      refusal(() => check(PUBLIC, query, allowed), 'invalid_request');
    });

    it.each([
      ['too short', 'a'.repeat(42)],
      ['too long', 'a'.repeat(129)],
      ['with characters outside the unreserved set', `${'a'.repeat(42)}+`],
      ['with base64 padding', `${CHALLENGE}=`],
    ])('refuses a challenge %s', (_label, challenge) => {
      const query = { response_type: 'code', code_challenge: challenge, code_challenge_method: 'S256' };
      refusal(() => check(PUBLIC, query), 'invalid_request');
    });

    it('refuses a repeated challenge', () => {
      const query = { response_type: 'code', code_challenge: [CHALLENGE, CHALLENGE], code_challenge_method: 'S256' };
      refusal(() => check(PUBLIC, query), 'invalid_request');
    });
  });
});
