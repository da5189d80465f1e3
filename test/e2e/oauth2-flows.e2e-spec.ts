import { decodeJwt, decodeProtectedHeader } from 'jose';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { AccessTokenEntity } from '../../src/oauth2/tokens/access-token.entity';
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
import { createSignedInUser } from './support/users';

/** OAuth 2.0 flows end to end, per grant type (issue: OAuth 2.0 provider). */
describe('OAuth 2.0 flows', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn & { email: string };
  let confidential: Oauth2Client;
  let publicClient: Oauth2Client;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Flowdev');
    user = await createSignedInUser(gatehouse, 'Flowuser');
    confidential = await registerOauth2Client(dev, admin, {
      name: 'Confidential app',
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    publicClient = await registerOauth2Client(dev, admin, { name: 'Public app', confidential: false });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('runs the authorization code flow with PKCE and consent, then uses the token', async () => {
    const { code, redirect } = await authorizationCode(user, confidential);
    expect(redirect.origin + redirect.pathname).toBe(CALLBACK);
    expect(redirect.searchParams.get('state')).toBe('st-1');
    expect(redirect.searchParams.get('iss')).toBe(gatehouse.url);
    expect(code).toMatch(/^[0-9a-f]{80}$/);

    const tokens = await userTokens(gatehouse, user, confidential);
    expect(tokens.refresh_token).toMatch(/^[0-9a-f]{80}$/);
    const header = decodeProtectedHeader(tokens.access_token);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(header.kid).toBeTruthy();
    const claims = decodeJwt(tokens.access_token);
    expect(claims).toMatchObject({
      iss: gatehouse.url,
      aud: confidential.clientId,
      client_id: confidential.clientId,
      sub: String(user.user.id),
      scope: 'basic editpage',
      scopes: ['basic', 'editpage'],
      grant_type: 'authorization_code',
    });

    const profile = await supertest(gatehouse.url)
      .get('/oauth2/resource/profile')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);
    expect(profile.body).toMatchObject({
      sub: String(user.user.id),
      username: 'Flowuser',
      grants: ['basic', 'editpage'],
    });
    const me = await supertest(gatehouse.url)
      .get('/api/me')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);
    expect(me.body.name).toBe('Flowuser');
  });

  it('records each access token by its jti, with its expiry, client, authorization and family', async () => {
    const tokens = await userTokens(gatehouse, user, confidential);
    const claims = decodeJwt(tokens.access_token);
    const row = await gatehouse.app
      .get(DataSource)
      .getRepository(AccessTokenEntity)
      .findOneByOrFail({ identifier: claims.jti as string });
    expect(row.expires.getTime()).toBe((claims.exp as number) * 1000);
    expect(row.revoked).toBe(false);
    expect(row.acceptanceId).toBeGreaterThan(0);
    expect(row.familyId).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refreshes with rotation', async () => {
    const tokens = await userTokens(gatehouse, user, confidential);
    const refreshed = await postForm(
      gatehouse,
      '/oauth2/access_token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token as string, scope: 'basic' },
      confidential,
    ).expect(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.body.scope).toBe('basic');
    expect(refreshed.headers['cache-control']).toBe('no-store');
  });

  it('issues client credentials tokens that act for nobody', async () => {
    const response = await supertest(gatehouse.url)
      .post('/oauth2/token')
      .auth(confidential.clientId, confidential.secret as string)
      .type('form')
      .send({ grant_type: 'client_credentials' })
      .expect(200);
    expect(response.body.refresh_token).toBeUndefined();
    expect(decodeJwt(response.body.access_token as string).sub).toBe('');
  });

  it('records every token of a burst, each only once the row is committed (group commit)', async () => {
    const burst = await Promise.all(
      Array.from({ length: 40 }, () =>
        supertest(gatehouse.url)
          .post('/oauth2/token')
          .auth(confidential.clientId, confidential.secret as string)
          .type('form')
          .send({ grant_type: 'client_credentials' })
          .expect(200),
      ),
    );
    const tokens = burst.map((response) => response.body.access_token as string);
    const jtis = tokens.map((token) => decodeJwt(token).jti as string);
    expect(new Set(jtis).size).toBe(40);
    const rows = await gatehouse.app
      .get(DataSource)
      .getRepository(AccessTokenEntity)
      .findBy(jtis.map((identifier) => ({ identifier })));
    expect(rows).toHaveLength(40);
    const introspected = await postForm(gatehouse, '/oauth2/introspect', { token: tokens[39] }, confidential).expect(
      200,
    );
    expect(introspected.body).toMatchObject({ active: true, client_id: confidential.clientId });
  });

  it('lets a public client in with PKCE and no secret', async () => {
    const tokens = await userTokens(gatehouse, user, publicClient);
    expect(tokens.access_token).toBeTruthy();
  });
});
