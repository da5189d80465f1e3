import { CacheableMemory } from '@cacheable/memory';
import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { aConsumer } from '../../../test/fixtures/consumer.fixture';
import { MemoryTemporaryStore, counterMemory } from '../../cache/memory-temporary-store';
import type { AppRequest } from '../../common/http/app-request';
import type { AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import type { ConsumerDirectory } from '../../consumers/consumer-directory';
import { ConsumerSecrets } from '../../consumers/consumer-secrets';
import { ConsumerStage } from '../../consumers/consumer-stage';
import type { DocumentClients } from '../client-metadata/document-clients';
import { Oauth2Error } from '../oauth2-error';
import { ClientAuthThrottle } from './client-auth-throttle';
import { type ClientAuthOptions, ClientAuthenticator } from './client-authenticator';
import { ClientJwks } from './client-jwks';

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
const PROPOSED = aConsumer({
  id: 6,
  key: 'f'.repeat(32),
  oauthVersion: 2,
  stage: ConsumerStage.Proposed,
  secretKey: 'stored-secret-6',
});
const RESTRICTED = aConsumer({
  id: 7,
  key: '7'.repeat(32),
  oauthVersion: 2,
  secretKey: 'stored-secret-7',
  restrictions: { ipAddresses: ['10.0.0.0/8'] },
});
const KEYED = aConsumer({
  id: 8,
  key: '8'.repeat(32),
  oauthVersion: 2,
  secretKey: 'stored-secret-8',
  tokenEndpointAuthMethod: 'private_key_jwt',
});
const UNKNOWN_KEY = 'e'.repeat(32);
const SOMEONE: ClientAuthOptions = { actor: 'someone' };
const ATTACKER_IP = '192.0.2.66';
const CLIENT_IP = '198.51.100.7';

interface Credentials {
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  authorization?: string;
  ip?: string;
}

function fakeRequest({ query = {}, body = {}, authorization, ip = CLIENT_IP }: Credentials): AppRequest {
  const request = {
    query,
    body,
    ip,
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

const DOCUMENT_URL = 'https://agent.example/client.json';

describe('ClientAuthenticator', () => {
  let secrets: ConsumerSecrets;
  let directory: ConsumerDirectory;
  let counters: CacheableMemory;
  let authenticator: ClientAuthenticator;
  let secretOf: (consumer: Consumer) => string;
  let throttle: ClientAuthThrottle;

  beforeEach(() => {
    const consumers = [CONFIDENTIAL, PUBLIC, OAUTH1, SUPPRESSED, PROPOSED, RESTRICTED, KEYED];
    directory = {
      findByKey: (key: string) => Promise.resolve(consumers.find((consumer) => consumer.key === key)),
    } as unknown as ConsumerDirectory;
    secrets = new ConsumerSecrets({ oauth: { secretKey: randomBytes(16).toString('hex') } } as AppConfig);
    counters = counterMemory();
    const store = new MemoryTemporaryStore(new CacheableMemory({ useClone: false }), 'test:', counters);
    const config = { http: { publicUrl: 'https://auth.example' }, oauth2: { privateKeyJwt: true } } as AppConfig;
    throttle = new ClientAuthThrottle(store);
    const documentClients = {
      isDocumentClientId: (id: string) => id === DOCUMENT_URL,
      find: (id: string) => Promise.resolve(id === DOCUMENT_URL ? PUBLIC : undefined),
    } as unknown as DocumentClients;
    authenticator = new ClientAuthenticator(
      directory,
      secrets,
      throttle,
      new ClientJwks(config),
      store,
      documentClients,
      config,
    );
    secretOf = (consumer) => secrets.derive(consumer.secretKey as string);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('confidential clients', () => {
    it('accepts the secret in HTTP Basic', async () => {
      const request = fakeRequest({ authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)) });
      expect(await authenticator.authenticate(request, SOMEONE)).toEqual({
        consumer: CONFIDENTIAL,
        method: 'client_secret_basic',
      });
    });

    it('accepts HTTP Basic with the same client_id repeated in the body', async () => {
      const request = fakeRequest({
        authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)),
        body: { client_id: CONFIDENTIAL.key },
      });
      expect((await authenticator.authenticate(request, SOMEONE)).method).toBe('client_secret_basic');
    });

    it('accepts the secret in the body', async () => {
      const request = fakeRequest({ body: { client_id: CONFIDENTIAL.key, client_secret: secretOf(CONFIDENTIAL) } });
      expect(await authenticator.authenticate(request, SOMEONE)).toEqual({
        consumer: CONFIDENTIAL,
        method: 'client_secret_post',
      });
    });

    it('form-decodes HTTP Basic credentials', async () => {
      const percentEncoded = (value: string) => [...value].map((c) => `%${c.charCodeAt(0).toString(16)}`).join('');
      const pair = `${percentEncoded(CONFIDENTIAL.key)}:${percentEncoded(secretOf(CONFIDENTIAL))}`;
      const request = fakeRequest({ authorization: rawBasic(pair) });
      expect((await authenticator.authenticate(request, SOMEONE)).consumer).toBe(CONFIDENTIAL);
    });

    it('hands the form-decoded secret to the comparison: %XX is a byte, + a space', async () => {
      const matches = vi.spyOn(secrets, 'matches');
      const request = fakeRequest({ authorization: rawBasic(`${CONFIDENTIAL.key}:a+b%25c%3Ad:e`) });
      await refusal(authenticator.authenticate(request, SOMEONE));
      expect(matches).toHaveBeenCalledWith(CONFIDENTIAL, 'a b%c:d:e');
    });

    it('gets back a secret with + and % that the client form-encoded', async () => {
      const matches = vi.spyOn(secrets, 'matches');
      await refusal(
        authenticator.authenticate(fakeRequest({ authorization: basic(CONFIDENTIAL.key, 'x+y%z w') }), SOMEONE),
      );
      expect(matches).toHaveBeenCalledWith(CONFIDENTIAL, 'x+y%z w');
    });

    it('refuses a missing secret', async () => {
      const error = await refusal(
        authenticator.authenticate(fakeRequest({ body: { client_id: CONFIDENTIAL.key } }), SOMEONE),
      );
      expect(error.error).toBe('invalid_client');
    });

    it('passes the confidentialOnly check', async () => {
      const request = fakeRequest({ authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)) });
      expect((await authenticator.authenticate(request, { confidentialOnly: true, actor: 'itself' })).consumer).toBe(
        CONFIDENTIAL,
      );
    });
  });

  describe('refused requests', () => {
    it('refuses HTTP Basic and a body secret together with invalid_request', async () => {
      const request = fakeRequest({
        authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)),
        body: { client_id: CONFIDENTIAL.key, client_secret: secretOf(CONFIDENTIAL) },
      });
      expect((await refusal(authenticator.authenticate(request, SOMEONE))).error).toBe('invalid_request');
    });

    it.each([
      ['client_id', { client_id: CONFIDENTIAL.key }],
      ['client_secret', { client_secret: 'x' }],
    ])('refuses %s in the query string with invalid_request', async (_label, query) => {
      const request = fakeRequest({
        query,
        body: { client_id: CONFIDENTIAL.key, client_secret: secretOf(CONFIDENTIAL) },
      });
      expect((await refusal(authenticator.authenticate(request, SOMEONE))).error).toBe('invalid_request');
    });

    it('refuses a body client_id that differs from the HTTP Basic one with invalid_request', async () => {
      const request = fakeRequest({
        authorization: basic(CONFIDENTIAL.key, secretOf(CONFIDENTIAL)),
        body: { client_id: PUBLIC.key },
      });
      expect((await refusal(authenticator.authenticate(request, SOMEONE))).error).toBe('invalid_request');
    });

    it('refuses a repeated client_id with invalid_request', async () => {
      const request = fakeRequest({ body: { client_id: [CONFIDENTIAL.key, PUBLIC.key] } });
      expect((await refusal(authenticator.authenticate(request, SOMEONE))).error).toBe('invalid_request');
    });

    it('refuses a request without any client_id with invalid_client', async () => {
      expect((await refusal(authenticator.authenticate(fakeRequest({}), SOMEONE))).error).toBe('invalid_client');
    });

    it('refuses another Authorization scheme with invalid_client and a Basic challenge', async () => {
      const error = await refusal(authenticator.authenticate(fakeRequest({ authorization: 'Bearer abc' }), SOMEONE));
      expect(error.error).toBe('invalid_client');
      expect(error.status).toBe(401);
      expect(error.headers).toEqual(BASIC_CHALLENGE);
    });
  });

  describe('failed authentication', () => {
    it('answers an unknown client and a wrong secret alike in HTTP Basic, with a Basic challenge', async () => {
      const unknown = await refusal(
        authenticator.authenticate(fakeRequest({ authorization: basic(UNKNOWN_KEY, 's') }), SOMEONE),
      );
      const wrong = await refusal(
        authenticator.authenticate(fakeRequest({ authorization: basic(CONFIDENTIAL.key, 's') }), SOMEONE),
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
        authenticator.authenticate(fakeRequest({ body: { client_id: UNKNOWN_KEY, client_secret: 's' } }), SOMEONE),
      );
      const wrong = await refusal(
        authenticator.authenticate(fakeRequest({ body: { client_id: CONFIDENTIAL.key, client_secret: 's' } }), SOMEONE),
      );
      const malformed = await refusal(
        authenticator.authenticate(fakeRequest({ body: { client_id: 'not-a-key', client_secret: 's' } }), SOMEONE),
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
      await refusal(authenticator.authenticate(fakeRequest({ authorization: basic(UNKNOWN_KEY, 'guess') }), SOMEONE));
      expect(matches).toHaveBeenCalledWith(undefined, 'guess');
    });

    it.each([
      ['an OAuth 1 consumer', OAUTH1],
      ['a suppressed consumer', SUPPRESSED],
    ])('refuses %s with invalid_client, even with its right secret', async (_label, consumer) => {
      const request = fakeRequest({ authorization: basic(consumer.key, secretOf(consumer)) });
      const error = await refusal(authenticator.authenticate(request, SOMEONE));
      expect(error.error).toBe('invalid_client');
      expect(error.status).toBe(401);
    });
  });

  describe('public clients', () => {
    it('authenticate with their client_id alone, as method none', async () => {
      const request = fakeRequest({ body: { client_id: PUBLIC.key } });
      expect(await authenticator.authenticate(request, SOMEONE)).toEqual({ consumer: PUBLIC, method: 'none' });
    });

    it('are refused when they send a secret', async () => {
      const inBody = fakeRequest({ body: { client_id: PUBLIC.key, client_secret: 'anything' } });
      expect((await refusal(authenticator.authenticate(inBody, SOMEONE))).error).toBe('invalid_client');
      const inBasic = fakeRequest({ authorization: basic(PUBLIC.key, 'anything') });
      expect((await refusal(authenticator.authenticate(inBasic, SOMEONE))).error).toBe('invalid_client');
    });

    it('authenticate by the URL of their metadata document, and a URL never met is unknown', async () => {
      const known = fakeRequest({ body: { client_id: DOCUMENT_URL } });
      expect(await authenticator.authenticate(known, SOMEONE)).toEqual({ consumer: PUBLIC, method: 'none' });
      const unknown = fakeRequest({ body: { client_id: 'https://agent.example/other.json' } });
      expect((await refusal(authenticator.authenticate(unknown, SOMEONE))).error).toBe('invalid_client');
    });

    it('are refused where only confidential clients may come', async () => {
      const request = fakeRequest({ body: { client_id: PUBLIC.key } });
      const error = await refusal(authenticator.authenticate(request, { confidentialOnly: true, actor: 'itself' }));
      expect(error.error).toBe('invalid_client');
      expect(error.status).toBe(401);
    });
  });

  describe('consumers that may not authenticate here (DESIGN §3)', () => {
    it('refuses a proposal where no user acts, and lets it on where its owner may be the one', async () => {
      const request = () => fakeRequest({ authorization: basic(PROPOSED.key, secretOf(PROPOSED)) });
      const refused = await refusal(authenticator.authenticate(request(), { confidentialOnly: true, actor: 'itself' }));
      expect(visible(refused)).toEqual({
        error: 'invalid_client',
        description: `Client ${PROPOSED.key} is not usable`,
        status: 401,
        headers: {},
      });
      expect((await authenticator.authenticate(request(), SOMEONE)).consumer).toBe(PROPOSED);
    });

    it('refuses a client calling from outside its IP ranges, whatever the actor, after checking its secret', async () => {
      const from = (ip: string) => fakeRequest({ authorization: basic(RESTRICTED.key, secretOf(RESTRICTED)), ip });
      for (const options of [SOMEONE, { actor: 'itself' } as const]) {
        const refused = await refusal(authenticator.authenticate(from('127.0.0.1'), options));
        expect({ error: refused.error, status: refused.status }).toEqual({ error: 'invalid_client', status: 401 });
        expect((await authenticator.authenticate(from('10.9.8.7'), options)).consumer).toBe(RESTRICTED);
      }
      const wrongSecret = fakeRequest({ authorization: basic(RESTRICTED.key, 'wrong'), ip: '127.0.0.1' });
      expect((await refusal(authenticator.authenticate(wrongSecret, SOMEONE))).description).toBe(
        'Client authentication failed',
      );
    });
  });

  describe('brute-force throttle (RFC 6749 §2.3.1, RFC 6819 §5.1.4.2.3-4)', () => {
    const wrongSecret = (ip = ATTACKER_IP, key = CONFIDENTIAL.key) =>
      fakeRequest({ body: { client_id: key, client_secret: 'wrong' }, ip });
    const rightSecret = (ip = CLIENT_IP) =>
      fakeRequest({ body: { client_id: CONFIDENTIAL.key, client_secret: secretOf(CONFIDENTIAL) }, ip });
    const fail = async (times: number, request: () => AppRequest) => {
      for (let i = 0; i < times; i++) {
        expect((await refusal(authenticator.authenticate(request(), SOMEONE))).status).toBe(401);
      }
    };

    let audit: ReturnType<typeof vi.spyOn>;

    beforeEach(() => {
      audit = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    });

    afterEach(() => {
      vi.useRealTimers();
    });

    it('locks the guessing source out of the client after 10 failures, and only that source', async () => {
      await fail(9, () => wrongSecret());
      expect((await authenticator.authenticate(rightSecret(ATTACKER_IP), SOMEONE)).consumer).toBe(CONFIDENTIAL);
      await fail(1, () => wrongSecret());
      const locked = await refusal(authenticator.authenticate(rightSecret(ATTACKER_IP), SOMEONE));
      expect({ error: locked.error, status: locked.status }).toEqual({ error: 'invalid_client', status: 429 });
      expect(Number(locked.headers['Retry-After'])).toBe(15);
      expect(audit).toHaveBeenCalledWith(
        { action: 'client-auth-locked', clientId: CONFIDENTIAL.key, source: ATTACKER_IP, seconds: 15 },
        expect.any(String),
      );
      // The real client, from its own address, is not locked out; nor is another client from the same source.
      expect((await authenticator.authenticate(rightSecret(CLIENT_IP), SOMEONE)).consumer).toBe(CONFIDENTIAL);
      const other = fakeRequest({ authorization: basic(PROPOSED.key, secretOf(PROPOSED)), ip: ATTACKER_IP });
      expect((await authenticator.authenticate(other, SOMEONE)).consumer).toBe(PROPOSED);
    });

    it('doubles the lock with each failure past the free ones', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      await fail(10, () => wrongSecret());
      let lockedFor = 15;
      for (const seconds of [30, 60, 120, 240, 480, 900]) {
        vi.advanceTimersByTime(lockedFor * 1000 + 1);
        lockedFor = seconds;
        await fail(1, () => wrongSecret());
        const locked = await refusal(authenticator.authenticate(rightSecret(ATTACKER_IP), SOMEONE));
        expect({ status: locked.status, retryAfter: Number(locked.headers['Retry-After']) }).toEqual({
          status: 429,
          retryAfter: seconds,
        });
      }
    });

    it('counts the addresses of one IPv6 /64 as one source', async () => {
      await fail(10, () => wrongSecret(`2001:db8:1:2::${randomBytes(2).toString('hex')}`));
      const sameNetwork = rightSecret('2001:db8:1:2:ffff::1');
      expect((await refusal(authenticator.authenticate(sameNetwork, SOMEONE))).status).toBe(429);
      expect((await authenticator.authenticate(rightSecret('2001:db8:1:3::1'), SOMEONE)).consumer).toBe(CONFIDENTIAL);
    });

    it('locks a source that fails across 100 client ids, for every client, and no other source', async () => {
      await fail(100, () => wrongSecret(ATTACKER_IP, randomBytes(16).toString('hex')));
      expect((await refusal(authenticator.authenticate(rightSecret(ATTACKER_IP), SOMEONE))).status).toBe(429);
      expect((await authenticator.authenticate(rightSecret(CLIENT_IP), SOMEONE)).consumer).toBe(CONFIDENTIAL);
    });

    it('never locks a public client, which has no secret to guess', async () => {
      const withSecret = () =>
        fakeRequest({ body: { client_id: PUBLIC.key, client_secret: 'guess' }, ip: ATTACKER_IP });
      await fail(200, withSecret);
      await fail(100, () => wrongSecret(ATTACKER_IP, randomBytes(16).toString('hex')));
      const exchange = fakeRequest({ body: { client_id: PUBLIC.key }, ip: ATTACKER_IP });
      expect(await authenticator.authenticate(exchange, SOMEONE)).toEqual({ consumer: PUBLIC, method: 'none' });
    });

    it('refuses an oversized or malformed client_id before any lookup or count', async () => {
      const findByKey = vi.spyOn(directory, 'findByKey');
      for (const clientId of ['x'.repeat(96_000), CONFIDENTIAL.key.toUpperCase(), `${CONFIDENTIAL.key}0`, '']) {
        const inBody = fakeRequest({ body: { client_id: clientId, client_secret: 'guess' } });
        const inBasic = fakeRequest({ authorization: basic(clientId, 'guess') });
        for (const request of [inBody, inBasic]) {
          const refused = await refusal(authenticator.authenticate(request, SOMEONE));
          expect({ error: refused.error, status: refused.status }).toEqual({ error: 'invalid_client', status: 401 });
        }
      }
      expect(findByKey).not.toHaveBeenCalled();
      expect(counters.size).toBe(0);
    });

    it('keeps its keys small and fixed in shape, whatever the request carries', async () => {
      await fail(3, () => wrongSecret(`${'f'.repeat(50_000)}`));
      await fail(3, () => wrongSecret('2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff'));
      const keys = [...counters.items].map((item) => item.key);
      expect(keys.length).toBeGreaterThan(0);
      expect(Math.max(...keys.map((key) => key.length))).toBeLessThan(120);
    });
  });

  describe('private_key_jwt (RFC 7523 §2.2)', () => {
    const assertionBody = (assertion: string, extra: Record<string, unknown> = {}) => ({
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
      ...extra,
    });
    const unsigned = (claims: Record<string, unknown>) =>
      `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;

    it('refuses the secret of a client registered for private_key_jwt, and counts it', async () => {
      const count = vi.spyOn(throttle, 'countFailure');
      const error = await refusal(
        authenticator.authenticate(fakeRequest({ authorization: basic(KEYED.key, secretOf(KEYED)) }), SOMEONE),
      );
      expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
      expect(count).toHaveBeenCalledWith(KEYED.key, CLIENT_IP);
    });

    it('refuses an assertion from a client registered for its secret, and counts it', async () => {
      const count = vi.spyOn(throttle, 'countFailure');
      const body = assertionBody(unsigned({ iss: CONFIDENTIAL.key, sub: CONFIDENTIAL.key }));
      const error = await refusal(authenticator.authenticate(fakeRequest({ body }), SOMEONE));
      expect(error).toMatchObject({ error: 'invalid_client', description: expect.stringContaining('not registered') });
      expect(count).toHaveBeenCalledWith(CONFIDENTIAL.key, CLIENT_IP);
    });

    it('refuses a bad signature as invalid_client, counted', async () => {
      const count = vi.spyOn(throttle, 'countFailure');
      const body = assertionBody(unsigned({ iss: KEYED.key, sub: KEYED.key }));
      const error = await refusal(authenticator.authenticate(fakeRequest({ body }), SOMEONE));
      expect(error).toMatchObject({ error: 'invalid_client', status: 401 });
      expect(count).toHaveBeenCalledWith(KEYED.key, CLIENT_IP);
    });

    it.each([
      [{ client_assertion_type: 'urn:other', client_assertion: 'x' }, undefined, 'invalid_client'],
      [{ client_assertion: 'x' }, undefined, 'invalid_request'],
      [
        {
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: 'x',
          client_secret: 's',
        },
        undefined,
        'invalid_request',
      ],
      [
        { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: 'x' },
        'Basic eDp5',
        'invalid_request',
      ],
      [
        {
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: 'not-a-jwt',
        },
        undefined,
        'invalid_client',
      ],
    ])('refuses the malformed %j', async (body, authorization, error) => {
      expect(await refusal(authenticator.authenticate(fakeRequest({ body, authorization }), SOMEONE))).toMatchObject({
        error,
      });
    });

    it("refuses a client_id other than the assertion's client", async () => {
      const body = assertionBody(unsigned({ iss: KEYED.key, sub: KEYED.key }), { client_id: CONFIDENTIAL.key });
      expect(await refusal(authenticator.authenticate(fakeRequest({ body }), SOMEONE))).toMatchObject({
        error: 'invalid_client',
        description: expect.stringContaining('differs'),
      });
    });

    it('refuses assertions in the query string', async () => {
      const query = assertionBody('x');
      expect(await refusal(authenticator.authenticate(fakeRequest({ query }), SOMEONE))).toMatchObject({
        error: 'invalid_request',
      });
    });
  });
});
