import { generateKeyPairSync } from 'node:crypto';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type Oauth1Credentials, sendSigned, signedHeader } from './support/oauth1-client';
import { signIn } from './support/session-client';
import { backend } from './support/test-environment';
import { createSignedInUser } from './support/users';
import supertest from 'supertest';

const INITIATE = '/w/index.php?title=Special:OAuth/initiate';

async function approvedConsumer(gatehouse: TestApp, body: object): Promise<Oauth1Credentials & { email: string }> {
  const dev = await createSignedInUser(gatehouse, `Dev${Math.floor(Math.random() * 1e6)}`);
  const created = await dev.agent
    .post('/api/consumers')
    .set('X-CSRF-Token', dev.csrfToken)
    .send({
      oauthVersion: 1,
      name: 'Tool',
      version: '1.0',
      description: 'd',
      email: dev.email,
      callbackUrl: 'https://t.example/cb',
      grants: ['editpage'],
      ...body,
    })
    .expect(201);
  const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  await admin.agent
    .post(`/api/admin/consumers/${created.body.consumer.consumerKey}/approve`)
    .set('X-CSRF-Token', admin.csrfToken)
    .send({ reason: 'ok' })
    .expect(200);
  return { consumerKey: created.body.consumer.consumerKey, consumerSecret: created.body.secret, email: dev.email };
}

describe('OAuth 1.0a settings and signature methods', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('verifies RSA-SHA1 with the registered public key, and nothing signed with another key', async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const consumer = await approvedConsumer(gatehouse, {
      rsaKey: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    const privateKey = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await sendSigned(
      gatehouse.url,
      { ...consumer, rsaPrivateKey: privateKey },
      { method: 'POST', target: INITIATE, extra: { oauth_callback: 'oob' } },
    ).expect(200);
    const forged = other.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await sendSigned(
      gatehouse.url,
      { ...consumer, rsaPrivateKey: forged },
      { method: 'POST', target: INITIATE, extra: { oauth_callback: 'oob' } },
    ).expect(401);
  });

  it('refuses PLAINTEXT unless enabled', async () => {
    const consumer = await approvedConsumer(gatehouse, {});
    const response = await sendSigned(
      gatehouse.url,
      { ...consumer, plaintext: true },
      { method: 'POST', target: INITIATE, extra: { oauth_callback: 'oob' } },
    ).expect(400);
    expect(response.text).toContain("Signature method 'PLAINTEXT' not supported");
  });

  it('skips the dialog of /authenticate for an identity-only app the user already allowed', async () => {
    const consumer = await approvedConsumer(gatehouse, { grants: ['mwoauth-authonly'] });
    const user = await createSignedInUser(gatehouse, 'Returning');
    const start = async () => {
      const initiated = await sendSigned(gatehouse.url, consumer, {
        method: 'POST',
        target: INITIATE,
        extra: { oauth_callback: 'oob' },
      }).expect(200);
      return new URLSearchParams(initiated.text).get('oauth_token') ?? '';
    };
    const first = await start();
    const dialog = await user.agent
      .get('/w/index.php')
      .query({ title: 'Special:OAuth/authenticate', oauth_token: first })
      .expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(dialog.text)?.[1];
    await user.agent
      .post('/oauth1/authenticate')
      .type('form')
      .send({ csrf, requestToken: first, decision: 'allow' })
      .expect(303);
    const second = await start();
    const skipped = await user.agent
      .get('/w/index.php')
      .query({ title: 'Special:OAuth/authenticate', oauth_token: second })
      .expect(303);
    expect(skipped.headers.location).toMatch(/^https:\/\/t\.example\/cb\?oauth_verifier=[0-9a-f]{32}&oauth_token=/);
    await user.agent
      .get('/oauth1/authorize')
      .query({ oauth_token: await start() })
      .expect(200);
  });
});

describe('OAuth 1.0a with OAUTH_SECURE_TOKEN_TRANSFER, PLAINTEXT over TLS, and read-only', () => {
  it('sends plain-http secret transfers to https, or refuses them where there is no https', async () => {
    const withoutTls = await startTestApp({ env: { OAUTH_SECURE_TOKEN_TRANSFER: 'true' } });
    const withTls = await startTestApp({
      shareWith: withoutTls,
      env: { OAUTH_SECURE_TOKEN_TRANSFER: 'true', PUBLIC_URL: 'https://auth.example' },
    });
    try {
      const consumer = await approvedConsumer(withoutTls, {});
      const call = { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
      const moved = await sendSigned(withTls.url, consumer, call).expect(307);
      expect(moved.headers.location).toBe(`https://auth.example${INITIATE}`);
      expect(moved.text).not.toContain('oauth_token_secret');
      const refused = await sendSigned(withoutTls.url, consumer, call).expect(403);
      expect(refused.text).toContain('only sent over https');
    } finally {
      await withTls.close();
      await withoutTls.close();
    }
  });

  it('accepts PLAINTEXT only over TLS once enabled', async () => {
    const gatehouse = await startTestApp({ env: { OAUTH1_ALLOW_PLAINTEXT: 'true', TRUST_PROXY: 'loopback' } });
    try {
      const consumer = await approvedConsumer(gatehouse, {});
      const call = { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
      await sendSigned(gatehouse.url, { ...consumer, plaintext: true }, call).expect(400);
      const header = signedHeader(gatehouse.url, { ...consumer, plaintext: true }, call);
      await supertest(gatehouse.url)
        .post(INITIATE)
        .set('Authorization', header)
        .set('X-Forwarded-Proto', 'https')
        .expect(200);
    } finally {
      await gatehouse.close();
    }
  });

  it('refuses the handshake while OAUTH_READ_ONLY is set', async () => {
    const gatehouse = await startTestApp();
    const readOnly = await startTestApp({ shareWith: gatehouse, env: { OAUTH_READ_ONLY: 'true' } });
    try {
      const consumer = await approvedConsumer(gatehouse, {});
      const call = { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
      const response = await sendSigned(readOnly.url, consumer, call).expect(503);
      expect(response.text).toBe('Error: The OAuth database is temporarily locked');
    } finally {
      await readOnly.close();
      await gatehouse.close();
    }
  });

  it('lets no forged copy with a bad signature spend the nonce of the genuine request', async () => {
    const gatehouse = await startTestApp();
    try {
      const consumer = await approvedConsumer(gatehouse, {});
      const call = { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
      const header = signedHeader(gatehouse.url, consumer, call);
      const forged = header.replace(/oauth_signature="[^"]*"/, 'oauth_signature="forged"');
      await supertest(gatehouse.url).post(INITIATE).set('Authorization', forged).expect(401);
      await supertest(gatehouse.url).post(INITIATE).set('Authorization', header).expect(200);
      await supertest(gatehouse.url).post(INITIATE).set('Authorization', header).expect(401);
    } finally {
      await gatehouse.close();
    }
  });

  it.runIf(backend.redisUrl)('refuses a replay sent to a second instance sharing Redis', async () => {
    const first = await startTestApp();
    const second = await startTestApp({ shareWith: first });
    try {
      const consumer = await approvedConsumer(first, {});
      const call = { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
      const header = signedHeader(first.url, consumer, call);
      const [a, b] = await Promise.all([
        supertest(first.url).post(INITIATE).set('Authorization', header),
        supertest(second.url).post(INITIATE).set('Authorization', header),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 401]);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
