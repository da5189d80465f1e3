import { jwtVerify } from 'jose';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type Oauth1Credentials, sendSigned, signedHeader } from './support/oauth1-client';
import { type SignedIn, signIn } from './support/session-client';
import { createSignedInUser } from './support/users';

const INITIATE = '/w/index.php?title=Special:OAuth/initiate';
const TOKEN = '/w/index.php?title=Special:OAuth/token';
const IDENTIFY = '/w/index.php?title=Special:OAuth/identify';

/** OAuth 1.0a endpoints, refusals and the attack cases of the reference, each a named test. */
describe('OAuth 1.0a protocol', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let reader: SignedIn & { email: string };
  let plain: Oauth1Credentials;
  let prefixed: Oauth1Credentials;

  const register = async (body: object, approve = true) => {
    const created = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ oauthVersion: 1, version: '1.0', description: 'd', email: dev.email, grants: ['editpage'], ...body })
      .expect(201);
    if (approve && !created.body.consumer.ownerOnly) {
      await admin.agent
        .post(`/api/admin/consumers/${created.body.consumer.consumerKey}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'ok' })
        .expect(200);
    }
    return created.body as {
      consumer: { consumerKey: string };
      secret: string;
      accessToken?: string;
      accessSecret?: string;
    };
  };

  /** /initiate with an `oob` callback; answers the temporary credentials. */
  const requestToken = async (consumer: Oauth1Credentials): Promise<Record<string, string>> => {
    const call = { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
    const initiated = await sendSigned(gatehouse.url, consumer, call).expect(200);
    return Object.fromEntries(new URLSearchParams(initiated.text));
  };

  /** The consent page as `user`, answered with Allow; answers the verifier the callback receives. */
  const allow = async (user: SignedIn, token: string): Promise<string> => {
    const page = await user.agent.get('/oauth1/authorize').query({ oauth_token: token }).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    const allowed = await user.agent
      .post('/oauth1/authorize')
      .type('form')
      .send({ csrf, requestToken: token, decision: 'allow' })
      .expect(303);
    return new URL(allowed.headers.location).searchParams.get('oauth_verifier') ?? '';
  };

  /** initiate → consent as `user` → token; answers the access credentials. */
  const handshake = async (consumer: Oauth1Credentials, user: SignedIn): Promise<Oauth1Credentials> => {
    const request = await requestToken(consumer);
    const verifier = await allow(user, request.oauth_token);
    const exchanged = await sendSigned(
      gatehouse.url,
      { ...consumer, token: request.oauth_token, tokenSecret: request.oauth_token_secret },
      { method: 'POST', target: TOKEN, extra: { oauth_verifier: verifier } },
    ).expect(200);
    const access = Object.fromEntries(new URLSearchParams(exchanged.text));
    return { ...consumer, token: access.oauth_token, tokenSecret: access.oauth_token_secret };
  };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Protodev');
    reader = await createSignedInUser(gatehouse, 'Protoreader');
    const p = await register({ name: 'Plain tool', callbackUrl: 'https://tool.example/cb' });
    plain = { consumerKey: p.consumer.consumerKey, consumerSecret: p.secret };
    const q = await register({
      name: 'Prefix tool',
      callbackUrl: 'https://tool.example/oauth',
      callbackIsPrefix: true,
    });
    prefixed = { consumerKey: q.consumer.consumerKey, consumerSecret: q.secret };
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('issues request tokens at every MediaWiki address, never cached, in raw and JSON form', async () => {
    for (const target of [
      INITIATE,
      '/index.php?title=Special%3AOAuth%2Finitiate',
      '/wiki/Special:OAuth/initiate',
      '/oauth1/initiate',
    ]) {
      const response = await sendSigned(gatehouse.url, plain, {
        method: 'POST',
        target,
        extra: { oauth_callback: 'oob' },
      }).expect(200);
      expect(response.text).toMatch(
        /^oauth_token=[0-9a-f]{32}&oauth_token_secret=[0-9a-f]{32}&oauth_callback_confirmed=true$/,
      );
      expect(response.headers['cache-control']).toContain('no-store');
    }
    const json = await sendSigned(gatehouse.url, plain, {
      method: 'GET',
      target: `${INITIATE}&format=json`,
      extra: { oauth_callback: 'oob' },
    }).expect(200);
    expect(json.body).toMatchObject({
      oauth_callback_confirmed: 'true',
      key: json.body.oauth_token,
      secret: json.body.oauth_token_secret,
    });
  });

  it('completes the handshake and identifies the user with a JWT the client can verify', async () => {
    const access = await handshake(plain, reader);
    // MediaWiki's identify answers a bare JWT labelled application/json: read it as text, as python-mwoauth does
    const identity = await sendSigned(gatehouse.url, access, { method: 'GET', target: IDENTIFY })
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => done(null, text));
      })
      .expect(200);
    expect(identity.headers['content-type']).toMatch(/^application\/json/);
    const { payload } = await jwtVerify(identity.body as string, new TextEncoder().encode(plain.consumerSecret), {
      issuer: gatehouse.url,
      audience: plain.consumerKey,
    });
    expect(payload).toMatchObject({
      username: 'Protoreader',
      sub: String(reader.user.id),
      grants: ['basic', 'editpage'],
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(100);
    const again = await handshake(plain, reader);
    expect(again.token).toBe(access.token);
  });

  it('refuses a replayed request, also when both copies arrive at once', async () => {
    const call = { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
    const header = signedHeader(gatehouse.url, plain, call);
    const [first, second] = await Promise.all(
      [1, 2].map(() => supertest(gatehouse.url).post(INITIATE).set('Authorization', header)),
    );
    expect([first.status, second.status].sort()).toEqual([200, 401]);
    const replay = await supertest(gatehouse.url).post(INITIATE).set('Authorization', header).expect(401);
    expect(replay.text).toMatch(/^Error: An error occurred in the OAuth protocol: Nonce already used: /);
  });

  it('refuses a tampered request', async () => {
    const response = await sendSigned(
      gatehouse.url,
      plain,
      { method: 'POST', target: INITIATE, extra: { oauth_callback: 'oob' } },
      (header) => header.replace('oauth_callback="oob"', 'oauth_callback="https%3A%2F%2Fevil.example"'),
    ).expect(401);
    expect(response.text).toBe('Error: An error occurred in the OAuth protocol: Invalid signature');
  });

  it('signs against PUBLIC_URL, never against the Host header the client claims', async () => {
    const call = { method: 'POST' as const, target: INITIATE, extra: { oauth_callback: 'oob' } };
    const forHost = signedHeader('http://evil.example', plain, call);
    await supertest(gatehouse.url).post(INITIATE).set('Host', 'evil.example').set('Authorization', forHost).expect(401);
    const forPublicUrl = signedHeader(gatehouse.url, plain, call);
    await supertest(gatehouse.url)
      .post(INITIATE)
      .set('Host', 'evil.example')
      .set('Authorization', forPublicUrl)
      .expect(200);
  });

  it('refuses a wrong consumer secret and an unknown consumer', async () => {
    const wrong = await sendSigned(
      gatehouse.url,
      { ...plain, consumerSecret: 'x'.repeat(40) },
      { method: 'POST', target: INITIATE, extra: { oauth_callback: 'oob' } },
    ).expect(401);
    expect(wrong.text).toContain('Invalid signature');
    const unknown = await sendSigned(
      gatehouse.url,
      { ...plain, consumerKey: '0'.repeat(32) },
      { method: 'POST', target: INITIATE, extra: { oauth_callback: 'oob' } },
    ).expect(401);
    expect(unknown.text).toBe('Error: An error occurred in the OAuth protocol: Invalid consumer');
  });

  it('refuses a stale timestamp', async () => {
    const response = await sendSigned(gatehouse.url, plain, {
      method: 'POST',
      target: INITIATE,
      extra: { oauth_callback: 'oob' },
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    }).expect(401);
    expect(response.text).toContain('Expired timestamp');
  });

  it('refuses duplicated protocol parameters and other versions with 400', async () => {
    const header = signedHeader(gatehouse.url, plain, {
      method: 'POST',
      target: INITIATE,
      extra: { oauth_callback: 'oob' },
    });
    await supertest(gatehouse.url).post(`${INITIATE}&oauth_nonce=again`).set('Authorization', header).expect(400);
    await sendSigned(
      gatehouse.url,
      plain,
      { method: 'POST', target: INITIATE, extra: { oauth_callback: 'oob' } },
      (h) => h.replace('oauth_version="1.0"', 'oauth_version="1.0a"'),
    ).expect(400);
  });

  it('takes only oob from non-prefix consumers, and only URLs under the prefix from prefix consumers', async () => {
    const plainUrl = await sendSigned(gatehouse.url, plain, {
      method: 'POST',
      target: INITIATE,
      extra: { oauth_callback: 'https://tool.example/cb' },
    }).expect(400);
    expect(plainUrl.text).toBe('Error: oauth_callback must be set, and must be set to "oob" (case-sensitive)');
    await sendSigned(gatehouse.url, prefixed, {
      method: 'POST',
      target: INITIATE,
      extra: { oauth_callback: 'https://tool.example/oauth/done?x=1' },
    }).expect(200);
    for (const callback of [
      'https://tool.example/other',
      'https://tool.example.evil/oauth',
      'https://tool.example:8000@evil.example/oauth',
    ]) {
      await sendSigned(gatehouse.url, prefixed, {
        method: 'POST',
        target: INITIATE,
        extra: { oauth_callback: callback },
      }).expect(400);
    }
  });

  it('uses a request token once (E009), and only with its verifier', async () => {
    const request = await requestToken(plain);
    const verifier = await allow(reader, request.oauth_token);
    const withToken = { ...plain, token: request.oauth_token, tokenSecret: request.oauth_token_secret };
    const wrong = await sendSigned(gatehouse.url, withToken, {
      method: 'POST',
      target: TOKEN,
      extra: { oauth_verifier: 'f'.repeat(32) },
    }).expect(401);
    expect(wrong.text).toBe('Error: The verification code provided was not valid.');
    await sendSigned(gatehouse.url, withToken, {
      method: 'POST',
      target: TOKEN,
      extra: { oauth_verifier: verifier },
    }).expect(200);
    const reused = await sendSigned(gatehouse.url, withToken, {
      method: 'POST',
      target: TOKEN,
      extra: { oauth_verifier: verifier },
    }).expect(401);
    expect(reused.text).toContain('This request has already been completed and cannot be resubmitted.');
    expect(reused.text).toContain('E009');
  });

  it('shows a hardened consent page after a login round trip; cancel leaves the app without a verifier', async () => {
    const initiated = await sendSigned(gatehouse.url, plain, {
      method: 'POST',
      target: INITIATE,
      extra: { oauth_callback: 'oob' },
    }).expect(200);
    const token = new URLSearchParams(initiated.text).get('oauth_token') ?? '';
    const anonymous = await supertest(gatehouse.url)
      .get(`/w/index.php?title=Special:OAuth/authorize&oauth_token=${token}`)
      .expect(303);
    expect(anonymous.headers.location).toBe(
      `/login?returnTo=${encodeURIComponent(`/w/index.php?title=Special:OAuth/authorize&oauth_token=${token}`)}`,
    );
    const page = await reader.agent.get('/oauth1/authorize').query({ oauth_token: token }).expect(200);
    expect(page.text).toContain('Plain tool');
    expect(page.text).toContain('Protodev');
    expect(page.text).toMatch(/<button type="submit" name="decision" value="allow"[ >]/);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1];
    await reader.agent
      .post('/oauth1/authorize')
      .type('form')
      .send({ csrf: 'forged', requestToken: token, decision: 'allow' })
      .expect(403);
    const cancelled = await reader.agent
      .post('/oauth1/authorize')
      .type('form')
      .send({ csrf, requestToken: token, decision: 'cancel' })
      .expect(200);
    expect(cancelled.text).toContain('You have chosen not to allow');
    expect(cancelled.headers.location).toBeUndefined();
  });

  it('refuses owner-only consumers the three-legged flow (E010) but accepts their own token', async () => {
    const owned = await register({ name: 'Own tool', ownerOnly: true });
    const credentials = { consumerKey: owned.consumer.consumerKey, consumerSecret: owned.secret };
    const refused = await sendSigned(gatehouse.url, credentials, {
      method: 'POST',
      target: INITIATE,
      extra: { oauth_callback: 'oob' },
    }).expect(401);
    expect(refused.text).toContain('E010');
    const me = await sendSigned(
      gatehouse.url,
      { ...credentials, token: owned.accessToken, tokenSecret: owned.accessSecret },
      { method: 'GET', target: '/api/me' },
    ).expect(200);
    expect(me.body.name).toBe('Protodev');
  });

  it('authenticates the JSON API with the effective rights, and stops when the grant is revoked', async () => {
    const dedicated = await register({
      name: 'Manager tool',
      callbackUrl: 'https://m.example/cb',
      grants: ['oauthmanageownclient'],
    });
    const credentials = { consumerKey: dedicated.consumer.consumerKey, consumerSecret: dedicated.secret };
    const access = await handshake(credentials, reader);
    const me = await sendSigned(gatehouse.url, access, { method: 'GET', target: '/api/me' }).expect(200);
    expect(me.body.rights).toEqual([
      'mwoauthmanagemygrants',
      'mwoauthproposeconsumer',
      'mwoauthupdateownconsumer',
      'read',
    ]);
    const grants = await reader.agent.get('/api/me/grants').expect(200);
    const grant = grants.body.find(
      (g: { consumer: { consumerKey: string } }) => g.consumer.consumerKey === credentials.consumerKey,
    );
    await reader.agent.delete(`/api/me/grants/${grant.id}`).set('X-CSRF-Token', reader.csrfToken).expect(204);
    const after = await sendSigned(gatehouse.url, access, { method: 'GET', target: '/api/me' }).expect(401);
    expect(after.body.message).toContain('No approved grant was found');
  });

  it('stops a disabled consumer and honours IP restrictions', async () => {
    const tool = await register({ name: 'Fragile tool', callbackUrl: 'https://f.example/cb' });
    const credentials = { consumerKey: tool.consumer.consumerKey, consumerSecret: tool.secret };
    const access = await handshake(credentials, reader);
    await sendSigned(gatehouse.url, access, { method: 'GET', target: '/api/me' }).expect(200);
    await dev.agent
      .patch(`/api/consumers/${credentials.consumerKey}`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ restrictions: { ipAddresses: ['192.0.2.0/24'] } })
      .expect(200);
    const blocked = await sendSigned(gatehouse.url, access, { method: 'GET', target: '/api/me' }).expect(401);
    expect(blocked.body.message).toContain('invalid IP address');
    await dev.agent
      .patch(`/api/consumers/${credentials.consumerKey}`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ restrictions: { ipAddresses: ['127.0.0.0/8', '::1'] } })
      .expect(200);
    await sendSigned(gatehouse.url, access, { method: 'GET', target: '/api/me' }).expect(200);
    await admin.agent
      .post(`/api/admin/consumers/${credentials.consumerKey}/disable`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'abuse' })
      .expect(200);
    await sendSigned(gatehouse.url, access, { method: 'GET', target: '/api/me' }).expect(401);
  });

  it('lets a request token be authorized once, by one user, and exchanged once even when raced', async () => {
    const request = await requestToken(plain);
    const consent = async (user: SignedIn) => {
      const page = await user.agent.get('/oauth1/authorize').query({ oauth_token: request.oauth_token });
      const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? user.csrfToken;
      return user.agent
        .post('/oauth1/authorize')
        .type('form')
        .send({ csrf, requestToken: request.oauth_token, decision: 'allow' });
    };
    const first = await consent(reader);
    expect(first.status).toBe(303);
    const intruder = await createSignedInUser(gatehouse, 'Intruder');
    expect((await consent(intruder)).status).toBe(401);
    expect((await consent(reader)).status).toBe(401);
    const verifier = new URL(first.headers.location).searchParams.get('oauth_verifier') ?? '';
    const withToken = { ...plain, token: request.oauth_token, tokenSecret: request.oauth_token_secret };
    const exchange = () =>
      sendSigned(gatehouse.url, withToken, { method: 'POST', target: TOKEN, extra: { oauth_verifier: verifier } });
    const statuses = (await Promise.all([exchange(), exchange(), exchange()])).map((response) => response.status);
    expect(statuses.sort()).toEqual([200, 401, 401]);
  });

  it('refuses a wrong token secret, another consumer’s request token, a missing verifier and a consent without CSRF', async () => {
    const request = await requestToken(plain);
    await reader.agent
      .post('/oauth1/authorize')
      .type('form')
      .send({ requestToken: request.oauth_token, decision: 'allow' })
      .expect(403);
    await reader.agent
      .post(`/oauth1/authorize?csrf=${reader.csrfToken}`)
      .type('form')
      .send({ requestToken: request.oauth_token, decision: 'allow' })
      .expect(403);
    const withToken = { ...plain, token: request.oauth_token, tokenSecret: request.oauth_token_secret };
    await sendSigned(
      gatehouse.url,
      { ...withToken, tokenSecret: 'f'.repeat(32) },
      { method: 'POST', target: TOKEN, extra: { oauth_verifier: 'x' } },
    ).expect(401);
    const foreign = { ...prefixed, token: request.oauth_token, tokenSecret: request.oauth_token_secret };
    const notTheirs = await sendSigned(gatehouse.url, foreign, {
      method: 'POST',
      target: TOKEN,
      extra: { oauth_verifier: 'x' },
    }).expect(401);
    expect(notTheirs.text).toContain('E004');
    const unauthorized = await sendSigned(gatehouse.url, withToken, { method: 'POST', target: TOKEN }).expect(401);
    expect(unauthorized.text).toBe('Error: No token was found matching your request.');
    const access = await handshake(plain, reader);
    await sendSigned(
      gatehouse.url,
      { ...access, tokenSecret: 'f'.repeat(40) },
      { method: 'GET', target: '/api/me' },
    ).expect(401);
  });

  it('stops the tokens of a blocked user, at the API and at identify (E007)', async () => {
    const blockee = await createSignedInUser(gatehouse, 'Blockee');
    const access = await handshake(plain, blockee);
    await sendSigned(gatehouse.url, access, { method: 'GET', target: '/api/me' }).expect(200);
    await gatehouse.app.get(DataSource).query('UPDATE users SET blocked = ? WHERE id = ?', [true, blockee.user.id]);
    await sendSigned(gatehouse.url, access, { method: 'GET', target: '/api/me' }).expect(401);
    const identify = await sendSigned(gatehouse.url, access, { method: 'GET', target: IDENTIFY }).expect(403);
    expect(identify.body).toEqual({
      error: 'mwoauthserver-insufficient-rights',
      message: expect.stringContaining('E007'),
    });
  });

  it('answers an unknown subpage with E002, or E003 naming the developer to contact', async () => {
    const response = await supertest(gatehouse.url).get('/w/index.php?title=Special:OAuth/frobnicate').expect(404);
    expect(response.text).toContain('Unknown URL');
    expect(response.text).toContain('E002');
    const contact = await supertest(gatehouse.url)
      .get(`/w/index.php?title=Special:OAuth/frobnicate&oauth_consumer_key=${plain.consumerKey}`)
      .expect(404);
    expect(contact.text).toContain('E003');
    expect(contact.text).toContain('Contact Protodev');
  });
});
