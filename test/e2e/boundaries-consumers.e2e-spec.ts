import type { CacheableMemory } from '@cacheable/memory';
import { createClient } from '@keyv/redis';
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { TemporaryStore } from '../../src/cache/temporary-store';
import { type Oauth1Credentials, sendSigned, signedHeader } from './support/oauth1-client';
import {
  CALLBACK,
  type Oauth2Client,
  authorizationCode,
  postForm,
  registerOauth2Client,
  userTokens,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend, freePort } from './support/test-environment';
import { createSignedInUser } from './support/users';

const GATEWAY_KEY = 'gateway-key-for-the-boundary-tests-0123';
const API = 'https://api.example.com';
const INITIATE = '/w/index.php?title=Special:OAuth/initiate';
const TOKEN = '/w/index.php?title=Special:OAuth/token';
const IDENTIFY = '/w/index.php?title=Special:OAuth/identify';
/** The tests call from 127.0.0.1, a trusted proxy here, so X-Forwarded-For names the client address. */
const INSIDE = { 'X-Forwarded-For': '10.1.2.3' };
const OUTSIDE = { 'X-Forwarded-For': '192.0.2.7' };
const RANGES = { restrictions: { ipAddresses: ['10.0.0.0/8'] } };
const ALL_GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'];

type Tokens = Awaited<ReturnType<typeof userTokens>>;

/**
 * Issue 19, rows 2-4: whether a consumer may authenticate at a door (its stage, owner rule and IP restrictions,
 * one check at every door: token endpoint, resources, introspection, revocation, gateway on both ports, OAuth 1),
 * and a throttle of client authentication that gives an attacker no kill switch.
 */
describe('consumer boundaries', () => {
  let gatehouse: TestApp;
  let gatewayUrl: string;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn & { email: string };
  let app: Oauth2Client;
  let introspector: Oauth2Client;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    gatehouse = await startTestApp({
      env: { GATEWAY_PORT: String(gatewayPort), GATEWAY_KEYS: GATEWAY_KEY, TRUST_PROXY: 'loopback' },
    });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Bounddev');
    user = await createSignedInUser(gatehouse, 'Bounduser');
    app = await registerOauth2Client(dev, admin, { name: 'Bound app', grantTypes: ALL_GRANT_TYPES });
    introspector = await registerOauth2Client(dev, admin, {
      name: 'Bound gateway',
      grants: ['basic', 'introspect'],
      grantTypes: ['client_credentials'],
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  /** The two front doors of the token endpoint and introspection: Nest, and the GATEWAY_PORT listener. */
  const doors = () => [gatehouse.url, gatewayUrl];
  const form = (door: string, path: string, fields: Record<string, string>, client: Oauth2Client) =>
    postForm({ url: door }, path, fields, client);
  const introspect = (door: string, caller: Oauth2Client, token: string) =>
    form(door, '/oauth2/introspect', { token }, caller);
  const verify = (door: string, headers: Record<string, string>) =>
    supertest(door)
      .get('/gateway/verify')
      .set({ 'X-Gateway-Key': GATEWAY_KEY, ...headers });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const profile = (token: string) => supertest(gatehouse.url).get('/oauth2/resource/profile').set(bearer(token));
  const restrict = (consumerKey: string) =>
    dev.agent.patch(`/api/consumers/${consumerKey}`).set('X-CSRF-Token', dev.csrfToken).send(RANGES).expect(200);
  const adminAction = (consumerKey: string, action: string) =>
    admin.agent
      .post(`/api/admin/consumers/${consumerKey}/${action}`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: `${action} for the test` })
      .expect(200);

  /** An OAuth 1 consumer of `dev`: approved with an `oob` callback, or owner-only with the owner's token. */
  async function registerOauth1(name: string, ownerOnly = false): Promise<Oauth1Credentials> {
    const created = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        oauthVersion: 1,
        name,
        version: '1.0',
        description: `${name} for the tests`,
        email: dev.email,
        grants: ['basic'],
        ...(ownerOnly ? { ownerOnly: true } : { callbackUrl: 'https://tool.example/cb' }),
      })
      .expect(201);
    const body = created.body as {
      consumer: { consumerKey: string };
      secret: string;
      accessToken?: string;
      accessSecret?: string;
    };
    if (!ownerOnly) {
      await adminAction(body.consumer.consumerKey, 'approve');
    }
    return {
      consumerKey: body.consumer.consumerKey,
      consumerSecret: body.secret,
      token: body.accessToken,
      tokenSecret: body.accessSecret,
    };
  }

  function expectInvalidClient(response: supertest.Response): void {
    expect({ status: response.status, error: response.body.error, token: response.body.access_token }).toEqual({
      status: 401,
      error: 'invalid_client',
      token: undefined,
    });
  }

  describe('row 2: consumer stage and owner rule', () => {
    it('refuses a proposed consumer holding `introspect` at introspection, on both ports, until it is approved', async () => {
      const proposal = await registerOauth2Client(
        dev,
        admin,
        { name: 'Unreviewed gateway', grants: ['basic', 'introspect'], grantTypes: ['client_credentials'] },
        false,
      );
      const victim = await userTokens(gatehouse, user, app);
      for (const door of doors()) {
        const refused = await introspect(door, proposal, victim.access_token);
        expectInvalidClient(refused);
        expect(refused.body).not.toHaveProperty('active');
        expect(refused.body).not.toHaveProperty('username');
      }
      await adminAction(proposal.clientId, 'approve');
      for (const door of doors()) {
        const answer = await introspect(door, proposal, victim.access_token).expect(200);
        expect(answer.body).toMatchObject({ active: true, client_id: app.clientId, username: 'Bounduser' });
      }
    });

    it('lets the owner test a proposal through its own authorization, and nothing where no user acts', async () => {
      const proposal = await registerOauth2Client(
        dev,
        admin,
        { name: 'Owner-tested app', grantTypes: ALL_GRANT_TYPES },
        false,
      );
      const owners: Tokens = await userTokens(gatehouse, dev, proposal);
      await profile(owners.access_token).expect(200);
      for (const door of doors()) {
        await verify(door, bearer(owners.access_token)).expect(200);
        const refreshed = await form(
          door,
          '/oauth2/token',
          { grant_type: 'refresh_token', refresh_token: owners.refresh_token as string },
          proposal,
        ).expect(200);
        Object.assign(owners, refreshed.body as Tokens);
        expectInvalidClient(await form(door, '/oauth2/token', { grant_type: 'client_credentials' }, proposal));
        expectInvalidClient(await introspect(door, proposal, owners.refresh_token as string));
      }
      // Its own tokens are its owner's, which the owner may revoke through it.
      await form(gatehouse.url, '/oauth2/revoke', { token: owners.refresh_token as string }, proposal).expect(200);
      await adminAction(proposal.clientId, 'approve');
      const after = await introspect(gatehouse.url, proposal, owners.refresh_token as string).expect(200);
      expect(after.body).toEqual({ active: false });
    });

    it('refuses a disabled consumer at revocation and at OAuth 1 /initiate too', async () => {
      const tokens = await userTokens(gatehouse, user, app);
      const tool = await registerOauth1('Disabled tool');
      await adminAction(app.clientId, 'disable');
      await adminAction(tool.consumerKey, 'disable');
      try {
        expectInvalidClient(await form(gatehouse.url, '/oauth2/revoke', { token: tokens.access_token }, app));
        const initiated = await sendSigned(gatehouse.url, tool, initiateCall()).expect(401);
        expect(initiated.text).toContain('set up incorrectly');
      } finally {
        await adminAction(app.clientId, 'reenable');
        await adminAction(tool.consumerKey, 'reenable');
      }
      await sendSigned(gatehouse.url, tool, initiateCall()).expect(200);
    });
  });

  describe('row 3: IP restrictions at every door', () => {
    let restricted: Oauth2Client;
    let tokens: Tokens;

    beforeAll(async () => {
      restricted = await registerOauth2Client(dev, admin, {
        name: 'Office app',
        grants: ['basic', 'introspect'],
        grantTypes: ALL_GRANT_TYPES,
      });
      tokens = await userTokens(gatehouse, user, restricted);
      await restrict(restricted.clientId);
    });

    it('refuses every grant at the token endpoint from outside, on both ports, and spends nothing', async () => {
      for (const door of doors()) {
        const credentials = { grant_type: 'client_credentials' };
        expectInvalidClient(await form(door, '/oauth2/token', credentials, restricted));
        await form(door, '/oauth2/token', credentials, restricted).set(INSIDE).expect(200);

        const refresh = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string };
        expectInvalidClient(await form(door, '/oauth2/token', refresh, restricted));
        const refreshed = await form(door, '/oauth2/token', refresh, restricted).set(INSIDE).expect(200);
        tokens = refreshed.body as Tokens;

        // The browser of the user is not the client: the authorization itself is not restricted.
        const { code, verifier } = await authorizationCode(user, restricted);
        const exchange = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
        expectInvalidClient(await form(door, '/oauth2/token', exchange, restricted));
        await form(door, '/oauth2/token', exchange, restricted).set(INSIDE).expect(200);
      }
    });

    it('refuses its tokens at the resource endpoints from outside (RFC 6750 §3.1: 403)', async () => {
      for (const type of ['profile', 'scopes']) {
        const path = `/oauth2/resource/${type}`;
        const refused = await supertest(gatehouse.url).get(path).set(bearer(tokens.access_token)).expect(403);
        expect(refused.body.error).toBe('insufficient_scope');
        expect(refused.headers['www-authenticate']).toContain('error="insufficient_scope"');
        await supertest(gatehouse.url).get(path).set(bearer(tokens.access_token)).set(INSIDE).expect(200);
      }
      await supertest(gatehouse.url).get('/api/me').set(bearer(tokens.access_token)).expect(403);
    });

    it("holds the caller's restrictions at introspection, on both ports, not those of the token's client", async () => {
      for (const door of doors()) {
        expectInvalidClient(await introspect(door, restricted, tokens.access_token));
        const own = await introspect(door, restricted, tokens.access_token).set(INSIDE).expect(200);
        expect(own.body).toMatchObject({ active: true, client_id: restricted.clientId });
        // A resource server asks about the token; it is not the client, so the client's ranges are not its own.
        const other = await introspect(door, introspector, tokens.access_token).expect(200);
        expect(other.body).toMatchObject({ active: true, client_id: restricted.clientId });
      }
    });

    it('refuses revocation from outside, and the token stays alive', async () => {
      const issued = await form(gatehouse.url, '/oauth2/token', { grant_type: 'client_credentials' }, restricted)
        .set(INSIDE)
        .expect(200);
      const token = (issued.body as Tokens).access_token;
      expectInvalidClient(await form(gatehouse.url, '/oauth2/revoke', { token }, restricted));
      expect((await introspect(gatehouse.url, introspector, token).expect(200)).body.active).toBe(true);
      await form(gatehouse.url, '/oauth2/revoke', { token }, restricted).set(INSIDE).expect(200);
      expect((await introspect(gatehouse.url, introspector, token).expect(200)).body).toEqual({ active: false });
    });

    it('refuses bearer tokens and OAuth 1 signatures at the gateway from outside, on both ports', async () => {
      const bot = await registerOauth1('Office bot', true);
      await restrict(bot.consumerKey);
      for (const door of doors()) {
        await verify(door, { ...bearer(tokens.access_token), ...OUTSIDE }).expect(403);
        await verify(door, { ...bearer(tokens.access_token), ...INSIDE }).expect(200);
        const signed = (address: Record<string, string>) => ({
          Authorization: signedHeader(API, bot, { method: 'GET', target: '/v1/pages' }),
          'X-Original-Method': 'GET',
          'X-Original-URI': '/v1/pages',
          'X-Forwarded-Host': 'api.example.com',
          'X-Forwarded-Proto': 'https',
          ...address,
        });
        await verify(door, signed(OUTSIDE)).expect(403);
        await verify(door, signed(INSIDE)).expect(200);
      }
    });

    it('refuses OAuth 1 /initiate, /token, /identify and the API from outside', async () => {
      const tool = await registerOauth1('Office tool');
      await restrict(tool.consumerKey);
      const badIp = (response: supertest.Response) => {
        expect({ status: response.status, text: response.text }).toEqual({
          status: 403,
          text: expect.stringContaining('invalid IP address') as string,
        });
      };
      badIp(await sendSigned(gatehouse.url, tool, initiateCall()));
      const initiated = await sendSigned(gatehouse.url, tool, initiateCall()).set(INSIDE).expect(200);
      const request = Object.fromEntries(new URLSearchParams(initiated.text));
      const verifier = await allowOauth1(user, request.oauth_token);
      const withRequestToken = { ...tool, token: request.oauth_token, tokenSecret: request.oauth_token_secret };
      const exchange = { method: 'POST' as const, target: TOKEN, extra: { oauth_verifier: verifier } };
      badIp(await sendSigned(gatehouse.url, withRequestToken, exchange));
      const exchanged = await sendSigned(gatehouse.url, withRequestToken, exchange).set(INSIDE).expect(200);
      const access = Object.fromEntries(new URLSearchParams(exchanged.text));
      const withAccess = { ...tool, token: access.oauth_token, tokenSecret: access.oauth_token_secret };
      badIp(await sendSigned(gatehouse.url, withAccess, { method: 'GET', target: IDENTIFY }));
      // The answer is a bare JWT served as application/json: read it as text.
      await sendSigned(gatehouse.url, withAccess, { method: 'GET', target: IDENTIFY })
        .set(INSIDE)
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => done(null, text));
        })
        .expect(200);
      const api = await sendSigned(gatehouse.url, withAccess, { method: 'GET', target: '/api/me' }).expect(401);
      expect(api.body.message).toContain('invalid IP address');
      await sendSigned(gatehouse.url, withAccess, { method: 'GET', target: '/api/me' }).set(INSIDE).expect(200);
    });
  });

  describe('row 4: throttling client authentication without a kill switch', () => {
    const guess = () => randomBytes(20).toString('hex');

    it('locks the source that guesses secrets out of the client, not the client from its own address, on both ports', async () => {
      const target = await registerOauth2Client(dev, admin, {
        name: 'Lock target',
        grantTypes: ['client_credentials'],
      });
      const attacker = { 'X-Forwarded-For': '203.0.113.9' };
      const credentials = { grant_type: 'client_credentials' };
      for (let attempt = 1; attempt <= 30; attempt += 1) {
        const door = doors()[attempt % 2];
        const response = await form(door, '/oauth2/token', credentials, { clientId: target.clientId, secret: guess() })
          .set(attacker)
          .expect((answer) => expect([401, 429]).toContain(answer.status));
        expect(response.body.access_token).toBeUndefined();
      }
      for (const door of doors()) {
        const locked = await form(door, '/oauth2/token', credentials, target).set(attacker).expect(429);
        expect(locked.body).toMatchObject({ error: 'invalid_client' });
        expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
        // The real client, calling from its own address, keeps working.
        await form(door, '/oauth2/token', credentials, target).expect(200);
        await form(door, '/oauth2/token', credentials, target).set(INSIDE).expect(200);
      }
    });

    it("never locks a public client: its users' code exchanges go through after any number of failures", async () => {
      const publicClient = await registerOauth2Client(dev, admin, { name: 'Bound SPA', confidential: false });
      const withSecret = { clientId: publicClient.clientId, secret: guess() };
      for (let attempt = 1; attempt <= 30; attempt += 1) {
        const response = await form(
          doors()[attempt % 2],
          '/oauth2/token',
          { grant_type: 'client_credentials' },
          withSecret,
        );
        expect({ attempt, status: response.status }).toEqual({ attempt, status: 401 });
      }
      for (const door of doors()) {
        const { code, verifier } = await authorizationCode(user, publicClient);
        const exchange = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
        await form(door, '/oauth2/token', exchange, publicClient).expect(200);
      }
    });

    it('refuses an oversized or malformed client_id before any lookup, and stores nothing for it', async () => {
      const before = await storeFootprint(gatehouse);
      const source = { 'X-Forwarded-For': '198.51.100.99' };
      // Past the protocol form limit (32 KiB) the body is refused at the edge before it is read as a form.
      const edge = await form(
        doors()[0],
        '/oauth2/token',
        { grant_type: 'client_credentials' },
        { clientId: 'a'.repeat(94 * 1024), secret: guess() },
      ).set(source);
      expect({ status: edge.status, error: edge.body.error }).toEqual({ status: 413, error: 'invalid_request' });
      for (let attempt = 1; attempt <= 40; attempt += 1) {
        const clientId = `${attempt}${'a'.repeat(16 * 1024)}`;
        const response = await form(
          doors()[attempt % 2],
          '/oauth2/token',
          { grant_type: 'client_credentials' },
          {
            clientId,
            secret: guess(),
          },
        ).set(source);
        expect({ attempt, status: response.status, error: response.body.error }).toEqual({
          attempt,
          status: 401,
          error: 'invalid_client',
        });
      }
      const basic = await supertest(gatehouse.url)
        .post('/oauth2/introspect')
        .auth(`${'b'.repeat(8 * 1024)}`, guess())
        .type('form')
        .send({ token: 'x' });
      expectInvalidClient(basic);
      expect(await storeFootprint(gatehouse)).toEqual(before);
    });
  });
});

/** /initiate with an `oob` callback. */
function initiateCall() {
  return { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
}

/** The OAuth 1 consent page as `user`, answered with Allow; answers the verifier. */
async function allowOauth1(user: SignedIn, token: string): Promise<string> {
  const page = await user.agent.get('/oauth1/authorize').query({ oauth_token: token }).expect(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
  const allowed = await user.agent
    .post('/oauth1/authorize')
    .type('form')
    .send({ csrf, requestToken: token, decision: 'allow' })
    .expect(303);
  return new URL(allowed.headers.location).searchParams.get('oauth_verifier') ?? '';
}

/**
 * How much the temporary store of `gatehouse` holds: entries and the bytes of their keys and values, in every
 * memory of the memory backend, or under the app's prefix in Redis.
 */
async function storeFootprint(gatehouse: TestApp): Promise<{ entries: number; bytes: number }> {
  if (!backend.redisUrl) {
    const store: Record<string, unknown> = { ...gatehouse.app.get(TemporaryStore) };
    const memories = Object.values(store).filter(
      (field): field is CacheableMemory => typeof field === 'object' && field !== null && 'items' in field,
    );
    let entries = 0;
    let bytes = 0;
    for (const memory of memories) {
      for (const item of memory.items) {
        entries += 1;
        bytes += item.key.length + JSON.stringify(item.value).length;
      }
    }
    return { entries, bytes };
  }
  // A plain client: scanIterator is a single server's command, which the Sentinel client does not offer.
  const client = createClient({ url: backend.redisUrl }).on('error', () => undefined);
  await client.connect();
  try {
    let entries = 0;
    let bytes = 0;
    for await (const keys of client.scanIterator({ MATCH: `${gatehouse.env.CACHE_PREFIX}tmp:*`, COUNT: 1000 })) {
      for (const key of keys) {
        entries += 1;
        // Records of fields (a user's sessions) are Redis hashes; everything else is a string.
        const value =
          (await client.type(key)) === 'hash'
            ? JSON.stringify(await client.hGetAll(key))
            : ((await client.get(key)) ?? '');
        bytes += key.length + value.length;
      }
    }
    return { entries, bytes };
  } finally {
    await client.close();
  }
}
