import { decodeJwt } from 'jose';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { InvalidationBus } from '../../src/cache/invalidation-bus';
import { type Oauth1Credentials, ownerOnlyOauth1Credentials, signedHeader } from './support/oauth1-client';
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

const GATEWAY_KEY = 'gateway-key-for-the-tests-0123456789';
/** The API behind the gateway, as its clients address it. */
const API = 'https://api.example.com';

/**
 * The gateway decision (DESIGN §11) through both front doors: `/gateway/verify` on the main port and on the
 * dedicated `node:http` listener (GATEWAY_PORT). Every case runs against each.
 */
describe('gateway decision', () => {
  let gatehouse: TestApp;
  let gatewayUrl: string;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn & { email: string };
  let app: Oauth2Client;
  let oauth1: Oauth1Credentials;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    gatehouse = await startTestApp({
      env: { GATEWAY_PORT: String(gatewayPort), GATEWAY_KEYS: GATEWAY_KEY, TRUST_PROXY: 'loopback' },
    });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Gatedev');
    user = await createSignedInUser(gatehouse, 'Gateuser');
    app = await registerOauth2Client(dev, admin, { name: 'Gated app' });
    oauth1 = await ownerOnlyOauth1Credentials(dev, 'Gated OAuth 1 bot');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const doors = () => [
    ['the main port', gatehouse.url],
    ['the dedicated listener', gatewayUrl],
  ];
  const ask = (door: string, headers: Record<string, string>, query = '') =>
    supertest(door)
      .get(`/gateway/verify${query}`)
      .set({ 'X-Gateway-Key': GATEWAY_KEY, ...headers });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  /** Introspection answers from the same cached state as the decision: each case reads it once before the change. */
  const introspect = async (door: string, token: string, caller: Oauth2Client) =>
    (await postForm({ url: door }, '/oauth2/introspect', { token }, caller).expect(200)).body as { active: boolean };
  const adminAction = (clientId: string, action: string) =>
    admin.agent
      .post(`/api/admin/consumers/${clientId}/${action}`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: action })
      .expect(200);

  it('lets a valid bearer token through with the identity headers, on both doors', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    for (const [, door] of doors()) {
      const allowed = await ask(door, bearer(tokens.access_token)).expect(200);
      expect(allowed.headers).toMatchObject({
        'x-auth-user': 'Gateuser',
        'x-auth-user-id': String(user.user.id),
        'x-auth-consumer': app.clientId,
        'x-auth-grants': 'basic editpage',
        'x-auth-protocol': 'oauth2',
      });
      expect(allowed.headers['x-auth-rights']).toBeDefined();
      // auth_request keeps the client's method: the decision answers whatever method it is asked with.
      await supertest(door)
        .post('/gateway/verify')
        .set({ 'X-Gateway-Key': GATEWAY_KEY, ...bearer(tokens.access_token) })
        .expect(200);
    }
  });

  it('answers 401 with a challenge for a missing, malformed or forged credential', async () => {
    for (const [, door] of doors()) {
      const missing = await ask(door, {}).expect(401);
      expect(missing.headers['www-authenticate']).toContain('Bearer');
      expect(missing.headers['www-authenticate']).toContain('OAuth');
      const garbage = await ask(door, bearer('not-a-token')).expect(401);
      expect(garbage.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('checks the required grants and right: 403 when one is missing', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    for (const [, door] of doors()) {
      await ask(door, bearer(tokens.access_token), '?grant=basic,editpage').expect(200);
      const lacking = await ask(door, bearer(tokens.access_token), '?grant=basic,delete').expect(403);
      expect(lacking.body.reason).toContain('delete');
      await ask(door, bearer(tokens.access_token), '?right=mwoauthsuppress').expect(403);
    }
  });

  it('refuses a gateway without the right X-Gateway-Key', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    for (const [, door] of doors()) {
      await supertest(door).get('/gateway/verify').set(bearer(tokens.access_token)).expect(403);
      await supertest(door)
        .get('/gateway/verify')
        .set({ ...bearer(tokens.access_token), 'X-Gateway-Key': 'wrong' })
        .expect(403);
    }
  });

  it('refuses a token at once once it is revoked, and a consumer while it is disabled, on both doors', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    for (const [, door] of doors()) {
      await ask(door, bearer(tokens.access_token)).expect(200);
    }
    await postForm(gatehouse, '/oauth2/revoke', { token: tokens.access_token }, app).expect(200);
    for (const [, door] of doors()) {
      await ask(door, bearer(tokens.access_token)).expect(401);
    }

    const other = await userTokens(gatehouse, user, app);
    for (const [, door] of doors()) {
      await ask(door, bearer(other.access_token)).expect(200);
    }
    const act = (action: string) =>
      admin.agent
        .post(`/api/admin/consumers/${app.clientId}/${action}`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: action })
        .expect(200);
    await act('disable');
    for (const [, door] of doors()) {
      await ask(door, bearer(other.access_token)).expect(401);
    }
    await act('reenable');
    for (const [, door] of doors()) {
      await ask(door, bearer(other.access_token)).expect(200);
    }
  });

  it('introspects a token as inactive at once once it is revoked or its consumer disabled, on both doors', async () => {
    const introspector = await registerOauth2Client(dev, admin, {
      name: 'Gate introspector',
      grants: ['basic', 'introspect'],
      grantTypes: ['client_credentials'],
    });
    const tokens = await userTokens(gatehouse, user, app);
    for (const [, door] of doors()) {
      expect(await introspect(door, tokens.access_token, introspector)).toMatchObject({ active: true });
    }
    await postForm(gatehouse, '/oauth2/revoke', { token: tokens.access_token }, app).expect(200);
    for (const [, door] of doors()) {
      expect(await introspect(door, tokens.access_token, introspector)).toEqual({ active: false });
    }

    const other = await userTokens(gatehouse, user, app);
    for (const [, door] of doors()) {
      expect(await introspect(door, other.access_token, introspector)).toMatchObject({ active: true });
    }
    await adminAction(app.clientId, 'disable');
    for (const [, door] of doors()) {
      expect(await introspect(door, other.access_token, introspector)).toEqual({ active: false });
    }
    await adminAction(app.clientId, 'reenable');
    for (const [, door] of doors()) {
      expect(await introspect(door, other.access_token, introspector)).toMatchObject({ active: true });
    }
  });

  it('introspects a token as inactive at once once its authorization is revoked or its user blocked', async () => {
    const holder = await createSignedInUser(gatehouse, 'Gateholder');
    const revoked = await userTokens(gatehouse, holder, app);
    for (const [, door] of doors()) {
      expect(await introspect(door, revoked.access_token, app)).toMatchObject({ active: true });
    }
    const grants = await holder.agent.get('/api/me/grants').expect(200);
    const authorization = (grants.body as { id: number; consumer: { consumerKey: string } }[]).find(
      (grant) => grant.consumer.consumerKey === app.clientId,
    );
    await holder.agent.delete(`/api/me/grants/${authorization?.id}`).set('X-CSRF-Token', holder.csrfToken).expect(204);
    for (const [, door] of doors()) {
      expect(await introspect(door, revoked.access_token, app)).toEqual({ active: false });
    }

    const tokens = await userTokens(gatehouse, holder, app);
    for (const [, door] of doors()) {
      expect(await introspect(door, tokens.access_token, app)).toMatchObject({ active: true });
    }
    // No API blocks an account yet: a block is the row changed and the user's cached state dropped, as on a group change.
    await gatehouse.app.get(DataSource).query('UPDATE users SET blocked = ? WHERE id = ?', [true, holder.user.id]);
    await gatehouse.app.get(InvalidationBus).publish({ userId: holder.user.id });
    for (const [, door] of doors()) {
      expect(await introspect(door, tokens.access_token, app)).toEqual({ active: false });
    }
  });

  it('verifies an OAuth 1.0a signature over the original request, nginx and Traefik style', async () => {
    for (const [, door] of doors()) {
      const target = '/v1/pages?title=Main%20Page';
      const nginx = {
        Authorization: signedHeader(API, oauth1, { method: 'GET', target }),
        'X-Original-Method': 'GET',
        'X-Original-URI': target,
        'X-Forwarded-Host': 'api.example.com',
        'X-Forwarded-Proto': 'https',
      };
      const allowed = await ask(door, nginx).expect(200);
      expect(allowed.headers).toMatchObject({ 'x-auth-user': 'Gatedev', 'x-auth-protocol': 'oauth1' });
      const replay = await ask(door, nginx).expect(401);
      expect(replay.headers['www-authenticate']).toContain('OAuth');

      const post = {
        Authorization: signedHeader(API, oauth1, { method: 'POST', target: '/v1/edit' }),
        'X-Forwarded-Method': 'POST',
        'X-Forwarded-Proto': 'https',
        'X-Forwarded-Host': 'api.example.com',
        'X-Forwarded-Uri': '/v1/edit',
      };
      await ask(door, post).expect(200);
      const elsewhere = {
        ...post,
        Authorization: signedHeader(API, oauth1, { method: 'POST', target: '/v1/edit' }),
        'X-Forwarded-Uri': '/v1/delete',
      };
      await ask(door, elsewhere).expect(401);
    }
  });

  it('takes the original request from the check request itself, Envoy style', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    for (const [, door] of doors()) {
      const target = '/v1/things?x=1';
      await supertest(door)
        .put(`/gateway/verify${target}`)
        .set({
          'X-Gateway-Key': GATEWAY_KEY,
          'X-Forwarded-Host': 'api.example.com',
          'X-Forwarded-Proto': 'https',
          Authorization: signedHeader(API, oauth1, { method: 'PUT', target }),
        })
        .expect(200);
      await supertest(door)
        .get(`/gateway/verify${target}`)
        .set({ 'X-Gateway-Key': GATEWAY_KEY, 'X-Gateway-Require-Grant': 'delete', ...bearer(tokens.access_token) })
        .expect(403);
    }
  });

  it("applies the consumer's IP restriction to the client address the trusted proxy forwards", async () => {
    const restricted = await registerOauth2Client(dev, admin, { name: 'Office-only app' });
    // Issued before the restriction: the token endpoint holds it too, and these tests call from 127.0.0.1.
    const tokens = await userTokens(gatehouse, user, restricted);
    await dev.agent
      .patch(`/api/consumers/${restricted.clientId}`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ restrictions: { ipAddresses: ['10.0.0.0/8'] } })
      .expect(200);
    for (const [, door] of doors()) {
      await ask(door, { ...bearer(tokens.access_token), 'X-Forwarded-For': '10.1.2.3' }).expect(200);
      await ask(door, { ...bearer(tokens.access_token), 'X-Forwarded-For': '192.0.2.7' }).expect(403);
    }
  });

  it('introspects on the dedicated listener as on the main port', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    const answer = await supertest(gatewayUrl)
      .post('/oauth2/introspect')
      .auth(app.clientId, app.secret as string)
      .type('form')
      .send({ token: tokens.access_token })
      .expect(200);
    expect(answer.body).toMatchObject({ active: true, client_id: app.clientId, username: 'Gateuser' });
    await supertest(gatewayUrl).post('/oauth2/introspect').type('form').send({ token: 'x' }).expect(401);
  });

  it('runs the token endpoint on the dedicated listener as on the main port', async () => {
    const machine = await registerOauth2Client(dev, admin, {
      name: 'Gated machine',
      grantTypes: ['client_credentials'],
    });
    for (const [, door] of doors()) {
      const issued = await postForm(
        { url: door },
        '/oauth2/token',
        { grant_type: 'client_credentials' },
        machine,
      ).expect(200);
      expect(issued.headers['cache-control']).toBe('no-store');
      expect(issued.body).toMatchObject({ token_type: 'Bearer' });
      await ask(door, bearer((issued.body as { access_token: string }).access_token)).expect(200);

      const { refresh_token: refreshToken } = await userTokens(gatehouse, user, app);
      const refreshed = await postForm(
        { url: door },
        '/oauth2/access_token',
        { grant_type: 'refresh_token', refresh_token: refreshToken as string },
        app,
      ).expect(200);
      expect(refreshed.body).toHaveProperty('refresh_token');

      const wrongSecret = await postForm(
        { url: door },
        '/oauth2/token',
        { grant_type: 'client_credentials' },
        {
          clientId: app.clientId,
          secret: 'not-the-secret',
        },
      ).expect(401);
      expect(wrongSecret.body).toMatchObject({ error: 'invalid_client' });
      const notAForm = await supertest(door)
        .post('/oauth2/token')
        .send({ grant_type: 'client_credentials' })
        .expect(400);
      expect(notAForm.body).toMatchObject({ error: 'invalid_request' });
      const unknownGrant = await postForm({ url: door }, '/oauth2/token', { grant_type: 'password' }, app).expect(400);
      expect(unknownGrant.body).toMatchObject({ error: 'unsupported_grant_type' });
    }
  });

  it('answers OpenID Connect’s ID Token at the token endpoint of both doors (code and refresh)', async () => {
    const signOn = await registerOauth2Client(dev, admin, {
      name: 'Gated sign-on',
      grants: ['openid', 'profile', 'offline_access'],
      grantTypes: ['authorization_code', 'refresh_token'],
    });
    for (const [, door] of doors()) {
      const { code, verifier } = await authorizationCode(user, signOn, {
        scope: 'openid profile offline_access',
        nonce: 'n-gw',
      });
      const exchanged = await postForm(
        { url: door },
        '/oauth2/token',
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier },
        signOn,
      ).expect(200);
      const body = exchanged.body as { id_token: string; refresh_token: string };
      expect(decodeJwt(body.id_token)).toMatchObject({
        nonce: 'n-gw',
        aud: signOn.clientId,
        preferred_username: 'Gateuser',
      });
      const refreshed = await postForm(
        { url: door },
        '/oauth2/token',
        { grant_type: 'refresh_token', refresh_token: body.refresh_token },
        signOn,
      ).expect(200);
      const again = decodeJwt((refreshed.body as { id_token: string }).id_token);
      expect(again.sid).toBe(decodeJwt(body.id_token).sid);
      expect(again.nonce).toBeUndefined();
    }
  });

  it.runIf(backend.redisUrl)('has a second instance refuse a token revoked on the first within a second', async () => {
    const second = await startTestApp({
      shareWith: gatehouse,
      env: { PUBLIC_URL: gatehouse.url, GATEWAY_PORT: String(await freePort()) },
    });
    try {
      const tokens = await userTokens(gatehouse, user, app);
      await ask(second.url, bearer(tokens.access_token)).expect(200);
      await postForm(gatehouse, '/oauth2/revoke', { token: tokens.access_token }, app).expect(200);
      const deadline = Date.now() + 1000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await ask(second.url, bearer(tokens.access_token))).status;
      }
      expect(status).toBe(401);
    } finally {
      await second.close();
    }
  });

  it.runIf(backend.redisUrl)(
    'has a second instance introspect as inactive a token revoked, or a consumer disabled, on the first within a second',
    async () => {
      const secondGatewayPort = await freePort();
      const second = await startTestApp({
        shareWith: gatehouse,
        env: { PUBLIC_URL: gatehouse.url, GATEWAY_PORT: String(secondGatewayPort) },
      });
      const secondDoors = [second.url, `http://127.0.0.1:${secondGatewayPort}`];
      /** Polls until the door answers inactive, for at most a second; answers the last `active`. */
      const activeAfterChange = async (door: string, token: string, caller: Oauth2Client) => {
        const deadline = Date.now() + 1000;
        let active = true;
        while (active && Date.now() < deadline) {
          active = (await introspect(door, token, caller)).active;
        }
        return active;
      };
      try {
        const introspector = await registerOauth2Client(dev, admin, {
          name: 'Twin gate introspector',
          grants: ['basic', 'introspect'],
          grantTypes: ['client_credentials'],
        });
        const tokens = await userTokens(gatehouse, user, app);
        for (const door of secondDoors) {
          expect(await introspect(door, tokens.access_token, introspector)).toMatchObject({ active: true });
        }
        await postForm(gatehouse, '/oauth2/revoke', { token: tokens.access_token }, app).expect(200);
        for (const door of secondDoors) {
          expect(await activeAfterChange(door, tokens.access_token, introspector)).toBe(false);
        }

        const other = await userTokens(gatehouse, user, app);
        for (const door of secondDoors) {
          expect(await introspect(door, other.access_token, introspector)).toMatchObject({ active: true });
        }
        await adminAction(app.clientId, 'disable');
        try {
          for (const door of secondDoors) {
            expect(await activeAfterChange(door, other.access_token, introspector)).toBe(false);
          }
        } finally {
          await adminAction(app.clientId, 'reenable');
        }
      } finally {
        await second.close();
      }
    },
  );
});
