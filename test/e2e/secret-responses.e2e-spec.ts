import type { SignedIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

type Developer = SignedIn & { email: string };

/**
 * Answers that carry a secret (a consumer secret, an access token, a CSRF token) must never be stored by a cache
 * (RFC 6749 §5.1, RFC 9111 §5.2.2.5): every answer of the API and of the pages is `no-store` unless its route opts
 * into caching, and only public, secret-free documents do.
 */
describe('secret-bearing answers are never cached', () => {
  let gatehouse: TestApp;
  let dev: Developer;
  let counter = 0;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    dev = await createSignedInUser(gatehouse, 'Secretdev');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const noStore = (response: { headers: Record<string, string | undefined> }) =>
    expect(response.headers['cache-control']).toBe('no-store');
  const proposal = (overrides: object = {}) => ({
    oauthVersion: 2,
    name: `Secret app ${++counter}`,
    version: '1.0',
    description: 'Holds a secret',
    email: dev.email,
    grants: ['basic'],
    callbackUrl: 'https://app.example/callback',
    ...overrides,
  });

  it('the JSON login, which hands out the CSRF token', async () => {
    const response = await gatehouse
      .http()
      .post('/api/auth/login')
      .send({ username: ADMIN.username, password: ADMIN.password })
      .expect(200);
    expect(response.body.csrfToken).toMatch(/^[0-9a-f]{32}$/);
    noStore(response);
  });

  it('a registration through the JSON API, with its secret and the owner-only token', async () => {
    const registered = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send(proposal())
      .expect(201);
    expect(registered.body.secret).toBeDefined();
    noStore(registered);
    const ownerOnly = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send(proposal({ ownerOnly: true, callbackUrl: undefined }))
      .expect(201);
    expect(ownerOnly.body.accessToken).toBeDefined();
    noStore(ownerOnly);
  });

  it('a secret reset through the JSON API', async () => {
    const key = (await dev.agent.post('/api/consumers').set('X-CSRF-Token', dev.csrfToken).send(proposal()).expect(201))
      .body.consumer.consumerKey as string;
    const reset = await dev.agent
      .patch(`/api/consumers/${key}`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ resetSecret: true, reason: 'rotation' })
      .expect(200);
    expect(reset.body.secret).toBeDefined();
    noStore(reset);
  });

  it("MediaWiki REST's client registration and secret reset", async () => {
    const registered = await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        name: `REST secret ${++counter}`,
        description: 'Registered over REST',
        callback_url: 'https://rest.example/callback',
        email: dev.email,
        is_confidential: true,
        grant_types: ['authorization_code'],
        scopes: ['basic'],
      })
      .expect(200);
    expect(registered.body.secret).toBeDefined();
    noStore(registered);
    const reset = await dev.agent
      .post(`/oauth2/client/${registered.body.client_key as string}/reset_secret`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ reason: 'rotation' })
      .expect(200);
    expect(reset.body.secret).toBeDefined();
    noStore(reset);
  });

  it('the page that shows a registration secret once', async () => {
    const form = new URLSearchParams([
      ['name', `Page secret ${++counter}`],
      ['version', '1.0'],
      ['description', 'Registered through the page'],
      ['email', dev.email],
      ['callbackUrl', 'https://app.example/callback'],
      ['grants', 'basic'],
      ['ipAddresses', '0.0.0.0/0\r\n::/0'],
      ['oauth2IsConfidential', 'true'],
      ['oauth2GrantTypes', 'authorization_code'],
      ['csrf', dev.csrfToken],
    ]);
    const posted = await dev.agent.post('/consumers/register/oauth2').type('form').send(form.toString()).expect(303);
    const page = await dev.agent.get(posted.headers.location).expect(200);
    expect(page.text).toContain('id="secret-secret"');
    noStore(page);
  });

  it('private answers of the API, and its refusals', async () => {
    noStore(await dev.agent.get('/api/me').expect(200));
    noStore(await gatehouse.http().get('/api/me').expect(401));
  });

  it('keeps the public documents that opt into caching cacheable', async () => {
    const jwks = await gatehouse.http().get('/.well-known/jwks.json').expect(200);
    expect(jwks.headers['cache-control']).toBe('public, max-age=300');
  });
});
