import { generateKeyPair } from 'jose';
import supertest from 'supertest';
import { backend, freePort } from './support/test-environment';
import { type TestApp, startTestApp } from './support/test-app';
import { corpProvider, type UpstreamBrowser, UpstreamProvider } from './support/upstream-provider';

type Agent = ReturnType<typeof supertest.agent>;

const PEOPLE = {
  lea: { preferred_username: 'Lea', email: 'lea@corp.example', email_verified: true },
  max: { preferred_username: 'Max', email: 'max@corp.example', email_verified: true },
  rey: { preferred_username: 'Rey', email: 'rey@corp.example', email_verified: true },
};

/**
 * Upstream leavers (issue 22): Gatehouse as a relying party of OpenID Connect Back-Channel Logout 1.0. The upstream
 * (`oidc-provider`, with Gatehouse's `backchannel_logout_uri` registered) posts a logout token when a person signs
 * out there, and the Gatehouse sessions its session made end; tokens that are not logout tokens of that upstream for
 * Gatehouse, or that come twice, are refused with 400 `invalid_request` (§2.8) and end nothing.
 */
describe('upstream back-channel logout', () => {
  let upstream: UpstreamProvider;
  let gatehouse: TestApp;
  /** On Redis, a second instance of the deployment receives the upstream's logout tokens: the sessions end anyway. */
  let receiver: TestApp | undefined;
  let endpoint: string;

  beforeAll(async () => {
    const port = await freePort();
    gatehouse = await startTestApp({
      env: {
        UPSTREAM_OIDC_PROVIDERS: corpProvider(port),
      },
    });
    endpoint = '/login/upstream/corp/backchannel-logout';
    receiver = backend.redisUrl ? await startTestApp({ shareWith: gatehouse }) : undefined;
    upstream = await UpstreamProvider.start(port, `${gatehouse.url}/login/upstream/corp/callback`, PEOPLE, {
      backchannelLogoutUri: `${(receiver ?? gatehouse).url}${endpoint}`,
    });
  });

  afterAll(async () => {
    await receiver?.close();
    await gatehouse?.close();
    await upstream?.stop();
  });

  /** "Sign in with Corp SSO" in a Gatehouse browser, through the upstream browser `at` (a session there). */
  async function signInThrough(at: UpstreamBrowser, login: string): Promise<Agent> {
    const browser = supertest.agent(gatehouse.url);
    const started = await browser.get('/login/upstream/corp').expect(303);
    const callback = await upstream.signIn(started.headers.location, login, at);
    await browser.get(`${callback.pathname}${callback.search}`).expect(303);
    return browser;
  }

  async function signedIn(browser: Agent): Promise<boolean> {
    const page = await browser.get('/grants');
    expect([200, 303]).toContain(page.status);
    return page.status === 200;
  }

  const post = (token: unknown) => supertest(gatehouse.url).post(endpoint).type('form').send({ logout_token: token });

  it('ends the Gatehouse session when the person signs out at the upstream, and only the one it made', async () => {
    const first = supertest.agent(upstream.issuer);
    const second = supertest.agent(upstream.issuer);
    const here = await signInThrough(first, 'lea');
    const elsewhere = await signInThrough(second, 'lea');
    expect(await signedIn(here)).toBe(true);

    await upstream.signOut(first);

    const page = await here.get('/grants').expect(303);
    expect(page.headers.location).toBe('/login?returnTo=%2Fgrants');
    await here.get('/api/me').expect(401);
    // The person's other upstream session (another `sid`) still holds its Gatehouse session.
    expect(await signedIn(elsewhere)).toBe(true);
    await upstream.signOut(second);
    expect(await signedIn(elsewhere)).toBe(false);
  });

  it('ends every session of the account linked under (issuer, sub) when the token names no recorded session', async () => {
    const one = await signInThrough(supertest.agent(upstream.issuer), 'max');
    const two = await signInThrough(supertest.agent(upstream.issuer), 'max');
    const bystander = await signInThrough(supertest.agent(upstream.issuer), 'rey');

    const token = await upstream.signLogoutToken({ sub: 'max' });
    const answer = await post(token).expect(200);
    expect(answer.headers['cache-control']).toBe('no-store');

    expect(await signedIn(one)).toBe(false);
    expect(await signedIn(two)).toBe(false);
    expect(await signedIn(bystander)).toBe(true);
    // §2.6: a jti acts once; the same token again is refused (on Redis, by the other instance too).
    expect((await post(token).expect(400)).body).toMatchObject({ error: 'invalid_request' });
    const elsewhere = await supertest(gatehouse.url).post(endpoint).type('form').send({ logout_token: token });
    expect(elsewhere.status).toBe(400);
  });

  it('refuses what is not a logout token of this upstream for Gatehouse, ending nothing', async () => {
    const browser = await signInThrough(supertest.agent(upstream.issuer), 'rey');
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const refused = [
      await upstream.signLogoutToken({ sub: 'rey' }, otherKey),
      await upstream.signLogoutToken({ sub: 'rey', aud: 'another-client' }),
      await upstream.signLogoutToken({ sub: 'rey', iss: 'http://127.0.0.1:1' }),
      await upstream.signLogoutToken({ sub: 'rey', nonce: 'an-id-token-nonce' }),
      await upstream.signLogoutToken({ sub: 'rey', events: { 'http://example.com/another-event': {} } }),
      await upstream.signLogoutToken({ sub: undefined }),
      await upstream.signLogoutToken({ sub: 'rey', iat: Math.floor(Date.now() / 1000) - 3600, exp: undefined }),
      'not-a-jwt',
    ];
    for (const token of refused) {
      const answer = await post(token).expect(400);
      expect(answer.body).toMatchObject({ error: 'invalid_request' });
    }
    await supertest(gatehouse.url).post(endpoint).type('form').send({}).expect(400);
    const unknown = await upstream.signLogoutToken({ sub: 'rey' });
    await supertest(gatehouse.url)
      .post('/login/upstream/nosuch/backchannel-logout')
      .type('form')
      .send({ logout_token: unknown })
      .expect(400);
    expect(await signedIn(browser)).toBe(true);
  });
});
