import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { runPythonInterop } from './support/python';
import { signIn } from './support/session-client';
import { missingComponent } from './support/system-components';
import { createSignedInUser } from './support/users';

/** The handshake driven by Debian's unmodified python3-mwoauth against MediaWiki's /w/index.php address. */
describe.skipIf(missingComponent('python3-mwoauth'))('OAuth 1.0a with python3-mwoauth', () => {
  let gatehouse: TestApp;
  let consumer: { key: string; secret: string };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const dev = await createSignedInUser(gatehouse, 'Tooldev');
    const created = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        oauthVersion: 1,
        name: 'Python tool',
        version: '1.0',
        description: 'A MediaWiki tool',
        callbackUrl: 'https://tool.example/oauth/callback',
        email: dev.email,
        grants: ['editpage'],
      })
      .expect(201);
    consumer = { key: created.body.consumer.consumerKey, secret: created.body.secret };
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    await admin.agent
      .post(`/api/admin/consumers/${consumer.key}/approve`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'ok' })
      .expect(200);
    await createSignedInUser(gatehouse, 'Reader');
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('initiates, is authorized in the consent page, completes, identifies the user, and stops once revoked', async () => {
    const result = await runPythonInterop('mwoauth_flow.py', [
      gatehouse.url,
      consumer.key,
      consumer.secret,
      'Reader',
      'Reader-password-1',
    ]);
    expect(result.callback).toMatch(
      /^https:\/\/tool\.example\/oauth\/callback\?oauth_verifier=[0-9a-f]{32}&oauth_token=[0-9a-f]{32}$/,
    );
    expect(result.identity).toMatchObject({
      iss: gatehouse.url,
      aud: consumer.key,
      username: 'Reader',
      grants: ['basic', 'editpage'],
      blocked: false,
    });
    expect(result.accessSecret).toMatch(/^[0-9a-f]{40}$/);
    expect(result.loginRoundTrip).toBe('/login');
    expect(result.revoked).toBe(204);
    expect(result.afterRevoke).toBe(401);
    expect(result.me).toEqual({
      status: 200,
      // basic + editpage carry `read` and none of the user's mwoauth* rights, nor viewmyprivateinfo for the
      // email: the intersection is `read` alone (DESIGN §7)
      body: { id: expect.any(Number), name: 'Reader', groups: [], rights: ['read'] },
    });
  });
});
