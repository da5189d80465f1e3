import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type SignedIn, signIn } from './support/session-client';
import { createSignedInUser } from './support/users';

/** MediaWiki's REST client self-service, with its field names, answers and aliases (reference §5.7). */
describe('POST/GET /oauth2/client and reset_secret', () => {
  let gatehouse: TestApp;
  let dev: SignedIn & { email: string };
  let other: SignedIn & { email: string };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    dev = await createSignedInUser(gatehouse, 'Restdev');
    other = await createSignedInUser(gatehouse, 'Otherdev');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const client = (overrides: object = {}) => ({
    name: 'REST client',
    description: 'Registered over REST',
    callback_url: 'https://rest.example/callback',
    email: dev.email,
    is_confidential: true,
    grant_types: ['authorization_code', 'refresh_token'],
    scopes: ['basic', 'editpage'],
    ...overrides,
  });

  it('registers a client as JSON and answers with MediaWiki field names', async () => {
    const response = await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send(client())
      .expect(200);
    expect(response.body).toEqual({
      name: 'REST client',
      client_key: expect.stringMatching(/^[0-9a-f]{32}$/),
      secret: expect.stringMatching(/^[0-9a-f]{40}$/),
      post_logout_redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      require_pushed_authorization_requests: false,
    });
    const detail = await gatehouse.http().get(`/api/consumers/${response.body.client_key}`).expect(200);
    expect(detail.body).toMatchObject({ stage: 'proposed', oauthVersion: 2, grants: ['basic', 'editpage'] });
  });

  it('registers a client from a form, under /w/rest.php', async () => {
    const response = await dev.agent
      .post('/w/rest.php/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .type('form')
      .send(
        'name=Form+client&version=2.0&description=d&callback_url=https%3A%2F%2Fform.example%2Fcb&email=' +
          encodeURIComponent(dev.email) +
          '&is_confidential=1&grant_types=authorization_code&scopes=basic&scopes=editpage',
      )
      .expect(200);
    expect(response.body.client_key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('fails on validator warnings as MediaWiki REST does, in its error shape', async () => {
    const response = await dev.agent
      .post('/rest.php/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send(client({ name: 'Bare', callback_url: 'https://bare.example/' }))
      .expect(400);
    expect(response.body).toEqual({
      messageTranslations: { en: expect.stringContaining('bare domain') },
      errorKey: 'invalid_callback_url',
      httpCode: 400,
      httpReason: 'Bad Request',
    });
    const missing = await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ name: 'x' })
      .expect(400);
    expect(missing.body.errorKey).toBe('validation_failed');
  });

  it('lists the caller’s clients newest first with a total, under both paths', async () => {
    await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send(client({ name: 'Listed client', grant_types: ['authorization_code'] }))
      .expect(200);
    const list = await dev.agent.get('/oauth2/client?limit=1').expect(200);
    expect(list.body.total).toBeGreaterThanOrEqual(2);
    expect(list.body.clients).toHaveLength(1);
    expect(list.body.clients[0]).toMatchObject({
      name: 'Listed client',
      stage: 0,
      oauth_version: 2,
      allowed_grants: ['authorization_code'],
      scopes: ['basic', 'editpage'],
    });
    expect(Object.keys(list.body.clients[0])).not.toEqual(expect.arrayContaining(['secret']));
    expect(Object.keys(list.body.clients[0]).some((field) => /secret|restriction/.test(field))).toBe(false);
    await dev.agent.get('/oauth2/consumers').expect(200);
    expect((await other.agent.get('/oauth2/client').expect(200)).body.total).toBe(0);
  });

  it('refuses an offset past the safe integers with 400, not a 500 from SQL (found by the fuzz suite)', async () => {
    for (const path of ['/oauth2/client', '/w/rest.php/oauth2/consumers']) {
      const refused = await dev.agent.get(`${path}?limit=7&offset=8.272867340204799e%2B104`).expect(400);
      expect(refused.body).toMatchObject({ httpCode: 400 });
    }
    await dev.agent.get(`/oauth2/client?offset=${Number.MAX_SAFE_INTEGER}`).expect(200);
  });

  it('resets a secret for the owner only', async () => {
    const created = (
      await dev.agent
        .post('/oauth2/client')
        .set('X-CSRF-Token', dev.csrfToken)
        .send(client({ name: 'Resettable' }))
        .expect(200)
    ).body;
    const reset = await dev.agent
      .post(`/oauth2/client/${created.client_key}/reset_secret`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ reason: 'rotation' })
      .expect(200);
    expect(reset.body.secret).toMatch(/^[0-9a-f]{40}$/);
    expect(reset.body.secret).not.toBe(created.secret);
    const notMine = await other.agent
      .post(`/oauth2/client/${created.client_key}/reset_secret`)
      .set('X-CSRF-Token', other.csrfToken)
      .send({})
      .expect(400);
    expect(notMine.body.errorKey).toBe('not_owner');
    const unknown = await dev.agent
      .post(`/oauth2/client/${'0'.repeat(32)}/reset_secret`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({})
      .expect(400);
    expect(unknown.body.errorKey).toBe('consumer_not_found');
  });

  it('answers 401 on a suppressed client', async () => {
    const created = (
      await dev.agent
        .post('/oauth2/client')
        .set('X-CSRF-Token', dev.csrfToken)
        .send(client({ name: 'Doomed' }))
        .expect(200)
    ).body;
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    await admin.agent
      .post(`/api/admin/consumers/${created.client_key}/reject`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'spam', suppress: true })
      .expect(200);
    const refused = await dev.agent
      .post(`/oauth2/client/${created.client_key}/reset_secret`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({})
      .expect(401);
    expect(refused.body.errorKey).toBe('suppressed');
  });

  it('answers every registry refusal with 400, as MediaWiki REST does', async () => {
    const unconfirmed = await createSignedInUser(gatehouse, 'Unconfirmedrest', { emailConfirmed: false });
    const refused = await unconfirmed.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', unconfirmed.csrfToken)
      .send(client({ email: unconfirmed.email }))
      .expect(400);
    expect(refused.body.errorKey).toBe('email_not_confirmed');
    const body = client({ name: 'Twice' });
    await dev.agent.post('/oauth2/client').set('X-CSRF-Token', dev.csrfToken).send(body).expect(200);
    expect(
      (await dev.agent.post('/oauth2/client').set('X-CSRF-Token', dev.csrfToken).send(body).expect(400)).body.errorKey,
    ).toBe('consumer_exists');
  });

  it('registers a client that requires DPoP (RFC 9449 §5.2 dpop_bound_access_tokens)', async () => {
    const response = await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send(client({ name: 'DPoP client', dpop_bound_access_tokens: true }))
      .expect(200);
    expect(response.body.dpop_bound_access_tokens).toBe(true);
    const detail = await gatehouse.http().get(`/api/consumers/${response.body.client_key}`).expect(200);
    expect(detail.body.dpopBoundAccessTokens).toBe(true);
    const list = await dev.agent.get('/oauth2/client').expect(200);
    expect(
      list.body.clients.find((c: { client_key: string }) => c.client_key === response.body.client_key),
    ).toMatchObject({ dpop_bound_access_tokens: true });
  });

  it('registers the OpenID Connect logout URIs under their RFC 7591 names, and answers them serialized', async () => {
    const response = await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send(
        client({
          name: 'Logout client',
          post_logout_redirect_uris: ['HTTPS://Rest.Example:443/a/../bye', 'https://rest.example/bye'],
          backchannel_logout_uri: 'HTTPS://Rest.Example/logout',
        }),
      )
      .expect(200);
    expect(response.body).toMatchObject({
      post_logout_redirect_uris: ['https://rest.example/bye'],
      backchannel_logout_uri: 'https://rest.example/logout',
    });
    const detail = await gatehouse.http().get(`/api/consumers/${response.body.client_key}`).expect(200);
    expect(detail.body).toMatchObject({
      postLogoutRedirectUris: ['https://rest.example/bye'],
      backchannelLogoutUri: 'https://rest.example/logout',
    });
    const list = await dev.agent.get('/oauth2/client').expect(200);
    expect(
      list.body.clients.find((c: { client_key: string }) => c.client_key === response.body.client_key),
    ).toMatchObject({
      post_logout_redirect_uris: ['https://rest.example/bye'],
      backchannel_logout_uri: 'https://rest.example/logout',
    });
  });

  it('takes the logout URIs from a form too', async () => {
    const response = await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .type('form')
      .send(
        'name=Form+logout+client&description=d&callback_url=https%3A%2F%2Fform.example%2Fcb&email=' +
          encodeURIComponent(dev.email) +
          '&is_confidential=1&grant_types=authorization_code&scopes=basic' +
          '&post_logout_redirect_uris=https%3A%2F%2Fform.example%2Fbye%3Fa%3D1%2C2' +
          '&backchannel_logout_uri=http%3A%2F%2Flocalhost%3A8080%2Flogout',
      )
      .expect(200);
    expect(response.body).toMatchObject({
      post_logout_redirect_uris: ['https://form.example/bye?a=1,2'],
      backchannel_logout_uri: 'http://localhost:8080/logout',
    });
  });

  it.each([
    [
      { post_logout_redirect_uris: ['https://rest.example/ok', 'http://rest.example/bye'] },
      'invalid_post_logout_redirect_uri',
      'postLogoutRedirectUris[1]',
    ],
    [
      { post_logout_redirect_uris: ['https://rest.example/bye#x'] },
      'invalid_post_logout_redirect_uri',
      'postLogoutRedirectUris[0]',
    ],
    [
      { backchannel_logout_uri: 'http://rest.example/logout' },
      'invalid_backchannel_logout_uri',
      'backchannelLogoutUri',
    ],
    [
      { backchannel_logout_uri: 'com.example.app:/logout', is_confidential: false },
      'invalid_backchannel_logout_uri',
      'backchannelLogoutUri',
    ],
    [
      {
        owner_only: true,
        grant_types: ['client_credentials'],
        callback_url: undefined,
        backchannel_logout_uri: 'https://rest.example/l',
      },
      'invalid_field',
      'Owner-only',
    ],
  ])(
    'refuses logout URIs %j with 400, naming the field (as the consumer registry calls it)',
    async (overrides, errorKey, field) => {
      const response = await dev.agent
        .post('/oauth2/client')
        .set('X-CSRF-Token', dev.csrfToken)
        .send(client({ name: `Bad logout ${errorKey} ${field}`, ...overrides }))
        .expect(400);
      expect(response.body.errorKey).toBe(errorKey);
      expect(response.body.messageTranslations.en).toContain(field);
    },
  );

  it('needs a session', async () => {
    await gatehouse.http().post('/oauth2/client').send(client()).expect(401);
    await gatehouse.http().get('/oauth2/client').expect(401);
  });
});
