import { generateSync } from 'otplib';
import { decodeJwt, generateKeyPair } from 'jose';
import supertest from 'supertest';
import { AccountSessions } from '../../src/identity/account-sessions.service';
import { CapturedLog } from './support/captured-log';
import { type Oauth1Credentials, ownerOnlyOauth1Credentials, sendSigned } from './support/oauth1-client';
import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { backend, freePort } from './support/test-environment';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { type UpstreamBrowser, UpstreamProvider, upstreamEntry } from './support/upstream-provider';
import { createSignedInUser } from './support/users';

type Agent = ReturnType<typeof supertest.agent>;

const PEOPLE = {
  lea: { preferred_username: 'Lea', email: 'lea@corp.example', email_verified: true },
  max: { preferred_username: 'Max', email: 'max@corp.example', email_verified: true },
  rey: { preferred_username: 'Rey', email: 'rey@corp.example', email_verified: true },
  kim: { preferred_username: 'Kim', email: 'kim@corp.example', email_verified: true },
  tom: { preferred_username: 'Tom', email: 'tom@corp.example', email_verified: true },
};
/** The people of a second upstream, `hr`, whose logouts are a leaver process's: they revoke tokens too. */
const HR_PEOPLE = {
  ana: { preferred_username: 'Ana', email: 'ana@hr.example', email_verified: true },
};

/** What a person's apps hold: OAuth 2 tokens of the code flow, and an OAuth 1 access token. */
interface HeldTokens {
  oauth2: { access_token: string; refresh_token?: string };
  oauth1: Oauth1Credentials;
}

/**
 * Upstream leavers (issue 22): Gatehouse as a relying party of OpenID Connect Back-Channel Logout 1.0. The upstream
 * (`oidc-provider`, with Gatehouse's `backchannel_logout_uri` registered) posts a logout token when a person signs
 * out there, and the Gatehouse sessions its session made end; tokens that are not logout tokens of that upstream for
 * Gatehouse, or that come twice, are refused with 400 `invalid_request` (§2.8) and end nothing. A provider configured
 * with `backchannelLogoutRevokesTokens` (`hr` here) has the account's OAuth tokens revoked as well; `corp` does not.
 */
describe('upstream back-channel logout', () => {
  let upstream: UpstreamProvider;
  let hr: UpstreamProvider;
  let gatehouse: TestApp;
  /** On Redis, a second instance of the deployment receives the upstream's logout tokens: the sessions end anyway. */
  let receiver: TestApp | undefined;
  let endpoint: string;
  let app: Oauth2Client;
  /** A relying party of Gatehouse's own OpenID Connect, for the `amr` its ID Tokens carry. */
  let signOnApp: Oauth2Client;
  const log = new CapturedLog();

  beforeAll(async () => {
    const port = await freePort();
    const hrPort = await freePort();
    gatehouse = await startTestApp({
      logger: log.logger,
      env: {
        UPSTREAM_OIDC_PROVIDERS: JSON.stringify([
          upstreamEntry('corp', 'Corp SSO', port),
          upstreamEntry('hr', 'HR SSO', hrPort, { backchannelLogoutRevokesTokens: true }),
        ]),
      },
    });
    endpoint = '/login/upstream/corp/backchannel-logout';
    receiver = backend.redisUrl ? await startTestApp({ shareWith: gatehouse, logger: log.logger }) : undefined;
    upstream = await UpstreamProvider.start(port, `${gatehouse.url}/login/upstream/corp/callback`, PEOPLE, {
      backchannelLogoutUri: `${(receiver ?? gatehouse).url}${endpoint}`,
    });
    hr = await UpstreamProvider.start(hrPort, `${gatehouse.url}/login/upstream/hr/callback`, HR_PEOPLE, {
      backchannelLogoutUri: `${(receiver ?? gatehouse).url}/login/upstream/hr/backchannel-logout`,
    });
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(gatehouse, 'Payrolldev');
    app = await registerOauth2Client(developer, admin, { name: 'Payroll', grants: ['basic'] });
    signOnApp = await registerOauth2Client(developer, admin, { name: 'Intranet', grants: ['openid', 'basic'] });
  });

  afterAll(async () => {
    await receiver?.close();
    await gatehouse?.close();
    await upstream?.stop();
    await hr?.stop();
  });

  /** "Sign in with …" in a Gatehouse browser, through the upstream browser `at` (a session there). */
  async function signInThrough(
    at: UpstreamBrowser,
    login: string,
    provider: UpstreamProvider = upstream,
    name = 'corp',
  ): Promise<Agent> {
    const browser = supertest.agent(gatehouse.url);
    const started = await browser.get(`/login/upstream/${name}`).expect(303);
    const callback = await provider.signIn(started.headers.location, login, at);
    await browser.get(`${callback.pathname}${callback.search}`).expect(303);
    return browser;
  }

  /** As `signInThrough` at `corp`, for an account with a second factor: the upstream, then `code` on the second step. */
  async function signInWithSecondFactor(at: UpstreamBrowser, login: string, code: string): Promise<Agent> {
    const browser = supertest.agent(gatehouse.url);
    const started = await browser.get('/login/upstream/corp').expect(303);
    const callback = await upstream.signIn(started.headers.location, login, at);
    const landed = await browser.get(`${callback.pathname}${callback.search}`).expect(303);
    expect(landed.headers.location).toBe('/login/second-factor?returnTo=%2F');
    const page = await browser.get(landed.headers.location).expect(200);
    await browser
      .post('/login/second-factor')
      .type('form')
      .send({ csrf: csrfIn(page.text), code, returnTo: '/' })
      .expect(303);
    return browser;
  }

  /** The signed-in browser as the JSON API's caller: its account, and the CSRF token its pages carry. */
  async function asCaller(browser: Agent): Promise<SignedIn & { email: string }> {
    const me = (await browser.get('/api/me').expect(200)).body as SignedIn['user'] & { email: string };
    const page = await browser.get('/account/preferences').expect(200);
    return { agent: browser, csrfToken: csrfIn(page.text), user: me, email: me.email };
  }

  /** The person's apps get tokens: `Payroll` by the code flow, and an owner-only OAuth 1 bot of their own. */
  async function tokensOf(person: SignedIn & { email: string }): Promise<HeldTokens> {
    return {
      oauth2: await userTokens(gatehouse, person, app),
      oauth1: await ownerOnlyOauth1Credentials(person, `Bot of ${person.user.name}`),
    };
  }

  /** What the first instance answers for the tokens: the gateway, introspection, and an OAuth 1 signed call. */
  async function standing(held: HeldTokens): Promise<{ gateway: number; active: boolean; oauth1: number }> {
    const bearer = `Bearer ${held.oauth2.access_token}`;
    const gateway = await supertest(gatehouse.url).get('/gateway/verify').set('Authorization', bearer);
    const introspected = await postForm(gatehouse, '/oauth2/introspect', { token: held.oauth2.access_token }, app);
    const oauth1 = await sendSigned(gatehouse.url, held.oauth1, { method: 'GET', target: '/api/me' });
    return {
      gateway: gateway.status,
      active: (introspected.body as { active: boolean }).active,
      oauth1: oauth1.status,
    };
  }

  const refresh = (held: HeldTokens) =>
    postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: 'refresh_token', refresh_token: held.oauth2.refresh_token ?? '' },
      app,
    );

  async function signedIn(browser: Agent): Promise<boolean> {
    const page = await browser.get('/grants');
    expect([200, 303]).toContain(page.status);
    return page.status === 200;
  }

  const csrfIn = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

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

  it("acts on the provider's retry of a logout token whose first delivery failed here, not refusing it as a replay", async () => {
    const browser = await signInThrough(supertest.agent(upstream.issuer), 'max');
    const ending = vi.spyOn(gatehouse.app.get(AccountSessions), 'endFromUpstream');
    ending.mockRejectedValueOnce(new Error('database went away'));

    const token = await upstream.signLogoutToken({ sub: 'max' });
    expect((await post(token).expect(500)).body).toEqual({ error: 'server_error' });
    expect(await signedIn(browser)).toBe(true);

    await post(token).expect(200);
    expect(await signedIn(browser)).toBe(false);
    await post(token).expect(400);
    ending.mockRestore();
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
  it("with backchannelLogoutRevokesTokens, revokes the account's OAuth tokens too, at once on every instance, audited", async () => {
    const at = supertest.agent(hr.issuer);
    const browser = await signInThrough(at, 'ana', hr, 'hr');
    const person = await asCaller(browser);
    const held = await tokensOf(person);
    // Used once before the logout, so that the first instance holds what it caches of them.
    expect(await standing(held)).toEqual({ gateway: 200, active: true, oauth1: 200 });

    await hr.signOut(at);

    expect(await signedIn(browser)).toBe(false);
    expect(await standing(held)).toEqual({ gateway: 401, active: false, oauth1: 401 });
    expect(((await refresh(held).expect(400)).body as { error: string }).error).toBe('invalid_grant');
    expect(log.audit()).toContainEqual(
      expect.objectContaining({ action: 'revoke-tokens', userId: person.user.id, provider: 'hr', authorizations: 2 }),
    );
  });

  it('without it (the default), ends the sessions only: tokens issued before the logout still work', async () => {
    const at = supertest.agent(upstream.issuer);
    const browser = await signInThrough(at, 'kim');
    const person = await asCaller(browser);
    const held = await tokensOf(person);
    expect(await standing(held)).toEqual({ gateway: 200, active: true, oauth1: 200 });

    await upstream.signOut(at);

    expect(await signedIn(browser)).toBe(false);
    expect(await standing(held)).toEqual({ gateway: 200, active: true, oauth1: 200 });
    await refresh(held).expect(200);
    expect(log.audit()).not.toContainEqual(
      expect.objectContaining({ action: 'revoke-tokens', userId: person.user.id }),
    );
  });

  it("records the upstream sid of a sign-in finished with Gatehouse's own second factor: its logout ends that session only", async () => {
    const person = await asCaller(await signInThrough(supertest.agent(upstream.issuer), 'tom'));
    const begun = await person.agent.post('/api/me/two-factor/totp').set('X-CSRF-Token', person.csrfToken).expect(201);
    const secret = (begun.body as { secret: string }).secret;
    const confirmed = await person.agent
      .post('/api/me/two-factor/totp/confirm')
      .set('X-CSRF-Token', person.csrfToken)
      .send({ code: generateSync({ secret }) })
      .expect(200);
    const recoveryCodes = (confirmed.body as { recoveryCodes: string[] }).recoveryCodes;

    const first = supertest.agent(upstream.issuer);
    const second = supertest.agent(upstream.issuer);
    // The next time step's code (the enrolment spent this one), and a recovery code for the other sign-in.
    const here = await signInWithSecondFactor(first, 'tom', generateSync({ secret, epoch: Date.now() / 1000 + 30 }));
    const elsewhere = await signInWithSecondFactor(second, 'tom', recoveryCodes[0]);
    expect(await signedIn(here)).toBe(true);
    expect(await signedIn(elsewhere)).toBe(true);
    // RFC 8176: the upstream's methods (this one names none), then Gatehouse's own factor; no password was given here.
    const tokens = await userTokens(gatehouse, await asCaller(here), signOnApp, { scope: 'openid basic' });
    expect(decodeJwt((tokens as { id_token?: string }).id_token as string).amr).toEqual(['otp', 'mfa']);

    await upstream.signOut(first);

    expect(await signedIn(here)).toBe(false);
    // Recorded by its own `sid`, the other upstream session's Gatehouse session is not the one that ended.
    expect(await signedIn(elsewhere)).toBe(true);
    await upstream.signOut(second);
    expect(await signedIn(elsewhere)).toBe(false);
  });
});
