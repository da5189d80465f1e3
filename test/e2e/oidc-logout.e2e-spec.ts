import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import supertest from 'supertest';
import { CALLBACK, type Oauth2Client, authorize, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';
import { WebhookReceiver } from './support/webhook-receiver';

/** RFC 7636 Appendix B's pair. */
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** OpenID Connect RP-Initiated Logout 1.0 at `/oidc/logout` (issue 13, item 6). */
describe('OpenID Connect logout', () => {
  let gatehouse: TestApp;
  let rp: Oauth2Client;
  let listening: Oauth2Client;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Logoutdev');
    receiver = await WebhookReceiver.create('unused');
    rp = await registerOauth2Client(dev, admin, {
      name: 'Logout app',
      grants: ['openid', 'profile'],
      postLogoutRedirectUris: ['https://app.example/bye', 'https://app.example/bye?from=gatehouse'],
    });
    listening = await registerOauth2Client(dev, admin, {
      name: 'Listening app',
      grants: ['openid'],
      backchannelLogoutUri: receiver.url,
    });
    await createSignedInUser(gatehouse, 'Logoutuser');
  });

  afterAll(async () => {
    await receiver.stop();
    await gatehouse.close();
  });

  const freshSession = () => signIn(gatehouse, 'Logoutuser', 'Logoutuser-password-1');

  async function idTokenOf(user: SignedIn, client: Oauth2Client = rp): Promise<string> {
    const callback = await authorize(user, {
      client_id: client.clientId,
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    const tokens = await postForm(
      gatehouse,
      '/oauth2/token',
      {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') as string,
        redirect_uri: CALLBACK,
        code_verifier: VERIFIER,
      },
      client,
    ).expect(200);
    return (tokens.body as { id_token: string }).id_token;
  }

  const signedIn = async (user: SignedIn) => (await user.agent.get('/api/me')).status === 200;

  it('lists the endpoint in discovery, with back-channel logout', async () => {
    const discovery = await gatehouse.http().get('/.well-known/openid-configuration').expect(200);
    expect(discovery.body).toMatchObject({
      end_session_endpoint: `${gatehouse.url}/oidc/logout`,
      backchannel_logout_supported: true,
      backchannel_logout_session_supported: true,
    });
  });

  it('asks before signing out without a hint, and signs out on the answer', async () => {
    const user = await freshSession();
    const page = await user.agent.get('/oidc/logout').query({ client_id: rp.clientId }).expect(200);
    expect(page.text).toContain('Do you want to sign out of Gatehouse?');
    expect(page.text).toContain('Logout app');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(await signedIn(user)).toBe(true);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] as string;

    const stay = await user.agent
      .post('/oidc/logout')
      .type('form')
      .send({ csrf, client_id: rp.clientId, decision: 'stay' })
      .expect(200);
    expect(stay.text).toContain('still signed in');
    expect(await signedIn(user)).toBe(true);

    const forged = await user.agent.post('/oidc/logout').type('form').send({ csrf: 'nope', decision: 'logout' });
    expect(forged.status).toBe(403);
    expect(await signedIn(user)).toBe(true);

    const done = await user.agent.post('/oidc/logout').type('form').send({ csrf, decision: 'logout' }).expect(200);
    expect(done.text).toContain('You are signed out of Gatehouse.');
    expect(await signedIn(user)).toBe(false);
  });

  it('signs out at once with the signed-in user’s own ID Token as hint', async () => {
    const user = await freshSession();
    const hint = await idTokenOf(user);
    const done = await user.agent.get('/oidc/logout').query({ id_token_hint: hint }).expect(200);
    expect(done.text).toContain('You are signed out of Gatehouse.');
    expect(done.headers['set-cookie']?.[0]).toMatch(/^gatehouse_session=;/);
    expect(await signedIn(user)).toBe(false);
  });

  it('asks when the hint names someone else', async () => {
    const user = await freshSession();
    const hint = await idTokenOf(user);
    const other = await createSignedInUser(gatehouse, 'Logoutother');
    const page = await other.agent.get('/oidc/logout').query({ id_token_hint: hint }).expect(200);
    expect(page.text).toContain('Do you want to sign out of Gatehouse?');
    expect(await signedIn(other)).toBe(true);
  });

  it('shows an error page, and redirects nowhere, for an unregistered post_logout_redirect_uri', async () => {
    const user = await freshSession();
    const hint = await idTokenOf(user);
    for (const query of [
      { id_token_hint: hint, post_logout_redirect_uri: 'https://evil.example/' },
      { client_id: rp.clientId, post_logout_redirect_uri: CALLBACK },
      { post_logout_redirect_uri: 'https://app.example/bye' },
      { id_token_hint: 'a.b.c' },
      { client_id: '0'.repeat(32) },
    ]) {
      const answer = await user.agent.get('/oidc/logout').query(query);
      expect(answer.status).toBe(400);
      expect(answer.headers.location).toBeUndefined();
      expect(answer.text).toContain('you were not sent back to it');
    }
    expect(await signedIn(user)).toBe(true);
  });

  it('refuses a hint whose audience is another client than client_id', async () => {
    const user = await freshSession();
    const hint = await idTokenOf(user);
    const answer = await user.agent.get('/oidc/logout').query({ id_token_hint: hint, client_id: 'f'.repeat(32) });
    expect(answer.status).toBe(400);
    expect(await signedIn(user)).toBe(true);
  });

  it('turns an app’s POST, which carries no Lax cookie, into a GET of the same request', async () => {
    const answer = await supertest(gatehouse.url)
      .post('/oidc/logout')
      .type('form')
      .send({ client_id: rp.clientId, state: 'xyz' })
      .expect(303);
    const again = new URL(answer.headers.location, gatehouse.url);
    expect(again.pathname).toBe('/oidc/logout');
    expect(Object.fromEntries(again.searchParams)).toEqual({ client_id: rp.clientId, state: 'xyz' });

    // Only the logout parameters go along, and never into an address too long for a Location header.
    const extra = await supertest(gatehouse.url)
      .post('/oidc/logout')
      .type('form')
      .send({ client_id: rp.clientId, padding: 'x'.repeat(20_000), 'state[a]': '1' })
      .expect(303);
    expect(extra.headers.location).toBe(`/oidc/logout?client_id=${rp.clientId}`);
    const huge = await supertest(gatehouse.url)
      .post('/oidc/logout')
      .type('form')
      .send({ client_id: rp.clientId, state: 'x'.repeat(20_000) })
      .expect(400);
    expect(huge.headers.location).toBeUndefined();
  });

  it('sends the browser back to a registered post_logout_redirect_uri, with state, once signed out', async () => {
    const user = await freshSession();
    const hint = await idTokenOf(user);
    const answer = await user.agent
      .get('/oidc/logout')
      .query({ id_token_hint: hint, post_logout_redirect_uri: 'https://app.example/bye?from=gatehouse', state: 's-1' })
      .expect(303);
    expect(answer.headers.location).toBe('https://app.example/bye?from=gatehouse&state=s-1');
    expect(await signedIn(user)).toBe(false);
  });

  it('carries the checked redirect through the confirmation', async () => {
    const user = await freshSession();
    const page = await user.agent
      .get('/oidc/logout')
      .query({ client_id: rp.clientId, post_logout_redirect_uri: 'https://app.example/bye', state: 's-2' })
      .expect(200);
    const fields = Object.fromEntries(
      [...page.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((match) => [
        match[1],
        match[2],
      ]),
    );
    const answer = await user.agent
      .post('/oidc/logout')
      .type('form')
      .send({ ...fields, decision: 'logout' })
      .expect(303);
    expect(answer.headers.location).toBe('https://app.example/bye?state=s-2');
    expect(await signedIn(user)).toBe(false);
  });

  it('sends a logout token to each app the session signed into, also to a receiver that was down for a while', async () => {
    const user = await freshSession();
    const idToken = await idTokenOf(user, listening);
    await idTokenOf(user, rp);
    // The receiver is down: every sign-out's token waits in the outbox and is retried.
    const signOut = await user.agent.post('/api/auth/logout').set('X-CSRF-Token', user.csrfToken);
    expect(signOut.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(receiver.requests).toHaveLength(0);
    await receiver.start();
    const [delivery] = await receiver.waitForDelivered(1, 30_000);
    expect(delivery.contentType).toBe('application/x-www-form-urlencoded');
    const token = new URLSearchParams(delivery.body).get('logout_token') as string;
    expect(decodeProtectedHeader(token).typ).toBe('logout+jwt');
    const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', gatehouse.url));
    const { payload } = await jwtVerify(token, jwks, {
      issuer: gatehouse.url,
      audience: listening.clientId,
      typ: 'logout+jwt',
      maxTokenAge: 120,
    });
    expect(payload).toMatchObject({
      sub: decodeJwt(idToken).sub,
      sid: decodeJwt(idToken).sid,
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    });
    expect(payload.nonce).toBeUndefined();
    expect(payload.jti).toMatch(/^[0-9a-f]{32}$/);
    // Only the app that registered a receiver gets one, once.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(receiver.delivered).toHaveLength(1);
  });

  it('sends no logout token to an unreviewed proposal’s receiver, even when its owner signed in through it', async () => {
    const owner = await freshSession();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const unreviewed = await WebhookReceiver.create('unused');
    await unreviewed.start();
    try {
      const proposal = await registerOauth2Client(
        { ...owner, email: 'logoutuser@example.com' },
        admin,
        { name: 'Unreviewed app', grants: ['openid'], backchannelLogoutUri: unreviewed.url },
        false,
      );
      await idTokenOf(owner, proposal);
      await idTokenOf(owner, listening);
      const already = receiver.delivered.length;
      await owner.agent.post('/api/auth/logout').set('X-CSRF-Token', owner.csrfToken).expect(204);
      await receiver.waitForDelivered(already + 1);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(unreviewed.requests).toHaveLength(0);
    } finally {
      await unreviewed.stop();
    }
  });
});
