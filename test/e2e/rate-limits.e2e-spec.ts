import supertest from 'supertest';
import { type Oauth2Client, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend, freePort } from './support/test-environment';
import { createSignedInUser } from './support/users';

/** Tiny limits, so that each door's limit is met in a few requests; each test comes from addresses of its own. */
const LIMITS = {
  RATE_LIMIT_TOKEN: '2/PT1M',
  RATE_LIMIT_INTROSPECTION: '2/PT1M',
  RATE_LIMIT_REVOCATION: '2/PT1M',
  RATE_LIMIT_DEVICE_AUTHORIZATION: '2/PT1M',
  RATE_LIMIT_PAR: '2/PT1M',
  RATE_LIMIT_OAUTH1: '2/PT1M',
  RATE_LIMIT_LOGIN: '3/PT1M',
  RATE_LIMIT_REGISTRATION: '2/PT1M',
  // The addresses below are what a proxy in front would say.
  TRUST_PROXY: 'loopback',
};

function from(request: supertest.Test, address: string): supertest.Test {
  return request.set('X-Forwarded-For', address);
}

function expectRetryAfter(answer: supertest.Response, window = 60): void {
  const seconds = Number(answer.headers['retry-after']);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(window);
}

/** RFC 6749 §5.2 JSON with 429 and Retry-After (RFC 6585 §4). */
function expectOauth2Limited(answer: supertest.Response): void {
  expect(answer.status).toBe(429);
  expect(answer.body).toEqual({ error: 'temporarily_unavailable', error_description: expect.any(String) });
  expect(answer.headers['cache-control']).toBe('no-store');
  expectRetryAfter(answer);
}

/** Per-address abuse limits of the anonymous doors (issue 17 item 4): 429 + Retry-After in each door's own format. */
describe('abuse limits on the anonymous doors', () => {
  let gatehouse: TestApp;
  let gatewayUrl: string;
  let admin: SignedIn;
  let client: Oauth2Client;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    gatehouse = await startTestApp({ env: { ...LIMITS, GATEWAY_PORT: String(gatewayPort) } });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Limitdev');
    client = await registerOauth2Client(developer, admin, {
      name: 'Limited app',
      grantTypes: ['client_credentials'],
      grants: ['basic', 'introspect'],
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('documents the 429 and its Retry-After on every limited JSON endpoint in OpenAPI', async () => {
    const document = (await gatehouse.http().get('/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    for (const path of [
      '/oauth2/token',
      '/oauth2/introspect',
      '/oauth2/revoke',
      '/oauth2/device_authorization',
      '/oauth2/par',
      '/api/auth/login',
      '/api/auth/login/second-factor',
      '/api/consumers',
      '/oauth2/client',
    ]) {
      expect({ path, headers: document.paths[path]?.post?.responses['429']?.headers }).toEqual({
        path,
        headers: { 'Retry-After': expect.anything() },
      });
    }
  });

  describe('token endpoint (refusals count)', () => {
    it('answers 429 temporarily_unavailable after the configured number of refused requests, on the fast lane and the Nest route', async () => {
      const refused = () => from(postForm(gatehouse, '/oauth2/token', { grant_type: 'nonsense' }), '198.51.100.10');
      await refused().expect(400);
      await refused().expect(400);
      expectOauth2Limited(await refused());
      // A good request from that address is refused too while the window lasts, however it reaches the service:
      // the bare door of the main port's fast lane above, Express and the Nest route (another charset) here.
      const viaNest = await from(supertest(gatehouse.url).post('/oauth2/token'), '198.51.100.10')
        .set('Content-Type', 'application/x-www-form-urlencoded; charset=ISO-8859-1')
        .send(`grant_type=client_credentials&client_id=${client.clientId}&client_secret=${client.secret}`);
      expectOauth2Limited(viaNest);
      // Another address is not affected.
      await from(postForm(gatehouse, '/oauth2/token', { grant_type: 'nonsense' }), '198.51.100.11').expect(400);
    });

    it('never counts issued tokens: a busy client from one address keeps getting them', async () => {
      for (let request = 0; request < 6; request += 1) {
        await from(
          postForm(gatehouse, '/oauth2/token', { grant_type: 'client_credentials' }, client),
          '198.51.100.12',
        ).expect(200);
      }
    });
  });

  describe('introspection (refusals count)', () => {
    it('limits refused introspections on the dedicated listener, and lets a gateway with good credentials through', async () => {
      const badCredentials = () =>
        from(postForm({ url: gatewayUrl }, '/oauth2/introspect', { token: 'x' }), '198.51.100.20').auth(
          client.clientId,
          'wrong-secret',
        );
      await badCredentials().expect(401);
      await badCredentials().expect(401);
      expectOauth2Limited(await badCredentials());
      for (let request = 0; request < 6; request += 1) {
        const answer = await from(
          postForm({ url: gatewayUrl }, '/oauth2/introspect', { token: 'not-a-token' }, client),
          '198.51.100.21',
        ).expect(200);
        expect(answer.body).toEqual({ active: false });
      }
    });
  });

  describe.each([
    ['revocation', '/oauth2/revoke', '198.51.100.30'],
    ['device authorization', '/oauth2/device_authorization', '198.51.100.31'],
    ['pushed authorization requests', '/oauth2/par', '198.51.100.32'],
  ])('%s (every request counts)', (_door, path, address) => {
    it('answers the request past the limit with 429 in RFC 6749 §5.2 JSON, and only for that address', async () => {
      const send = (who: string) => from(postForm(gatehouse, path, { token: 'x' }, client), who);
      for (let request = 0; request < 2; request += 1) {
        expect((await send(address)).status).not.toBe(429);
      }
      expectOauth2Limited(await send(address));
      expect((await send('198.51.100.39')).status).not.toBe(429);
    });
  });

  describe('OAuth 1 handshake', () => {
    it("answers in MediaWiki's format: actionthrottled, 429 and Retry-After", async () => {
      const initiate = (format: string) =>
        from(supertest(gatehouse.url).get('/oauth1/initiate').query({ format }), '198.51.100.40');
      await initiate('json').expect(400);
      await from(supertest(gatehouse.url).get('/w/index.php').query({ title: 'Special:OAuth/token' }), '198.51.100.40');
      const json = await initiate('json').expect(429);
      expect(json.body).toEqual({
        error: 'actionthrottled',
        message: expect.stringMatching(/^As an anti-abuse measure/),
      });
      expectRetryAfter(json);
      const raw = await initiate('raw').expect(429);
      expect(raw.text).toMatch(/^Error: As an anti-abuse measure/);
      expectRetryAfter(raw);
    });
  });

  describe('sign-in', () => {
    it('counts the JSON API, the page and the second step together; answers each in its format', async () => {
      const address = '198.51.100.50';
      const api = () =>
        from(supertest(gatehouse.url).post('/api/auth/login'), address).send({ username: 'Nobody', password: 'x' });
      await api().expect(401);
      await from(supertest(gatehouse.url).post('/api/auth/login/second-factor'), address)
        .send({ secondFactorToken: 'a'.repeat(64), code: '123456' })
        .expect((answer) => expect(answer.status).not.toBe(429));
      const agent = supertest.agent(gatehouse.url);
      const csrfOf = (html: string) => /name="csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';
      // Each answer of the form carries the CSRF value of the next post.
      const page = (csrf: string) =>
        from(agent.post('/login'), address).type('form').send({ username: 'Nobody', password: 'x', csrf });
      const refused = await page(csrfOf((await from(agent.get('/login'), address).expect(200)).text)).expect(401);
      const limitedPage = await page(csrfOf(refused.text)).expect(429);
      expect(limitedPage.headers['content-type']).toContain('text/html');
      expect(limitedPage.text).toContain('Too many requests from your address');
      expectRetryAfter(limitedPage);
      // The right password is refused too: the limit is checked before any password is.
      const limitedApi = await from(supertest(gatehouse.url).post('/api/auth/login'), address)
        .send({ username: ADMIN.username, password: ADMIN.password })
        .expect(429);
      expect(limitedApi.body).toEqual({
        code: 'rate_limited',
        message: expect.stringMatching(/^Too many requests from your address/),
        requestId: expect.any(String),
      });
      expectRetryAfter(limitedApi);
      await from(supertest(gatehouse.url).post('/api/auth/login'), '198.51.100.51')
        .send({ username: ADMIN.username, password: ADMIN.password })
        .expect(200);
    });
  });

  describe('registration', () => {
    const proposal = (name: string) => ({
      oauthVersion: 2,
      name,
      version: '1.0',
      description: 'A proposal',
      email: 'admin@example.org',
      grants: ['basic'],
      callbackUrl: 'https://app.example/callback',
    });

    it('limits the JSON API, the page and MediaWiki REST, each in its own format', async () => {
      const api = (address: string, name: string) =>
        from(admin.agent.post('/api/consumers'), address).set('X-CSRF-Token', admin.csrfToken).send(proposal(name));
      await api('198.51.100.60', 'Limited one').expect((answer) => expect(answer.status).not.toBe(429));
      await api('198.51.100.60', 'Limited two').expect((answer) => expect(answer.status).not.toBe(429));
      const limitedApi = await api('198.51.100.60', 'Limited three').expect(429);
      expect(limitedApi.body).toMatchObject({ code: 'rate_limited', requestId: expect.any(String) });
      expectRetryAfter(limitedApi);

      const page = () =>
        from(admin.agent.post('/consumers/register/oauth2'), '198.51.100.61')
          .type('form')
          .send({ csrf: admin.csrfToken });
      await page().expect(400);
      await page().expect(400);
      const limitedPage = await page().expect(429);
      expect(limitedPage.headers['content-type']).toContain('text/html');
      expectRetryAfter(limitedPage);

      const rest = () =>
        from(admin.agent.post('/oauth2/client'), '198.51.100.62').set('X-CSRF-Token', admin.csrfToken).send({});
      await rest().expect(400);
      await rest().expect(400);
      const limitedRest = await rest().expect(429);
      expect(limitedRest.body).toMatchObject({ errorKey: 'rate_limited', httpCode: 429 });
      expectRetryAfter(limitedRest);
    });
  });
});

/** The counts live in Redis: two instances of one deployment share them, however a balancer spreads requests. */
describe.runIf(backend.redisUrl)('abuse limits across two instances', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp({ env: LIMITS });
    second = await startTestApp({ shareWith: first, env: { PUBLIC_URL: first.url } });
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('counts requests to either instance together', async () => {
    const login = (instance: TestApp) =>
      from(supertest(instance.url).post('/api/auth/login'), '198.51.100.70').send({
        username: 'Nobody',
        password: 'x',
      });
    await login(first).expect(401);
    await login(second).expect(401);
    await login(first).expect(401);
    await login(second).expect(429);
    await login(first).expect(429);
  });

  it('counts refusals at the token endpoint on either instance together', async () => {
    const refused = (instance: TestApp) =>
      from(postForm(instance, '/oauth2/token', { grant_type: 'nonsense' }), '198.51.100.71');
    await refused(first).expect(400);
    await refused(second).expect(400);
    expectOauth2Limited(await refused(first));
    expectOauth2Limited(await refused(second));
  });
});
