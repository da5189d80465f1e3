import { CacheableMemory } from '@cacheable/memory';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { aConsumer } from '../../../test/fixtures/consumer.fixture';
import { MemoryTemporaryStore } from '../../cache/memory-temporary-store';
import type { AppRequest } from '../../common/http/app-request';
import type { AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import type { ConsumerDirectory } from '../../consumers/consumer-directory';
import { ConsumerSecrets } from '../../consumers/consumer-secrets';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthenticator } from './client-authenticator';

const BASIC_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="OAuth"' };

const CONFIDENTIAL = aConsumer({
  id: 1,
  key: 'a'.repeat(32),
  oauthVersion: 2,
  oauth2IsConfidential: true,
  secretKey: 'stored-secret-1',
});
const PUBLIC = aConsumer({ id: 2, key: 'b'.repeat(32), oauthVersion: 2, oauth2IsConfidential: false });
const OAUTH1 = aConsumer({ id: 3, key: 'c'.repeat(32), oauthVersion: 1, secretKey: 'stored-secret-3' });
const SUPPRESSED = aConsumer({
  id: 4,
  key: 'd'.repeat(32),
  oauthVersion: 2,
  suppressed: true,
  secretKey: 'stored-secret-4',
});
const UNKNOWN_KEY = 'e'.repeat(32);

interface Credentials {
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  authorization?: string;
}

function fakeRequest({ query = {}, body = {}, authorization }: Credentials): AppRequest {
  const request = {
    query,
    body,
    header: (name: string) => (name.toLowerCase() === 'authorization' ? authorization : undefined),
  };
  return request as unknown as AppRequest;
}

/** An Authorization header carrying `pair` exactly as given. */
function rawBasic(pair: string): string {
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** RFC 6749 §2.3.1: each part is form-encoded, then the pair is base64-encoded. */
function basic(clientId: string, secret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return rawBasic(`${encode(clientId)}:${encode(secret)}`);
}

async function refusal(attempt: Promise<unknown>): Promise<Oauth2Error> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Oauth2Error);
  return error as Oauth2Error;
}

const visible = (error: Oauth2Error) => ({
  error: error.error,
  description: error.description,
  status: error.status,
  headers: error.headers,
});

describe('ClientAuthenticator', () => {
  let secrets: ConsumerSecrets;
  let authenticator: ClientAuthenticator;
  let secretOf: (consumer: Consumer) => string;

  beforeEach(() => {
    const consumers = [CONFIDENTIAL, PUBLIC, OAUTH1, SUPPRESSED];
    const directory = {
      findByKey: (key: string) => Promise.resolve(consumers.find((consumer) => consumer.key === key)),
    } as unknown as ConsumerDirectory;
    secrets = new ConsumerSecrets({ oauth: { secretKey: randomBytes(16).toString('hex') } } as AppConfig);
    const store = new MemoryTemporaryStore(new CacheableMemory({ useClone: false }), 'test:');
    authenticator = new ClientAuthenticator(directory, secrets, store);
    secretOf = (consumer) => secrets.derive(consumer.secretKey as string);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('confidential clients', () => {
    it('accepts the secret in HTTP Basic', async () => {
      const request = fakeRequest({ authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)) });
      expect(await authenticator.authenticate(request)).toEqual({
        consumer: CONFIDENTIAL,
        method: 'client_secret_basic',
      });
    });

    it('accepts HTTP Basic with the same client_id repeated in the body', async () => {
      const request = fakeRequest({
        authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)),
        body: { client_id: CONFIDENTIAL.key },
      });
      expect((await authenticator.authenticate(request)).method).toBe('client_secret_basic');
    });

    it('accepts the secret in the body', async () => {
      const request = fakeRequest({ body: { client_id: CONFIDENTIAL.key, client_secret: secretOf(CONFIDENTIAL) } });
      expect(await authenticator.authenticate(request)).toEqual({
        consumer: CONFIDENTIAL,
        method: 'client_secret_post',
      });
    });

    it('form-decodes HTTP Basic credentials', async () => {
      const percentEncoded = (value: string) => [...value].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
      const pair = `${percentEncoded(CONFIDENTIAL.key)}:${percentEncoded(secretOf(CONFIDENTIAL))}`;
      const request = fakeRequest({ authorization: rawBasic(pair) });
      expect((await authenticator.authenticate(request)).consumer).toBe(CONFIDENTIAL);
    });

    it('hands the form-decoded secret to the comparison: %XX is a byte, + a space', async () => {
      const matches = vi.spyOn(secrets, 'matches');
      const request = fakeRequest({ authorization: rawBasic(`${CONFIDENTIAL.key}:a+b%25c%3Ad:e`) });
      await refusal(authenticator.authenticate(request));
      expect(matches).toHaveBeenCalledWith(CONFIDENTIAL.secretKey, 'a b%c:d:e');
    });

    it('gets back a secret with + and % that the client form-encoded', async () => {
      const matches = vi.spyOn(secrets, 'matches');
      await refusal(authenticator.authenticate(fakeRequest({ authorization: basic(CONFIDENTIAL.key, 'x+y%z w') })));
      expect(matches).toHaveBeenCalledWith(CONFIDENTIAL.secretKey, 'x+y%z w');
    });

    it('refuses a missing secret', async () => {
      const error = await refusal(authenticator.authenticate(fakeRequest({ body: { client_id: CONFIDENTIAL.key } })));
      expect(error.error).toBe('invalid_client');
    });

    it('passes the confidentialOnly check', async () => {
      const request = fakeRequest({ authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)) });
      expect((await authenticator.authenticate(request, { confidentialOnly: true })).consumer).toBe(CONFIDENTIAL);
    });
  });

  describe('refused requests', () => {
    it('refuses HTTP Basic and a body secret together with invalid_request', async () => {
      const request = fakeRequest({
        authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)),
        body: { client_id: CONFIDENTIAL.key, client_secret: secretOf(CONFIDENTIAL) },
      });
      expect((await refusal(authenticator.authenticate(request))).error).toBe('invalid_request');
    });

    it.each([
      ['client_id', { client_id: CONFIDENTIAL.key }],
      ['client_secret', { client_secret: 'x' }],
    ])('refuses %s in the query string with invalid_request', async (_label, query) => {
      const request = fakeRequest({
        query,
        body: { client_id: CONFIDENTIAL.key, client_secret: secretOf(CONFIDENTIAL) },
      });
      expect((await refusal(authenticator.authenticate(request))).error).toBe('invalid_request');
    });

    it('refuses a body client_id that differs from the HTTP Basic one with invalid_request', async () => {
      const request = fakeRequest({
        authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)),
        body: { client_id: PUBLIC.key },
      });
      expect((await refusal(authenticator.authenticate(request))).error).toBe('invalid_request');
    });

    it('refuses a repeated client_id with invalid_request', async () => {
      const request = fakeRequest({ body: { client_id: [CONFIDENTIAL.key, PUBLIC.key] } });
      expect((await refusal(authenticator.authenticate(request))).error).toBe('invalid_request');
    });

    it('refuses a request without any client_id with invalid_client', async () => {
      expect((await refusal(authenticator.authenticate(fakeRequest({})))).error).toBe('invalid_client');
    });

    it('refuses another Authorization scheme with invalid_client and a Basic challenge', async () => {
      const error = await refusal(authenticator.authenticate(fakeRequest({ authorization: 'Bearer abc' })));
      expect(error.error).toBe('invalid_client');
      expect(error.status).toBe(401);
      expect(error.headers).toEqual(BASIC_CHALLENGE);
    });
  });

  describe('failed authentication', () => {
    it('answers an unknown client and a wrong secret alike in HTTP Basic, with a Basic challenge', async () => {
      const unknown = await refusal(
        authenticator.authenticate(fakeRequest({ authorization: basic(UNKNOWN_KEY, 's') })),
      );
      const wrong = await refusal(
        authenticator.authenticate(fakeRequest({ authorization: basic(CONFIDENTIAL.key, 's') })),
      );
      expect(visible(unknown)).toEqual(visible(wrong));
      expect(visible(wrong)).toEqual({
        error: 'invalid_client',
        description: expect.any(String),
        status: 401,
        headers: BASIC_CHALLENGE,
      });
    });

    it('answers an unknown client and a wrong secret alike in the body, without a challenge', async () => {
      const unknown = await refusal(
        authenticator.authenticate(fakeRequest({ body: { client_id: UNKNOWN_KEY, client_secret: 's' } })),
      );
      const wrong = await refusal(
        authenticator.authenticate(fakeRequest({ body: { client_id: CONFIDENTIAL.key, client_secret: 's' } })),
      );
      const malformed = await refusal(
        authenticator.authenticate(fakeRequest({ body: { client_id: 'not-a-key', client_secret: 's' } })),
      );
      expect(visible(unknown)).toEqual(visible(wrong));
      expect(visible(malformed)).toEqual(visible(wrong));
      expect(visible(wrong)).toEqual({
        error: 'invalid_client',
        description: expect.any(String),
        status: 401,
        headers: {},
      });
    });

    it('still compares a secret for an unknown client, so that both take the same time', async () => {
      const matches = vi.spyOn(secrets, 'matches');
      await refusal(authenticator.authenticate(fakeRequest({ authorization: basic(UNKNOWN_KEY, 'guess') })));
      expect(matches).toHaveBeenCalledWith(expect.any(String), 'guess');
    });

    it.each([
      ['an OAuth 1 consumer', OAUTH1],
      ['a suppressed consumer', SUPPRESSED],
    ])('refuses %s with invalid_client, even with its right secret', async (_label, consumer) => {
      const request = fakeRequest({ authorization: basic(consumer.key, secretOf(consumer)) });
      const error = await refusal(authenticator.authenticate(request));
      expect(error.error).toBe('invalid_client');
      expect(error.status).toBe(401);
    });
  });

  describe('public clients', () => {
    it('authenticate with their client_id alone, as method none', async () => {
      const request = fakeRequest({ body: { client_id: PUBLIC.key } });
      expect(await authenticator.authenticate(request)).toEqual({ consumer: PUBLIC, method: 'none' });
    });

    it('are refused when they send a secret', async () => {
      const inBody = fakeRequest({ body: { client_id: PUBLIC.key, client_secret: 'anything' } });
      expect((await refusal(authenticator.authenticate(inBody))).error).toBe('invalid_client');
      const inBasic = fakeRequest({ authorization: basic(PUBLIC.key, 'anything') });
      expect((await refusal(authenticator.authenticate(inBasic))).error).toBe('invalid_client');
    });

    it('are refused where only confidential clients may come', async () => {
      const request = fakeRequest({ body: { client_id: PUBLIC.key } });
      const error = await refusal(authenticator.authenticate(request, { confidentialOnly: true }));
      expect(error.error).toBe('invalid_client');
      expect(error.status).toBe(401);
    });
  });

  describe('brute-force lock', () => {
    const wrongSecret = () => fakeRequest({ body: { client_id: CONFIDENTIAL.key, client_secret: 'wrong' } });
    const rightSecret = () =>
      fakeRequest({ body: { client_id: CONFIDENTIAL.key, client_secret: secretOf(CONFIDENTIAL) } });

    it('locks the client after 20 failures: the 21st attempt gets 429, even with the right secret', async () => {
      const audit = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      for (let i = 0; i < 20; i++) {
        expect((await refusal(authenticator.authenticate(wrongSecret()))).status).toBe(401);
      }
      const locked = await refusal(authenticator.authenticate(rightSecret()));
      expect(locked.error).toBe('invalid_client');
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['Retry-After'])).toBeGreaterThan(0);
      expect(audit).toHaveBeenCalledOnce();
      expect(audit).toHaveBeenCalledWith({ action: 'client-locked', clientId: CONFIDENTIAL.key }, expect.any(String));
    });

    it('does not lock the client before the 20th failure', async () => {
      for (let i = 0; i < 19; i++) {
        await refusal(authenticator.authenticate(wrongSecret()));
      }
      expect((await authenticator.authenticate(rightSecret())).consumer).toBe(CONFIDENTIAL);
    });

    it('locks one client only', async () => {
      vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      for (let i = 0; i < 20; i++) {
        await refusal(authenticator.authenticate(wrongSecret()));
      }
      const other = fakeRequest({ body: { client_id: PUBLIC.key } });
      expect((await authenticator.authenticate(other)).consumer).toBe(PUBLIC);
    });
  });
});
