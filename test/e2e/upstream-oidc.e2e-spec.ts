import { generateSync } from 'otplib';
import supertest from 'supertest';
import { CALLBACK, authorize, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { freePort } from './support/test-environment';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { UPSTREAM_CLIENT, corpProvider, UpstreamProvider } from './support/upstream-provider';
import { createSignedInUser } from './support/users';

type Agent = ReturnType<typeof supertest.agent>;

const PEOPLE = {
  uma: { preferred_username: 'Uma', name: 'Uma Upstream', email: 'uma@corp.example', email_verified: true },
  vic: {
    preferred_username: 'Vic',
    name: 'Vic Admin',
    email: 'vic@corp.example',
    email_verified: true,
    groups: ['idp-admins', 'idp-unmapped'],
  },
  clash: { preferred_username: 'Localclash', email: 'clash@corp.example', email_verified: true },
  tessa: { preferred_username: 'Tessa', email: 'tessa@corp.example', email_verified: true },
  nova: { preferred_username: 'Nova', email: 'nova@unverified.example', email_verified: false },
};

/**
 * Issue 22 §2 against an upstream OpenID Provider nobody here wrote (`oidc-provider`, on a loopback port): the code
 * flow with PKCE, state and nonce through Gatehouse's "Sign in with …", the link by (issuer, `sub`), group mapping, clashes,
 * refusals, unlinking, and an upstream that is down. The browser's part is plain HTTP here; Chromium does it in
 * `upstream-oidc-browser.e2e-spec.ts`.
 */
describe('upstream OpenID Connect sign-in', () => {
  let upstream: UpstreamProvider;
  let gatehouse: TestApp;
  let admin: SignedIn;

  beforeAll(async () => {
    const port = await freePort();
    const nobody = await freePort();
    gatehouse = await startTestApp({
      env: {
        UPSTREAM_OIDC_PROVIDERS: JSON.stringify([
          {
            name: 'corp',
            displayName: 'Corp SSO',
            issuer: `http://127.0.0.1:${port}`,
            ...UPSTREAM_CLIENT,
            scopes: ['openid', 'profile', 'email', 'groups'],
            groupMap: { 'idp-admins': 'oauthadmin' },
          },
          {
            name: 'down',
            displayName: 'Down SSO',
            issuer: `http://127.0.0.1:${nobody}`,
            ...UPSTREAM_CLIENT,
          },
        ]),
      },
    });
    upstream = await UpstreamProvider.start(port, `${gatehouse.url}/login/upstream/corp/callback`, PEOPLE);
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
  });

  afterAll(async () => {
    await gatehouse?.close();
    await upstream?.stop();
  });

  /** "Sign in with Corp SSO" from `/login`, up to the callback the upstream sends the browser to. */
  async function toCallback(login: string, returnTo = '/account') {
    const browser = supertest.agent(gatehouse.url);
    const started = await browser.get(`/login/upstream/corp?returnTo=${encodeURIComponent(returnTo)}`).expect(303);
    const authorization = new URL(started.headers.location);
    return { browser, authorization, callback: await upstream.signIn(authorization.href, login) };
  }

  async function signInUpstream(login: string, returnTo = '/account'): Promise<{ browser: Agent; id: number }> {
    const { browser, callback } = await toCallback(login, returnTo);
    const landed = await browser.get(`${callback.pathname}${callback.search}`).expect(303);
    expect(landed.headers.location).toBe(returnTo);
    const me = await browser.get('/api/me').expect(200);
    return { browser, id: (me.body as { id: number }).id };
  }

  it('shows a "Sign in with …" button per provider on the login page', async () => {
    const page = await supertest(gatehouse.url).get('/login?returnTo=/grants').expect(200);
    expect(page.text).toContain('Sign in with Corp SSO');
    expect(page.text).toContain('Sign in with Down SSO');
    expect(page.text).toContain('action="/login/upstream/corp"');
  });

  it('sends the browser to the upstream with code + PKCE (S256), state and nonce', async () => {
    const started = await supertest(gatehouse.url).get('/login/upstream/corp').expect(303);
    const url = new URL(started.headers.location);
    expect(url.origin).toBe(upstream.issuer);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: UPSTREAM_CLIENT.clientId,
      redirect_uri: `${gatehouse.url}/login/upstream/corp/callback`,
      code_challenge_method: 'S256',
      scope: 'openid profile email groups',
    });
    expect(url.searchParams.get('state')).toMatch(/.{20,}/);
    expect(url.searchParams.get('nonce')).toMatch(/.{20,}/);
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(String(started.headers['set-cookie'])).toContain('gatehouse_upstream_state=');
  });

  it('creates and links the account at the first sign-in, and reuses the link at the next', async () => {
    const first = await signInUpstream('uma');
    const me = await first.browser.get('/api/me').expect(200);
    expect(me.body).toMatchObject({ name: 'Uma', email: 'uma@corp.example' });
    const shown = await admin.agent.get(`/api/admin/users/${first.id}`).expect(200);
    expect(shown.body).toMatchObject({
      name: 'Uma',
      realName: 'Uma Upstream',
      source: { kind: 'upstream', provider: 'oidc:corp', issuer: upstream.issuer, subject: 'uma' },
    });
    expect((shown.body as { source: { lastSyncedAt: string } }).source.lastSyncedAt).toMatch(/^\d{4}-/);
    const page = await admin.agent.get(`/admin/users/${first.id}`).expect(200);
    expect(page.text).toContain('Upstream sign-in (corp, id uma)');
    expect(page.text).toContain(upstream.issuer);
    expect(page.text).toContain('action="/admin/users/' + first.id + '/unlink"');

    const second = await signInUpstream('uma');
    expect(second.id).toBe(first.id);
  });

  it('links by (issuer, sub): the name pointed at another issuer signs none of its people into the old links', async () => {
    const uma = await signInUpstream('uma');
    const vic = await signInUpstream('vic');
    // The same deployment, restarted with `corp` pointing at another issuer whose people have the same `sub`s.
    const port = await freePort();
    const repointed = await startTestApp({
      shareWith: gatehouse,
      env: {
        UPSTREAM_OIDC_PROVIDERS: corpProvider(port),
      },
    });
    const other = await UpstreamProvider.start(port, `${repointed.url}/login/upstream/corp/callback`, {
      uma: PEOPLE.uma,
      vic: { preferred_username: 'Vicother', email: 'vic@other.example', email_verified: true },
    });
    try {
      const signInThere = async (login: string) => {
        const browser = supertest.agent(repointed.url);
        const started = await browser.get('/login/upstream/corp').expect(303);
        const callback = await other.signIn(started.headers.location, login);
        return { browser, landed: await browser.get(`${callback.pathname}${callback.search}`) };
      };
      // Its `uma` is somebody else: never the account linked to the first issuer's `uma` (her name is taken, so
      // this one is refused as a clash, and signed in as nobody).
      const refused = await signInThere('uma');
      expect(refused.landed.status).toBe(409);
      await refused.browser.get('/api/me').expect(401);
      // Its `vic` gets an account of its own, linked under its issuer.
      const fresh = await signInThere('vic');
      expect(fresh.landed.status).toBe(303);
      const me = await fresh.browser.get('/api/me').expect(200);
      expect(me.body).toMatchObject({ name: 'Vicother' });
      const id = (me.body as { id: number }).id;
      expect([uma.id, vic.id]).not.toContain(id);
      const shown = await admin.agent.get(`/api/admin/users/${id}`).expect(200);
      expect(shown.body).toMatchObject({ source: { provider: 'oidc:corp', issuer: other.issuer, subject: 'vic' } });
    } finally {
      await repointed.close();
      await other.stop();
    }
    // The first issuer's people still sign in to their own accounts.
    expect((await signInUpstream('uma')).id).toBe(uma.id);
  });

  it('maps the upstream groups to Gatehouse groups, and so to rights', async () => {
    const { browser } = await signInUpstream('vic');
    const me = await browser.get('/api/me').expect(200);
    const groups = (me.body as { groups: string[] }).groups;
    expect(groups).toContain('oauthadmin');
    expect(groups).not.toContain('idp-unmapped');
    expect((me.body as { rights: string[] }).rights).toContain('mwoauthmanageconsumer');
  });

  it('does not take an email address the upstream has not verified', async () => {
    const { browser } = await signInUpstream('nova');
    const me = await browser.get('/api/me').expect(200);
    expect(me.body).toMatchObject({ name: 'Nova' });
    expect((me.body as { email?: string }).email ?? '').toBe('');
  });

  it('still asks for the account’s own second factor after the upstream vouched for the person', async () => {
    const { browser } = await signInUpstream('tessa');
    const page = await browser.get('/account/preferences').expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const begun = await browser.post('/api/me/two-factor/totp').set('X-CSRF-Token', csrf).expect(201);
    const secret = (begun.body as { secret: string }).secret;
    await browser
      .post('/api/me/two-factor/totp/confirm')
      .set('X-CSRF-Token', csrf)
      .send({ code: generateSync({ secret }) })
      .expect(200);

    const { browser: later, callback } = await toCallback('tessa', '/grants');
    const landed = await later.get(`${callback.pathname}${callback.search}`).expect(303);
    expect(landed.headers.location).toBe('/login/second-factor?returnTo=%2Fgrants');
    await later.get('/api/me').expect(401);
  });

  it('refuses a name that clashes with a local account, never merging them', async () => {
    const local = await createSignedInUser(gatehouse, 'Localclash');
    const { browser, callback } = await toCallback('clash');
    const refused = await browser.get(`${callback.pathname}${callback.search}`).expect(409);
    expect(refused.text).toContain('same name as an existing local account');
    expect(refused.text).toContain('name="password"');
    const shown = await admin.agent.get(`/api/admin/users/${local.user.id}`).expect(200);
    expect((shown.body as { source: { kind: string } }).source.kind).toBe('local');
  });

  it('refuses a callback whose state is not the browser’s, and a replayed callback', async () => {
    const { browser, callback } = await toCallback('uma');
    const state = callback.searchParams.get('state') ?? '';
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-the-state-this-browser-started-with');
    const mismatch = await browser.get(`${forged.pathname}${forged.search}`).expect(400);
    expect(mismatch.text).toContain('did not come back to the browser that started it');
    // A callback carried to another browser (login CSRF, RFC 6749 §10.12) has no state cookie.
    await supertest(gatehouse.url).get(`${callback.pathname}${callback.search}`).expect(400);

    // The state is still kept (nothing above spent it): the right browser signs in once, and only once.
    const again = (agent: ReturnType<typeof supertest>) =>
      agent.get(`${callback.pathname}${callback.search}`).set('Cookie', `gatehouse_upstream_state=${state}`);
    await again(supertest(gatehouse.url)).expect(303);
    const replayed = await again(supertest(gatehouse.url)).expect(400);
    expect(replayed.text).toContain('expired or was already used');
  });

  it('refuses a sign-in the person cancelled at the upstream, with no session', async () => {
    const browser = supertest.agent(gatehouse.url);
    const started = await browser.get('/login/upstream/corp').expect(303);
    const state = new URL(started.headers.location).searchParams.get('state') ?? '';
    const query = new URLSearchParams({ error: 'access_denied', state, iss: upstream.issuer });
    const refused = await browser.get(`/login/upstream/corp/callback?${query.toString()}`).expect(400);
    expect(refused.text).toContain('Corp SSO did not confirm who you are');
    await browser.get('/api/me').expect(401);
  });

  it('checks the nonce: an ID Token for another authorization request is refused', async () => {
    const browser = supertest.agent(gatehouse.url);
    const started = await browser.get('/login/upstream/corp').expect(303);
    const authorization = new URL(started.headers.location);
    authorization.searchParams.set('nonce', 'a-nonce-this-sign-in-never-made');
    const callback = await upstream.signIn(authorization.href, 'uma');
    const refused = await browser.get(`${callback.pathname}${callback.search}`).expect(400);
    expect(refused.text).toContain('Corp SSO did not confirm who you are');
    await browser.get('/api/me').expect(401);
  });

  it('lets an upstream user authorize an OAuth 2 app, then unlinks them (page and API)', async () => {
    const { browser, id } = await signInUpstream('uma');
    const developer = await createSignedInUser(gatehouse, 'Upstreamdev');
    const client = await registerOauth2Client(developer, admin, { name: 'Used by upstream people' });
    const me = await browser.get('/api/me').expect(200);
    const user: SignedIn = { agent: browser, csrfToken: '', user: me.body as SignedIn['user'] };
    const redirect = await authorize(user, { client_id: client.clientId, redirect_uri: CALLBACK, state: 's' });
    expect(redirect.searchParams.get('code')).toMatch(/./);

    const page = await admin.agent.get(`/admin/users/${id}`).expect(200);
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    await admin.agent.post(`/admin/users/${id}/unlink`).type('form').send({ csrf: 'forged' }).expect(403);
    const unlinked = await admin.agent.post(`/admin/users/${id}/unlink`).type('form').send({ csrf }).expect(303);
    expect(unlinked.headers.location).toBe(`/admin/users/${id}?done=unlinked`);
    const shown = await admin.agent.get(`/api/admin/users/${id}`).expect(200);
    expect((shown.body as { source: { kind: string } }).source.kind).toBe('local');
    // The upstream's Uma now meets the name of a local account: refused, never merged back.
    const { browser: again, callback } = await toCallback('uma');
    await again.get(`${callback.pathname}${callback.search}`).expect(409);
    await admin.agent.delete(`/api/admin/users/${id}/link`).set('X-CSRF-Token', admin.csrfToken).expect(404);
  });

  it('says clearly that a provider is down, and local sign-in still works', async () => {
    const down = await supertest(gatehouse.url).get('/login/upstream/down?returnTo=/grants').expect(503);
    expect(down.text).toContain('Down SSO cannot be reached just now');
    expect(down.text).toContain('name="password"');
    expect(down.text).toContain('name="returnTo" value="/grants"');
    await signIn(gatehouse, ADMIN.username, ADMIN.password);
    await supertest(gatehouse.url).get('/login/upstream/nosuch').expect(404);
  });
});
