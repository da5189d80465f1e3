import supertest from 'supertest';
import { CALLBACK, authorize, consentFields, pkcePair, postForm, registerOauth2Client } from './support/oauth2-client';
import { signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';
import { createSignedInUser } from './support/users';

/** Two instances of one deployment (same PUBLIC_URL, MariaDB and Redis): OAuth 2 state is shared and single use. */
describe.runIf(backend.redisUrl)('OAuth 2.0 across two instances', () => {
  let first: TestApp;
  let second: TestApp;

  beforeAll(async () => {
    first = await startTestApp();
    second = await startTestApp({ shareWith: first, env: { PUBLIC_URL: first.url } });
  });

  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('finishes on one instance an authorization started on the other, and spends a code only once', async () => {
    const admin = await signIn(first, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(first, 'Twindev');
    const client = await registerOauth2Client(developer, admin, { name: 'Twin app' });
    const { verifier, challenge } = pkcePair();
    const query = {
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: CALLBACK,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const page = await developer.agent.get('/oauth2/authorize').query(query).expect(200);
    const cookie = developer.agent.jar.getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false });
    const answered = await supertest(second.url)
      .post('/oauth2/authorize')
      .query(query)
      .set('Cookie', cookie.map((c) => `${c.name}=${c.value}`).join('; '))
      .type('form')
      .send({ ...consentFields(page.text), decision: 'allow' })
      .expect(303);
    const code = new URL(answered.headers.location).searchParams.get('code') as string;

    const exchange = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: CALLBACK };
    const answers = await Promise.all([
      postForm(first, '/oauth2/token', exchange, client),
      postForm(second, '/oauth2/token', exchange, client),
    ]);
    // A replay racing the first use may even beat its answer: then both are refused. Never two tokens.
    expect(answers.filter((answer) => answer.status === 200).length).toBeLessThanOrEqual(1);
    expect(answers.some((answer) => answer.status === 400 && answer.body.error === 'invalid_grant')).toBe(true);
    const winner = answers.find((answer) => answer.status === 200);
    for (const instance of winner ? [first, second] : []) {
      await supertest(instance.url)
        .get('/api/me')
        .set('Authorization', `Bearer ${winner?.body.access_token as string}`)
        .expect(401);
    }
  });

  it('refuses on one instance a token revoked on the other', async () => {
    const admin = await signIn(first, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(first, 'Twinrevoker');
    const client = await registerOauth2Client(developer, admin, { name: 'Twin revoked app' });
    const { verifier, challenge } = pkcePair();
    const redirect = await authorize(developer, {
      client_id: client.clientId,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const tokens = await postForm(
      second,
      '/oauth2/token',
      { grant_type: 'authorization_code', code: redirect.searchParams.get('code') as string, code_verifier: verifier },
      client,
    ).expect(200);
    const bearer = `Bearer ${tokens.body.access_token as string}`;
    await supertest(second.url).get('/api/me').set('Authorization', bearer).expect(200);
    await postForm(first, '/oauth2/revoke', { token: tokens.body.access_token as string }, client).expect(200);
    await supertest(second.url).get('/api/me').set('Authorization', bearer).expect(401);
  });
});
