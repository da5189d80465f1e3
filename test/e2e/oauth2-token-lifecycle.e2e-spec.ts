import { decodeJwt } from 'jose';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import {
  CALLBACK,
  type Oauth2Client,
  authorize,
  consentFields,
  pkcePair,
  postForm,
  registerOauth2Client,
  userTokens,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/**
 * What stops an OAuth 2 token at once (issue: OAuth 2.0 provider, "Using the tokens"), owner-only clients, the
 * rights a token carries, the sign-in round trip, MediaWiki's addresses and the metadata.
 */
describe('OAuth 2.0 tokens in use', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn & { email: string };
  let app: Oauth2Client;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const me = (token: string) => supertest(gatehouse.url).get('/api/me').set(bearer(token));
  const introspect = (token: string, caller: Oauth2Client = app) =>
    postForm(gatehouse, '/oauth2/introspect', { token }, caller).expect(200);
  const adminAction = (clientId: string, action: string) =>
    admin.agent
      .post(`/api/admin/consumers/${clientId}/${action}`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: `${action} for the test` })
      .expect(200);

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Lifedev');
    user = await createSignedInUser(gatehouse, 'Lifeuser');
    app = await registerOauth2Client(dev, admin, { name: 'Lifecycle app' });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it("stops every token of an authorization the user revokes in 'my grants'", async () => {
    const tokens = await userTokens(gatehouse, user, app);
    await me(tokens.access_token).expect(200);
    const grants = await user.agent.get('/api/me/grants').expect(200);
    const mine = (grants.body as { id: number; consumer: { consumerKey: string } }[]).find(
      (grant) => grant.consumer.consumerKey === app.clientId,
    );
    await user.agent.delete(`/api/me/grants/${mine?.id}`).set('X-CSRF-Token', user.csrfToken).expect(204);
    await me(tokens.access_token).expect(401);
    await supertest(gatehouse.url).get('/oauth2/resource/profile').set(bearer(tokens.access_token)).expect(401);
    expect((await introspect(tokens.access_token)).body).toEqual({ active: false });
    const refreshed = await postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string },
      app,
    ).expect(400);
    expect(refreshed.body.error).toBe('invalid_grant');
  });

  it('stops tokens while their consumer is disabled and lets them work again once re-enabled', async () => {
    const toggled = await registerOauth2Client(dev, admin, { name: 'Toggled app' });
    const tokens = await userTokens(gatehouse, user, toggled);
    await adminAction(toggled.clientId, 'disable');
    const refused = await me(tokens.access_token).expect(401);
    expect(refused.body.message).toContain('set up incorrectly');
    const refresh = { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string };
    await postForm(gatehouse, '/oauth2/token', refresh, toggled).expect(401);
    await adminAction(toggled.clientId, 'reenable');
    await me(tokens.access_token).expect(200);
    await postForm(gatehouse, '/oauth2/token', refresh, toggled).expect(200);
  });

  it('stops the tokens of a user who gets blocked', async () => {
    const blocked = await createSignedInUser(gatehouse, 'Soonblocked');
    const tokens = await userTokens(gatehouse, blocked, app);
    await me(tokens.access_token).expect(200);
    const database = gatehouse.app.get(DataSource);
    await database.query('UPDATE users SET blocked = ? WHERE id = ?', [true, blocked.user.id]);
    await me(tokens.access_token).expect(401);
    expect((await introspect(tokens.access_token)).body).toEqual({ active: false });
    await database.query('UPDATE users SET blocked = ? WHERE id = ?', [false, blocked.user.id]);
  });

  it('stops a revoked access token, and revoking a refresh token takes its access tokens along', async () => {
    const first = await userTokens(gatehouse, user, app);
    await postForm(gatehouse, '/oauth2/revoke', { token: first.access_token }, app).expect(200);
    await me(first.access_token).expect(401);

    const second = await userTokens(gatehouse, user, app);
    await postForm(
      gatehouse,
      '/oauth2/revoke',
      { token: second.refresh_token as string, token_type_hint: 'refresh_token' },
      app,
    ).expect(200);
    await me(second.access_token).expect(401);
  });

  it("acts with the user rights its grants carry: oauthmanageownclient manages the owner's consumers", async () => {
    const manager = await registerOauth2Client(dev, admin, {
      name: 'Console app',
      grants: ['basic', 'oauthmanageownclient'],
    });
    // An app of its own: the restriction set below would keep the shared one from the token endpoint.
    const managed = await registerOauth2Client(dev, admin, { name: 'Managed app' });
    const limited = await userTokens(gatehouse, dev, managed);
    const managing = await userTokens(gatehouse, dev, manager);
    const limitedMe = await me(limited.access_token).expect(200);
    expect(limitedMe.body.rights).not.toContain('mwoauthupdateownconsumer');
    const update = { restrictions: { ipAddresses: ['10.0.0.0/8'] } };
    await supertest(gatehouse.url)
      .patch(`/api/consumers/${managed.clientId}`)
      .set(bearer(limited.access_token))
      .send(update)
      .expect(403);
    const updated = await supertest(gatehouse.url)
      .patch(`/api/consumers/${managed.clientId}`)
      .set(bearer(managing.access_token))
      .send(update)
      .expect(200);
    expect(updated.body.consumer.restrictions).toEqual(update.restrictions);
    // The restriction applies to the app's tokens at once: these tests call from 127.0.0.1.
    const outside = await me(limited.access_token).expect(403);
    expect(outside.body.message).toContain('IP address');
    const listed = await supertest(gatehouse.url)
      .get('/rest.php/oauth2/client')
      .set(bearer(managing.access_token))
      .expect(200);
    expect(listed.body.clients.map((client: { client_key: string }) => client.client_key)).toContain(managed.clientId);
  });

  it('gives an owner-only client its token at registration, acting for the owner, and a new one on reset', async () => {
    const ownerOnly = await registerOauth2Client(dev, admin, {
      name: 'Owner-only bot',
      ownerOnly: true,
      grantTypes: ['client_credentials'],
    });
    expect(ownerOnly.accessToken).toBeTruthy();
    const claims = decodeJwt(ownerOnly.accessToken as string);
    expect(claims.sub).toBe(String(dev.user.id));
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000 + 100 * 365 * 24 * 3600);
    expect((await me(ownerOnly.accessToken as string).expect(200)).body.name).toBe('Lifedev');

    const issued = await postForm(gatehouse, '/oauth2/token', { grant_type: 'client_credentials' }, ownerOnly).expect(
      200,
    );
    expect(decodeJwt(issued.body.access_token as string).sub).toBe(String(dev.user.id));

    const reset = await dev.agent
      .post(`/oauth2/client/${ownerOnly.clientId}/reset_secret`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ reason: 'rotate' })
      .expect(200);
    expect(reset.body.access_token).toBeTruthy();
    await me(ownerOnly.accessToken as string).expect(401);
    await me(issued.body.access_token as string).expect(401);
    await me(reset.body.access_token as string).expect(200);
  });

  it('returns the owner-only token from the MediaWiki REST registration too', async () => {
    const registered = await dev.agent
      .post('/w/rest.php/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        name: 'REST owner-only bot',
        description: 'registered over REST',
        email: dev.email,
        owner_only: true,
        is_confidential: true,
        grant_types: ['client_credentials'],
        scopes: ['basic'],
      })
      .expect(200);
    expect(registered.body.access_token).toBeTruthy();
    await me(registered.body.access_token as string).expect(200);
  });

  it("acts for nobody with a shared client's client credentials: no API caller, a profile of no one", async () => {
    const machine = await registerOauth2Client(dev, admin, {
      name: 'Machine app',
      grantTypes: ['client_credentials'],
    });
    const issued = await postForm(gatehouse, '/oauth2/token', { grant_type: 'client_credentials' }, machine).expect(
      200,
    );
    const refused = await me(issued.body.access_token as string).expect(401);
    expect(refused.body.message).toContain('acts for no user');
    await supertest(gatehouse.url)
      .get('/oauth2/resource/scopes')
      .set(bearer(issued.body.access_token as string))
      .expect(200, { scopes: ['basic', 'editpage'] });
  });

  it('sends a signed-out user through the login page and back to the authorization', async () => {
    const { challenge } = pkcePair();
    const target = `/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: CALLBACK,
      state: 'login-trip',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()}`;
    const browser = supertest.agent(gatehouse.url);
    const bounced = await browser.get(target).expect(303);
    const login = new URL(bounced.headers.location, gatehouse.url);
    expect(login.pathname).toBe('/login');
    expect(login.searchParams.get('returnTo')).toBe(target);
    const form = await browser.get(login.pathname + login.search).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)?.[1];
    const signedIn = await browser
      .post('/login')
      .type('form')
      .send({ username: 'Lifeuser', password: 'Lifeuser-password-1', csrf, returnTo: target })
      .expect(303);
    expect(signedIn.headers.location).toBe(target);
    const consent = await browser.get(target).expect(200);
    expect(consent.headers['x-frame-options']).toBe('DENY');
    expect(consent.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(consent.headers['referrer-policy']).toBe('no-referrer');
    expect(consentFields(consent.text).request).toMatch(/^[0-9a-f]{32}$/);
  });

  it('skips the consent page only for a confidential identity-only client already authorized as it is', async () => {
    const signOn = await registerOauth2Client(dev, admin, { name: 'Sign-on app', grants: ['mwoauth-authonly'] });
    const publicSignOn = await registerOauth2Client(dev, admin, {
      name: 'Public sign-on app',
      grants: ['mwoauth-authonly'],
      confidential: false,
    });
    for (const client of [signOn, publicSignOn]) {
      const query = { client_id: client.clientId, redirect_uri: CALLBACK, ...challengeQuery() };
      const first = await user.agent
        .get('/oauth2/authorize')
        .query({ response_type: 'code', ...query })
        .expect(200);
      expect(first.text).toContain('Sign');
      await authorize(user, query);
    }
    const again = await user.agent
      .get('/oauth2/authorize')
      .query({ response_type: 'code', client_id: signOn.clientId, redirect_uri: CALLBACK, ...challengeQuery() })
      .expect(302);
    expect(new URL(again.headers.location).searchParams.get('code')).toBeTruthy();
    await user.agent
      .get('/oauth2/authorize')
      .query({ response_type: 'code', client_id: publicSignOn.clientId, redirect_uri: CALLBACK, ...challengeQuery() })
      .expect(200);
  });

  it("answers at MediaWiki's rest.php addresses too", async () => {
    const tokens = await userTokens(gatehouse, user, app);
    const { code, verifier } = await (async () => {
      const pair = pkcePair();
      const redirect = await authorize(
        user,
        { client_id: app.clientId, code_challenge: pair.challenge, code_challenge_method: 'S256' },
        'allow',
        '/w/rest.php/oauth2/authorize',
      );
      return { code: redirect.searchParams.get('code') as string, verifier: pair.verifier };
    })();
    await postForm(
      gatehouse,
      '/rest.php/oauth2/access_token',
      { grant_type: 'authorization_code', code, code_verifier: verifier },
      app,
    ).expect(200);
    await supertest(gatehouse.url)
      .get('/w/rest.php/oauth2/resource/profile')
      .set(bearer(tokens.access_token))
      .expect(200);
  });

  it('publishes RFC 8414 metadata that matches the endpoints', async () => {
    const metadata = await supertest(gatehouse.url).get('/.well-known/oauth-authorization-server').expect(200);
    expect(metadata.body).toMatchObject({
      issuer: gatehouse.url,
      authorization_endpoint: `${gatehouse.url}/oauth2/authorize`,
      token_endpoint: `${gatehouse.url}/oauth2/token`,
      jwks_uri: `${gatehouse.url}/.well-known/jwks.json`,
      revocation_endpoint: `${gatehouse.url}/oauth2/revoke`,
      introspection_endpoint: `${gatehouse.url}/oauth2/introspect`,
      response_types_supported: ['code'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    expect(metadata.body.scopes_supported).toContain('introspect');
  });
});

function challengeQuery(): Record<string, string> {
  return { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' };
}
