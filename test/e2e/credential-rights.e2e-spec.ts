import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { ownerOnlyOauth1Credentials, sendSigned } from './support/oauth1-client';
import { registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/**
 * What an OAuth credential may do on the JSON API (issue 19 row 1; DESIGN §3): its user's rights cut to those of
 * its grants, as MediaWiki does. Auth-only grants carry no right, so such a token reaches nothing but identify.
 */
describe('what a credential may do', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn & { email: string };

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const api = () => supertest(gatehouse.url);
  const tokenFor = async (name: string, grants: string[]) => {
    const client = await registerOauth2Client(dev, admin, { name, grants });
    return (await userTokens(gatehouse, user, client)).access_token;
  };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Rightsdev');
    user = await createSignedInUser(gatehouse, 'Rightsuser');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it.each([['mwoauth-authonly'], ['mwoauth-authonlyprivate']])(
    'gives an OAuth 2 token granted only %s nothing but the identity doors',
    async (grant) => {
      const token = await tokenFor(`Identity ${grant}`, [grant]);
      for (const path of [
        '/api/me',
        '/api/me/notifications',
        '/api/me/notifications/unread-count',
        '/api/me/consumers',
        '/api/me/grants',
        '/oauth2/client',
        '/oauth2/consumers',
        '/w/rest.php/oauth2/consumers',
      ]) {
        const refused = await api().get(path).set(bearer(token));
        expect([path, refused.status]).toEqual([path, 403]);
      }
      await api().post('/api/me/notifications/read-all').set(bearer(token)).expect(403);
      await api().post('/api/me/notifications/1/read').set(bearer(token)).expect(403);
      const profile = await api().get('/oauth2/resource/profile').set(bearer(token)).expect(200);
      expect(profile.body.username).toBe('Rightsuser');
    },
  );

  it('refuses an auth-only OAuth 1 token on the API, and identify still answers it', async () => {
    const registered = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        oauthVersion: 1,
        name: 'Identity OAuth 1',
        version: '1.0',
        description: 'identity only',
        email: dev.email,
        grants: ['mwoauth-authonly'],
        ownerOnly: true,
      })
      .expect(201);
    const body = registered.body as { consumer: { consumerKey: string }; secret: string } & Record<string, string>;
    const credentials = {
      consumerKey: body.consumer.consumerKey,
      consumerSecret: body.secret,
      token: body.accessToken,
      tokenSecret: body.accessSecret,
    };
    await sendSigned(gatehouse.url, credentials, { method: 'GET', target: '/api/me' }).expect(403);
    const identity = await sendSigned(gatehouse.url, credentials, { method: 'GET', target: '/oauth1/identify' })
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => done(null, text));
      })
      .expect(200);
    expect(identity.body).toMatch(/^eyJ/);
  });

  it('shows the email on /api/me only to callers holding viewmyprivateinfo', async () => {
    const basic = await tokenFor('Reader', ['basic']);
    const read = await api().get('/api/me').set(bearer(basic)).expect(200);
    expect(read.body).toMatchObject({ name: 'Rightsuser', rights: ['read'] });
    expect(read.body).not.toHaveProperty('email');
    const privateInfo = await tokenFor('Private reader', ['privateinfo']);
    const withEmail = await api().get('/api/me').set(bearer(privateInfo)).expect(200);
    expect(withEmail.body).toMatchObject({ email: user.email, rights: ['read', 'viewmyprivateinfo'] });
    const session = await user.agent.get('/api/me').expect(200);
    expect(Object.keys(session.body as object).sort()).toEqual(['email', 'groups', 'id', 'name', 'rights']);
    expect(session.body.email).toBe(user.email);
  });

  it('opens the consumer listings to tokens with the oauthmanageownclient grant only', async () => {
    const reader = await tokenFor('Plain reader', ['basic']);
    await api().get('/api/me/consumers').set(bearer(reader)).expect(403);
    await api().get('/oauth2/consumers').set(bearer(reader)).expect(403);
    const manager = await tokenFor('Client manager', ['oauthmanageownclient']);
    await api().get('/api/me/consumers').set(bearer(manager)).expect(200);
    await api().get('/oauth2/consumers').set(bearer(manager)).expect(200);
  });

  it('signs out cookie sessions only', async () => {
    const owner = await ownerOnlyOauth1Credentials(dev, 'Signing out');
    await sendSigned(gatehouse.url, owner, { method: 'POST', target: '/api/auth/logout' }).expect(403);
    const manager = await tokenFor('Signing-out manager', ['oauthmanageownclient']);
    await api().post('/api/auth/logout').set(bearer(manager)).expect(403);
    await api().get('/api/me').set(bearer(manager)).expect(200);
  });

  it("refuses a blocked user's session on the API and on the pages, as it refuses their tokens", async () => {
    const blocked = await createSignedInUser(gatehouse, 'Rightsblocked');
    const token = await tokenFor('Blocked reader', ['basic']);
    await gatehouse.app.get(DataSource).query('UPDATE users SET blocked = ? WHERE id = ?', [true, blocked.user.id]);
    const refused = await blocked.agent.get('/api/me').expect(403);
    expect(refused.body.code).toBe('blocked');
    await blocked.agent.get('/api/me/notifications').expect(403);
    await blocked.agent.post('/api/me/notifications/read-all').set('X-CSRF-Token', blocked.csrfToken).expect(403);
    const page = await blocked.agent.get('/notifications').expect(403);
    expect(page.text).toContain('Your account is blocked.');
    await blocked.agent.get('/consumers').expect(200);
    // The tokens of other users are not affected.
    await api().get('/api/me').set(bearer(token)).expect(200);
  });
});
