import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto';
import {
  type CompactJWSHeaderParameters,
  SignJWT,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
} from 'jose';
import supertest from 'supertest';
import {
  CALLBACK,
  type Oauth2Client,
  authorizationCode,
  authorize,
  consentFields,
  pkcePair,
  postForm,
  registerOauth2Client,
  userTokens,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

type Agent = SignedIn['agent'];
type Tokens = Awaited<ReturnType<typeof userTokens>>;

/** A loopback redirect URI as a native app registers it (RFC 8252 §7.3): the port is chosen at run time. */
const LOOPBACK_CALLBACK = 'http://127.0.0.1/cb';

/**
 * The OAuth 2 attack cases 1-19 of the reference (peers-and-attacks §4, "Concrete attack cases a serious server
 * must reject"), each played against the running service the way an attacker would send it.
 */
describe('OAuth 2 attack cases', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn & { email: string };
  let attacker: SignedIn & { email: string };
  let confidential: Oauth2Client;
  let otherConfidential: Oauth2Client;
  let publicClient: Oauth2Client;
  let loopbackClient: Oauth2Client;
  let codeOnlyClient: Oauth2Client;
  let clientCredentialsOnly: Oauth2Client;
  let introspector: Oauth2Client;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Attackdev');
    user = await createSignedInUser(gatehouse, 'Victim');
    attacker = await createSignedInUser(gatehouse, 'Mallory');
    const allGrantTypes = ['authorization_code', 'refresh_token', 'client_credentials'];
    confidential = await registerOauth2Client(dev, admin, { name: 'Target app', grantTypes: allGrantTypes });
    otherConfidential = await registerOauth2Client(dev, admin, { name: 'Other app', grantTypes: allGrantTypes });
    publicClient = await registerOauth2Client(dev, admin, { name: 'Public app', confidential: false });
    loopbackClient = await registerOauth2Client(dev, admin, {
      name: 'Native app',
      confidential: false,
      callbackUrl: LOOPBACK_CALLBACK,
    });
    codeOnlyClient = await registerOauth2Client(dev, admin, {
      name: 'Code-only app',
      grantTypes: ['authorization_code'],
    });
    clientCredentialsOnly = await registerOauth2Client(dev, admin, {
      name: 'Service app',
      grantTypes: ['client_credentials'],
    });
    introspector = await registerOauth2Client(dev, admin, {
      name: 'Gateway',
      grants: ['basic', 'introspect'],
      grantTypes: ['client_credentials'],
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  /** A well-formed authorization request of `client`, with PKCE. */
  function codeRequest(client: Oauth2Client, overrides: Record<string, string> = {}): Record<string, string> {
    return {
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: CALLBACK,
      state: 'st-attack',
      code_challenge: pkcePair().challenge,
      code_challenge_method: 'S256',
      ...overrides,
    };
  }

  function authorizeGet(agent: Agent, query: Record<string, string> | string): supertest.Test {
    return agent.get('/oauth2/authorize').query(query);
  }

  /**
   * The redirect URIs of `candidates` that the authorization endpoint did not answer with its own error page
   * (attack cases 1, 2), with what it did instead.
   */
  async function acceptedRedirectUris(
    client: Oauth2Client,
    candidates: string[],
  ): Promise<{ redirectUri: string; status: number; location: unknown }[]> {
    const accepted = [];
    for (const redirectUri of candidates) {
      const response = await authorizeGet(user.agent, codeRequest(client, { redirect_uri: redirectUri }));
      const location: unknown = response.headers.location;
      if (location !== undefined || (response.status !== 400 && response.status !== 401)) {
        accepted.push({ redirectUri, status: response.status, location });
      }
    }
    return accepted;
  }

  function token(form: Record<string, string>, client?: Oauth2Client): supertest.Test {
    return postForm(gatehouse, '/oauth2/token', form, client);
  }

  function refresh(client: Oauth2Client, refreshToken: string, extra: Record<string, string> = {}): supertest.Test {
    return token({ grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }, client);
  }

  function introspect(caller: Oauth2Client, value: string, extra: Record<string, string> = {}): Promise<unknown> {
    return introspection(gatehouse, caller, value, extra);
  }

  function revoke(client: Oauth2Client, value: string): supertest.Test {
    return postForm(gatehouse, '/oauth2/revoke', { token: value }, client);
  }

  describe('authorization endpoint', () => {
    it('attack 1: redirect_uri must match exactly — no path, case, query, fragment, userinfo, traversal, encoding, port or scheme variant', async () => {
      const lookalikes = [
        'https://app.example/callback/',
        'https://app.example/callback/extra',
        'https://app.example/callbackx',
        'https://app.example/Callback',
        'https://app.example/CALLBACK',
        'https://APP.EXAMPLE/callback',
        'https://app.example./callback',
        'https://app.example/callback?next=https://evil.example',
        'https://app.example/callback?',
        'https://app.example/callback#fragment',
        'https://app.example/callback#',
        'https://evil.example@app.example/callback',
        'https://app.example@evil.example/callback',
        'https://app.example:443@evil.example/callback',
        'https://app.example/callback/../evil',
        'https://app.example/evil/../callback',
        'https://app.example/./callback',
        'https://app.example/%63allback',
        'https://app.example/callback%2F..%2Fevil',
        'https://app.example%2Fcallback@evil.example',
        'https://app.example:443/callback',
        'https://app.example:8443/callback',
        'http://app.example/callback',
        'HTTPS://app.example/callback',
        '//app.example/callback',
      ];
      expect(await acceptedRedirectUris(confidential, lookalikes)).toEqual([]);

      const exact = await authorizeGet(user.agent, codeRequest(confidential));
      expect(exact.status).toBe(200);
      expect(consentFields(exact.text).request).not.toBe('');
    });

    it('attack 1: a loopback redirect_uri may differ in its port only (RFC 8252 §7.3), not in userinfo, host, path or scheme', async () => {
      const otherPort = await authorize(
        user,
        codeRequest(loopbackClient, { redirect_uri: 'http://127.0.0.1:49152/cb', state: 'loopback' }),
      );
      expect(otherPort.origin + otherPort.pathname).toBe('http://127.0.0.1:49152/cb');
      expect(otherPort.searchParams.get('code')).toBeTruthy();

      const lookalikes = [
        'http://attacker@127.0.0.1:49152/cb',
        'http://127.0.0.1:49152@evil.example/cb',
        'http://127.0.0.1:49152/cb/extra',
        'http://127.0.0.1:49152/CB',
        'http://127.0.0.1:49152/cb?x=1',
        'http://127.0.0.1:49152/cb#x',
        'http://127.0.0.1:49152/%63b',
        'http://127.0.0.2:49152/cb',
        'http://localhost:49152/cb',
        'https://127.0.0.1:49152/cb',
      ];
      expect(await acceptedRedirectUris(loopbackClient, lookalikes)).toEqual([]);

      // The port exception is for loopback only: a registered https URI keeps its exact port.
      const otherHttpsPort = await authorizeGet(
        user.agent,
        codeRequest(confidential, { redirect_uri: 'https://app.example:8443/callback' }),
      );
      expect(otherHttpsPort.headers.location).toBeUndefined();
    });

    it('attack 1: an OAuth 2 client cannot register its callback as a prefix (MediaWiki callback_is_prefix)', async () => {
      const proposal = await dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({
          oauthVersion: 2,
          name: 'Prefix app',
          version: '1.0',
          description: 'Wants every URI under its callback',
          email: dev.email,
          grants: ['basic'],
          callbackUrl: CALLBACK,
          callbackIsPrefix: true,
        });
      expect(proposal.status).toBe(400);
    });

    it('attack 2: an unknown or malformed client_id gets an error page and no redirect', async () => {
      const queries = [
        codeRequest(confidential, { client_id: randomBytes(16).toString('hex') }),
        codeRequest(confidential, { client_id: 'not-a-client' }),
        codeRequest(confidential, { client_id: confidential.clientId.toUpperCase() }),
        { response_type: 'code', redirect_uri: CALLBACK, state: 'no-client' },
      ];
      for (const query of queries) {
        const response = await authorizeGet(user.agent, query);
        expect(response.headers.location).toBeUndefined();
        expect([400, 401]).toContain(response.status);
        expect(response.type).toBe('text/html');
      }
    });

    it('attack 2: an unregistered redirect_uri gets an error page and no redirect, even for an anonymous visitor', async () => {
      const evil = codeRequest(confidential, { redirect_uri: 'https://evil.example/callback' });
      for (const agent of [user.agent, supertest.agent(gatehouse.url)]) {
        const response = await authorizeGet(agent, evil);
        expect(response.headers.location).toBeUndefined();
        expect(response.status).toBe(401);
        expect(response.text).not.toContain('evil.example');
      }
    });

    it('attack 2: the redirect_uri is checked before any error that would be redirected', async () => {
      const manyErrors = {
        client_id: confidential.clientId,
        redirect_uri: 'https://evil.example/callback',
        response_type: 'token',
        scope: 'no-such-scope',
        code_challenge_method: 'plain',
        state: 'st-attack',
      };
      const refused = await authorizeGet(user.agent, manyErrors);
      expect(refused.headers.location).toBeUndefined();
      expect(refused.status).toBe(401);

      // The same errors with the registered redirect_uri do go back to the client.
      const redirected = await authorizeGet(user.agent, { ...manyErrors, redirect_uri: CALLBACK }).expect(302);
      const location = new URL(redirected.headers.location);
      expect(location.origin + location.pathname).toBe(CALLBACK);
      expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    });

    it('attack 2: a client that an admin rejected is not trusted with redirects', async () => {
      const rejected = await registerOauth2Client(dev, admin, { name: 'Rejected app' }, false);
      await admin.agent
        .post(`/api/admin/consumers/${rejected.clientId}/reject`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'suspicious callback' })
        .expect(200);
      const visitors = { victim: user.agent, owner: dev.agent, anonymous: supertest.agent(gatehouse.url) };
      const notRefused = [];
      for (const [visitor, agent] of Object.entries(visitors)) {
        for (const responseType of ['code', 'token']) {
          const response = await authorizeGet(agent, codeRequest(rejected, { response_type: responseType }));
          const location: unknown = response.headers.location;
          if (location !== undefined || ![400, 401, 403].includes(response.status)) {
            notRefused.push({ visitor, responseType, status: response.status, location });
          }
        }
      }
      expect(notRefused).toEqual([]);
    });

    it('attack 2: a client not yet approved by an admin sends nobody but its owner to its redirect URI', async () => {
      const proposed = await registerOauth2Client(dev, admin, { name: 'Unreviewed app' }, false);
      const visitors = { victim: user.agent, anonymous: supertest.agent(gatehouse.url) };
      const redirected = [];
      for (const [visitor, agent] of Object.entries(visitors)) {
        for (const responseType of ['code', 'token']) {
          const response = await authorizeGet(agent, codeRequest(proposed, { response_type: responseType }));
          if (sentToClient(response)) {
            redirected.push({ visitor, responseType, status: response.status, location: response.headers.location });
          }
        }
      }
      expect(redirected).toEqual([]);
      // Its owner may try it out, as in MediaWiki.
      expect((await authorizeGet(dev.agent, codeRequest(proposed))).status).toBe(200);
    });

    it('attack 3: a public client must send a code_challenge', async () => {
      const { code_challenge: _challenge, code_challenge_method: _method, ...withoutPkce } = codeRequest(publicClient);
      const response = await authorizeGet(user.agent, withoutPkce).expect(302);
      const location = new URL(response.headers.location);
      expect(location.searchParams.get('error')).toBe('invalid_request');
      expect(location.searchParams.get('code')).toBeNull();
    });

    it('attack 3: code_challenge_method=plain (or no method, which means plain) is refused by default', async () => {
      const verifier = pkcePair().verifier;
      const plainRequests = [
        codeRequest(publicClient, { code_challenge: verifier, code_challenge_method: 'plain' }),
        codeRequest(confidential, { code_challenge: verifier, code_challenge_method: 'plain' }),
        { ...codeRequest(publicClient, { code_challenge: verifier }), code_challenge_method: '' },
      ];
      for (const query of plainRequests) {
        const response = await authorizeGet(user.agent, query).expect(302);
        const location = new URL(response.headers.location);
        expect(location.searchParams.get('error')).toBe('invalid_request');
        expect(location.searchParams.get('code')).toBeNull();
      }
      const metadata = await gatehouse.http().get('/.well-known/oauth-authorization-server').expect(200);
      expect(metadata.body.code_challenge_methods_supported).toEqual(['S256']);
    });

    it('attack 4: a code_verifier for a code issued without a code_challenge is invalid_grant (PKCE downgrade)', async () => {
      const { code_challenge: _challenge, code_challenge_method: _method, ...withoutPkce } = codeRequest(confidential);
      const redirect = await authorize(user, withoutPkce);
      const code = redirect.searchParams.get('code') as string;
      const response = await token(
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: pkcePair().verifier },
        confidential,
      );
      expectOauth2Error(response, 400, 'invalid_grant');
    });

    it('attack 4: a code issued with a code_challenge needs the matching code_verifier', async () => {
      for (const verifier of [undefined, pkcePair().verifier, 'short']) {
        const { code } = await authorizationCode(user, confidential);
        const form: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK };
        if (verifier !== undefined) {
          form.code_verifier = verifier;
        }
        expectOauth2Error(await token(form, confidential), 400, 'invalid_grant');
      }
    });

    it('attack 5: state comes back unchanged, however long and whatever it holds', async () => {
      const state = `ü ✓ &state=forged+%2B/?#=${'0123456789abcdef'.repeat(100)}`;
      const allowed = await authorize(user, codeRequest(confidential, { state }));
      expect(allowed.searchParams.get('code')).toBeTruthy();
      expect(allowed.searchParams.getAll('state')).toEqual([state]);

      const denied = await authorize(user, codeRequest(confidential, { state }), 'cancel');
      expect(denied.searchParams.get('error')).toBe('access_denied');
      expect(denied.searchParams.getAll('state')).toEqual([state]);

      const failed = await authorizeGet(user.agent, codeRequest(confidential, { state, scope: 'no-such-scope' }));
      const location = new URL(failed.headers.location);
      expect(location.searchParams.get('error')).toBe('invalid_scope');
      expect(location.searchParams.getAll('state')).toEqual([state]);
    });

    it('attack 5: a consent answer without the session CSRF token, or with a wrong one, is refused with 403', async () => {
      const query = codeRequest(confidential);
      const page = await authorizeGet(user.agent, query).expect(200);
      const fields = consentFields(page.text);
      const forgeries = [
        user.agent
          .post('/oauth2/authorize')
          .query(query)
          .type('form')
          .send({ request: fields.request, decision: 'allow' }),
        user.agent
          .post('/oauth2/authorize')
          .query(query)
          .type('form')
          .send({ csrf: randomBytes(16).toString('hex'), request: fields.request, decision: 'allow' }),
        user.agent
          .post('/oauth2/authorize')
          .query(query)
          .type('form')
          .send({ csrf: fields.csrf.slice(0, -1), request: fields.request, decision: 'allow' }),
        // A cross-site form post carries no session cookie.
        supertest(gatehouse.url)
          .post('/oauth2/authorize')
          .query(query)
          .type('form')
          .send({ ...fields, decision: 'allow' }),
      ];
      for (const forgery of forgeries) {
        const response = await forgery;
        expect(response.status).toBe(403);
        expect(response.headers.location).toBeUndefined();
      }

      // A GET cannot carry the answer (an <img> on another site could send one).
      const viaGet = await authorizeGet(user.agent, { ...query, ...fields, decision: 'allow' }).expect(200);
      expect(viaGet.headers.location).toBeUndefined();

      // The forgeries spent nothing: the user's own answer still goes through.
      const answer = await user.agent
        .post('/oauth2/authorize')
        .query(query)
        .type('form')
        .send({ ...fields, decision: 'allow' })
        .expect(303);
      expect(new URL(answer.headers.location).searchParams.get('code')).toBeTruthy();
    });

    it("attack 5: a consent answer from another user's session cannot approve the victim's request", async () => {
      const query = codeRequest(confidential);
      const page = await authorizeGet(user.agent, query).expect(200);
      const { request } = consentFields(page.text);
      const response = await attacker.agent
        .post('/oauth2/authorize')
        .query(query)
        .type('form')
        .send({ csrf: attacker.csrfToken, request, decision: 'allow' });
      expect(response.headers.location).toBeUndefined();
      expect(response.status).toBeGreaterThanOrEqual(400);
    });

    it('attack 6: the consent, error and login pages may not be framed', async () => {
      const pages = [
        await authorizeGet(user.agent, codeRequest(confidential)).expect(200),
        await authorizeGet(user.agent, codeRequest(confidential, { client_id: 'unknown' })),
        await gatehouse.http().get('/login').expect(200),
      ];
      for (const page of pages) {
        expect(page.headers['x-frame-options']).toBe('DENY');
        expect(page.headers['content-security-policy']).toMatch(/(^|;)\s*frame-ancestors 'none'/);
      }
    });

    it('attack 7: the authorization pages send no Referer and are not cached', async () => {
      const pages = [
        await authorizeGet(user.agent, codeRequest(confidential)).expect(200),
        await authorizeGet(user.agent, codeRequest(confidential, { client_id: 'unknown' })),
        await gatehouse.http().get('/login').expect(200),
      ];
      for (const page of pages) {
        expect(page.headers['referrer-policy']).toBe('no-referrer');
        expect(page.headers['cache-control']).toBe('no-store');
      }
    });

    it('attack 7: token responses, successful or not, are not cached', async () => {
      const { code, verifier } = await authorizationCode(user, confidential);
      const form = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
      const issued = await token(form, confidential).expect(200);
      const refused = await token(form, confidential).expect(400);
      for (const response of [issued, refused]) {
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers.pragma).toBe('no-cache');
      }
    });

    it('attack 7: the authorization response carries only a code, never a token, and only in the query', async () => {
      const redirect = await authorize(user, codeRequest(confidential));
      expect([...redirect.searchParams.keys()].sort()).toEqual(['code', 'iss', 'state']);
      expect(redirect.hash).toBe('');

      const implicit = await authorizeGet(user.agent, codeRequest(confidential, { response_type: 'token' }));
      expect(implicit.status).toBe(302);
      const location = new URL(implicit.headers.location);
      expect(location.searchParams.get('error')).toBe('unsupported_response_type');
      expect(location.searchParams.get('access_token')).toBeNull();

      const metadata = await gatehouse.http().get('/.well-known/oauth-authorization-server').expect(200);
      expect(metadata.body.response_types_supported).toEqual(['code']);
      expect(metadata.body.response_modes_supported).toEqual(['query', 'form_post']);
    });

    it('attack 8: every authorization response names the issuer of the metadata (RFC 9207, mix-up)', async () => {
      const metadata = await gatehouse.http().get('/.well-known/oauth-authorization-server').expect(200);
      expect(metadata.body.issuer).toBe(gatehouse.url);
      expect(metadata.body.authorization_response_iss_parameter_supported).toBe(true);

      const allowed = await authorize(user, codeRequest(confidential));
      const denied = await authorize(user, codeRequest(confidential), 'cancel');
      const failed = await authorizeGet(user.agent, codeRequest(confidential, { scope: 'no-such-scope' })).expect(302);
      for (const redirect of [allowed, denied, new URL(failed.headers.location)]) {
        expect(redirect.searchParams.getAll('iss')).toEqual([metadata.body.issuer]);
      }
    });

    it('attack 9: the POSTed sign-in and consent answer with 303, never 307', async () => {
      const browser = supertest.agent(gatehouse.url);
      const query = codeRequest(confidential);
      const start = await authorizeGet(browser, query).expect(303);
      const loginPage = new URL(start.headers.location, gatehouse.url);
      const returnTo = loginPage.searchParams.get('returnTo') as string;
      const form = await browser.get(loginPage.pathname + loginPage.search).expect(200);
      const csrf = /name="csrf" value="([^"]+)"/.exec(form.text)?.[1] as string;
      const login = await browser
        .post('/login')
        .type('form')
        .send({ csrf, returnTo, username: ADMIN.username, password: ADMIN.password });
      expect(login.status).toBe(303);
      expect(login.headers.location).toBe(returnTo);

      for (const decision of ['allow', 'cancel']) {
        const page = await browser.get(returnTo).expect(200);
        const answer = await browser
          .post(returnTo)
          .type('form')
          .send({ ...consentFields(page.text), decision });
        expect(answer.status).toBe(303);
      }
    });

    it('attack 10: structured parameters (scope[a]=b, client_id[]=…, JSON objects) are never a 500', async () => {
      // Express's simple query parser and the non-extended form parser build no objects: `scope[a]` is merely an
      // unknown parameter, which RFC 6749 §3.1 says to ignore; refusing it as invalid_request would be right too.
      const base = new URLSearchParams(codeRequest(confidential)).toString();
      const scopeObject = await authorizeGet(user.agent, `${base}&scope[a]=b&scope[]=c`);
      const outcome =
        scopeObject.status === 200 ? 'ignored' : new URL(scopeObject.headers.location).searchParams.get('error');
      expect(outcome).toBeOneOf(['ignored', 'invalid_request']);

      const clientArray = await authorizeGet(
        user.agent,
        `response_type=code&client_id[]=${confidential.clientId}&redirect_uri=${encodeURIComponent(CALLBACK)}`,
      );
      expect(clientArray.status).toBe(400);
      expect(clientArray.headers.location).toBeUndefined();

      const structuredForm = await supertest(gatehouse.url)
        .post('/oauth2/token')
        .auth(confidential.clientId, confidential.secret as string)
        .type('form')
        .send('grant_type=authorization_code&code[a]=b&redirect_uri[]=x');
      expectOauth2Error(structuredForm, 400, 'invalid_request');

      for (const path of ['/oauth2/token', '/oauth2/introspect', '/oauth2/revoke']) {
        const structuredJson = await supertest(gatehouse.url)
          .post(path)
          .auth(confidential.clientId, confidential.secret as string)
          .send({ grant_type: { a: 'b' }, token: ['x', 'y'], scope: { a: 'b' } });
        expect({ path, status: structuredJson.status, error: structuredJson.body.error }).toEqual({
          path,
          status: 400,
          error: 'invalid_request',
        });
      }
    });

    it('attack 10: duplicated parameters are 400 invalid_request', async () => {
      const query = codeRequest(confidential, { scope: 'basic' });
      const twice = (name: string, value: string) =>
        `${new URLSearchParams(query).toString()}&${name}=${encodeURIComponent(value)}`;

      for (const name of ['client_id', 'redirect_uri']) {
        const response = await authorizeGet(user.agent, twice(name, query[name]));
        expect(response.headers.location).toBeUndefined();
        expect(response.status).toBe(400);
      }
      for (const name of ['response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method']) {
        const response = await authorizeGet(user.agent, twice(name, query[name])).expect(302);
        const location = new URL(response.headers.location);
        expect({ name, error: location.searchParams.get('error') }).toEqual({ name, error: 'invalid_request' });
      }

      const { code, verifier } = await authorizationCode(user, confidential);
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: CALLBACK,
        code_verifier: verifier,
      }).toString();
      for (const duplicate of [`grant_type=authorization_code`, `code=${code}`, `code_verifier=${verifier}`]) {
        const response = await supertest(gatehouse.url)
          .post('/oauth2/token')
          .auth(confidential.clientId, confidential.secret as string)
          .type('form')
          .send(`${form}&${duplicate}`);
        expectOauth2Error(response, 400, 'invalid_request');
      }
    });
  });

  describe('token endpoint', () => {
    it('attack 11: a code used twice is invalid_grant and revokes the tokens of its first use', async () => {
      const { code, verifier } = await authorizationCode(user, confidential);
      const form = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
      const first = (await token(form, confidential).expect(200)).body as Tokens;
      expect(await meStatus(gatehouse, first.access_token)).toBe(200);

      expectOauth2Error(await token(form, confidential), 400, 'invalid_grant');

      expect(await meStatus(gatehouse, first.access_token)).toBe(401);
      expect(await introspect(confidential, first.access_token)).toEqual({ active: false });
      expect(await introspect(confidential, first.refresh_token as string)).toEqual({ active: false });
      expectOauth2Error(await refresh(confidential, first.refresh_token as string), 400, 'invalid_grant');
    });

    it('attack 11: a code sent twice at the same moment yields no live tokens for the second sender', async () => {
      const { code, verifier } = await authorizationCode(user, confidential);
      const form = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
      const answers = await Promise.all([token(form, confidential), token(form, confidential)]);
      const statuses = answers.map((answer) => answer.status).sort((a, b) => a - b);
      expect(statuses).toBeOneOf([
        [200, 400],
        [400, 400],
      ]);
      // Whoever won, the replay revokes what the code issued.
      for (const answer of answers.filter((candidate) => candidate.status === 200)) {
        expect(await meStatus(gatehouse, (answer.body as Tokens).access_token)).toBe(401);
      }
    });

    it('attack 12: a code is bound to its client: another client gets invalid_grant', async () => {
      const { code, verifier } = await authorizationCode(user, confidential);
      const response = await token(
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier },
        otherConfidential,
      );
      expectOauth2Error(response, 400, 'invalid_grant');
    });

    it('attack 12: a code is bound to the redirect_uri of its request: another or a missing one gets invalid_grant', async () => {
      // Expiry is not played: codes live 60 s and the suite does not wait that long.
      for (const redirectUri of ['https://app.example/other', 'https://app.example/callback/', undefined]) {
        const { code, verifier } = await authorizationCode(user, confidential);
        const form: Record<string, string> = { grant_type: 'authorization_code', code, code_verifier: verifier };
        if (redirectUri !== undefined) {
          form.redirect_uri = redirectUri;
        }
        expectOauth2Error(await token(form, confidential), 400, 'invalid_grant');
      }
    });

    it('attack 12: a code sent to one loopback port cannot be redeemed for another port', async () => {
      const { verifier, challenge } = pkcePair();
      const sentTo = 'http://127.0.0.1:49152/cb';
      const redirect = await authorize(
        user,
        codeRequest(loopbackClient, { redirect_uri: sentTo, code_challenge: challenge }),
      );
      const code = redirect.searchParams.get('code') as string;
      const form = { grant_type: 'authorization_code', code, code_verifier: verifier };
      const response = await token({ ...form, redirect_uri: 'http://127.0.0.1:50000/cb' }, loopbackClient);
      expectOauth2Error(response, 400, 'invalid_grant');
    });

    it('attack 13: client credentials in the query string are refused', async () => {
      for (const path of ['/oauth2/token', '/oauth2/revoke', '/oauth2/introspect']) {
        const response = await supertest(gatehouse.url)
          .post(path)
          .query({ client_id: confidential.clientId, client_secret: confidential.secret as string })
          .type('form')
          .send({ grant_type: 'client_credentials', token: 'x' });
        expect({ path, status: response.status, error: response.body.error }).toEqual({
          path,
          status: 400,
          error: 'invalid_request',
        });
      }
    });

    it('attack 13: a body client_id that differs from the HTTP Basic one is refused', async () => {
      const response = await supertest(gatehouse.url)
        .post('/oauth2/token')
        .auth(confidential.clientId, confidential.secret as string)
        .type('form')
        .send({ grant_type: 'client_credentials', client_id: otherConfidential.clientId });
      expectOauth2Error(response, 400, 'invalid_request');
      expect(response.body.access_token).toBeUndefined();
    });

    it('attack 13: two client authentication methods in one request are refused', async () => {
      const response = await supertest(gatehouse.url)
        .post('/oauth2/token')
        .auth(confidential.clientId, confidential.secret as string)
        .type('form')
        .send({ grant_type: 'client_credentials', client_secret: confidential.secret as string });
      expectOauth2Error(response, 400, 'invalid_request');
      expect(response.body.access_token).toBeUndefined();
    });

    it('attack 13: an unknown client and a wrong secret get the same answer', async () => {
      const unknownId = randomBytes(16).toString('hex');
      const wrongSecret = randomBytes(16).toString('hex');
      const viaBasic = (clientId: string) =>
        supertest(gatehouse.url)
          .post('/oauth2/token')
          .auth(clientId, wrongSecret)
          .type('form')
          .send({ grant_type: 'client_credentials' });
      const viaBody = (clientId: string) =>
        supertest(gatehouse.url)
          .post('/oauth2/token')
          .type('form')
          .send({ grant_type: 'client_credentials', client_id: clientId, client_secret: wrongSecret });
      for (const send of [viaBasic, viaBody]) {
        const unknown = await send(unknownId);
        const wrong = await send(confidential.clientId);
        expect(unknown.status).toBe(401);
        expect(unknown.body.error).toBe('invalid_client');
        expect({ status: wrong.status, body: wrong.body, challenge: wrong.headers['www-authenticate'] }).toEqual({
          status: unknown.status,
          body: unknown.body,
          challenge: unknown.headers['www-authenticate'],
        });
      }
    });

    it('attack 14: 10 wrong client secrets lock their source out of the client: the 11th attempt from there is 429 even with the right secret', async () => {
      const target = await registerOauth2Client(dev, admin, {
        name: 'Lock target',
        grantTypes: ['client_credentials'],
      });
      const guess = () => randomBytes(16).toString('hex');
      for (let attempt = 1; attempt <= 10; attempt += 1) {
        const response = await token(
          { grant_type: 'client_credentials' },
          { clientId: target.clientId, secret: guess() },
        );
        expect({ attempt, status: response.status }).toEqual({ attempt, status: 401 });
      }
      const locked = await token({ grant_type: 'client_credentials' }, target);
      expect(locked.status).toBe(429);
      expect(locked.body.access_token).toBeUndefined();
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);

      // The lock is per client and source: the others still authenticate from here (other sources, and the
      // client itself from another address, are in boundaries-consumers.e2e-spec.ts).
      await token({ grant_type: 'client_credentials' }, otherConfidential).expect(200);
    });

    it('attack 15: the refresh token rotated last may be used again within the grace period', async () => {
      const first = await userTokens(gatehouse, user, confidential);
      await refresh(confidential, first.refresh_token as string).expect(200);
      const retried = (await refresh(confidential, first.refresh_token as string).expect(200)).body as Tokens;
      expect(await meStatus(gatehouse, retried.access_token)).toBe(200);
      await refresh(confidential, retried.refresh_token as string).expect(200);
    });

    it('attack 15: the grace period allows one retry: a second reuse of the same refresh token is invalid_grant', async () => {
      const first = await userTokens(gatehouse, user, confidential);
      await refresh(confidential, first.refresh_token as string).expect(200);
      await refresh(confidential, first.refresh_token as string).expect(200);
      expectOauth2Error(await refresh(confidential, first.refresh_token as string), 400, 'invalid_grant');
    });

    it('attack 15: an older refresh token than the one just rotated is refused even within the grace period, and revokes the family', async () => {
      const first = await userTokens(gatehouse, user, confidential);
      const second = (await refresh(confidential, first.refresh_token as string).expect(200)).body as Tokens;
      const third = (await refresh(confidential, second.refresh_token as string).expect(200)).body as Tokens;

      expectOauth2Error(await refresh(confidential, first.refresh_token as string), 400, 'invalid_grant');

      expectOauth2Error(await refresh(confidential, third.refresh_token as string), 400, 'invalid_grant');
      expect(await introspect(confidential, third.access_token)).toEqual({ active: false });
      expect(await meStatus(gatehouse, third.access_token)).toBe(401);
    });

    it('attack 15: refreshing cannot widen the scope (invalid_scope), and the refused attempt costs nothing', async () => {
      const narrow = await userTokens(gatehouse, user, confidential, { scope: 'basic' });
      expect(narrow.scope).toBe('basic');
      const widened = await refresh(confidential, narrow.refresh_token as string, { scope: 'basic editpage' });
      expectOauth2Error(widened, 400, 'invalid_scope');
      const unknownScope = await refresh(confidential, narrow.refresh_token as string, { scope: 'introspect' });
      expectOauth2Error(unknownScope, 400, 'invalid_scope');

      const same = await refresh(confidential, narrow.refresh_token as string).expect(200);
      expect(same.body.scope).toBe('basic');
    });

    it('attack 15: a refresh token of client A presented by client B is refused', async () => {
      const tokens = await userTokens(gatehouse, user, confidential);
      expectOauth2Error(await refresh(otherConfidential, tokens.refresh_token as string), 400, 'invalid_grant');
      expectOauth2Error(await refresh(publicClient, tokens.refresh_token as string), 400, 'invalid_grant');
      await refresh(confidential, tokens.refresh_token as string).expect(200);
    });

    it('attack 16: a grant type the client is not allowed is unauthorized_client', async () => {
      expectOauth2Error(await token({ grant_type: 'client_credentials' }, codeOnlyClient), 400, 'unauthorized_client');
      expectOauth2Error(await token({ grant_type: 'client_credentials' }, publicClient), 400, 'unauthorized_client');
      expectOauth2Error(
        await token({ grant_type: 'refresh_token', refresh_token: '0'.repeat(80) }, codeOnlyClient),
        400,
        'unauthorized_client',
      );
      const codeGrant = { grant_type: 'authorization_code', code: '0'.repeat(80), redirect_uri: CALLBACK };
      expectOauth2Error(await token(codeGrant, clientCredentialsOnly), 400, 'unauthorized_client');

      const refused = await authorizeGet(user.agent, codeRequest(clientCredentialsOnly)).expect(302);
      expect(new URL(refused.headers.location).searchParams.get('error')).toBe('unauthorized_client');

      // A client that may not refresh is not handed a refresh token either.
      const tokens = await userTokens(gatehouse, user, codeOnlyClient);
      expect(tokens.refresh_token).toBeUndefined();
    });

    it('attack 16: grant types this server does not support are unsupported_grant_type', async () => {
      for (const grantType of ['password', 'implicit', 'urn:ietf:params:oauth:grant-type:jwt-bearer']) {
        const response = await token({ grant_type: grantType, username: 'Victim', password: 'x' }, confidential);
        expectOauth2Error(response, 400, 'unsupported_grant_type');
      }
    });
  });

  describe('introspection, revocation and resources', () => {
    it('attack 17: introspection without client authentication is 401', async () => {
      const tokens = await userTokens(gatehouse, user, confidential);
      const anonymous = await supertest(gatehouse.url)
        .post('/oauth2/introspect')
        .type('form')
        .send({ token: tokens.access_token });
      expectOauth2Error(anonymous, 401, 'invalid_client');

      const publicCaller = await postForm(
        gatehouse,
        '/oauth2/introspect',
        { token: tokens.access_token },
        publicClient,
      );
      expectOauth2Error(publicCaller, 401, 'invalid_client');
      expect(publicCaller.body.active).toBeUndefined();
    });

    it("attack 17: a client sees {active:false} and nothing more for another client's token; the introspect grant sees all", async () => {
      const tokens = await userTokens(gatehouse, user, confidential);
      for (const value of [tokens.access_token, tokens.refresh_token as string]) {
        expect(await introspect(otherConfidential, value)).toEqual({ active: false });
        expect(await introspect(confidential, value)).toMatchObject({ active: true, client_id: confidential.clientId });
        expect(await introspect(introspector, value)).toMatchObject({ active: true, client_id: confidential.clientId });
      }
    });

    it('attack 17: unknown, malformed, expired and revoked tokens are {active:false}', async () => {
      const tokens = await userTokens(gatehouse, user, confidential);
      const key = createPrivateKey(gatehouse.config.oauth2.privateKeys[0]);
      const now = Math.floor(Date.now() / 1000);
      const expired = await resign(tokens.access_token, key, {
        claims: { iat: now - 7200, nbf: now - 7200, exp: now - 3600 },
      });
      const revoked = await userTokens(gatehouse, user, confidential);
      await revoke(confidential, revoked.refresh_token as string).expect(200);
      const rotated = await userTokens(gatehouse, user, confidential);
      await refresh(confidential, rotated.refresh_token as string).expect(200);

      const inactive = [
        randomBytes(40).toString('hex'),
        'a.b.c',
        'not a token',
        expired,
        revoked.access_token,
        revoked.refresh_token as string,
        rotated.access_token,
        rotated.refresh_token as string,
      ];
      for (const value of inactive) {
        expect({ value, answer: await introspect(confidential, value) }).toEqual({ value, answer: { active: false } });
      }
    });

    it('attack 17: a wrong token_type_hint does not hide a token (RFC 7662 §2.1 fallback)', async () => {
      const tokens = await userTokens(gatehouse, user, confidential);
      const pairs: [string, string][] = [
        [tokens.access_token, 'refresh_token'],
        [tokens.refresh_token as string, 'access_token'],
        [tokens.access_token, 'no_such_type'],
      ];
      for (const [value, hint] of pairs) {
        expect(await introspect(confidential, value, { token_type_hint: hint })).toMatchObject({ active: true });
      }
    });

    it('attack 18: revoking an unknown or malformed token answers 200', async () => {
      for (const value of [randomBytes(40).toString('hex'), 'a.b.c', 'garbage']) {
        await revoke(confidential, value).expect(200);
      }
      await postForm(gatehouse, '/oauth2/revoke', { token: 'x' }).expect(401);
    });

    it('attack 18: revoking a refresh token also invalidates the access tokens of its grant', async () => {
      const first = await userTokens(gatehouse, user, confidential);
      const second = (await refresh(confidential, first.refresh_token as string).expect(200)).body as Tokens;
      await revoke(confidential, second.refresh_token as string).expect(200);

      expectOauth2Error(await refresh(confidential, second.refresh_token as string), 400, 'invalid_grant');
      expect(await meStatus(gatehouse, second.access_token)).toBe(401);
      expect(await introspect(confidential, second.access_token)).toEqual({ active: false });
    });

    it("attack 18: revoking another client's token has no effect", async () => {
      const tokens = await userTokens(gatehouse, user, confidential);
      await revoke(otherConfidential, tokens.access_token).expect(200);
      await revoke(otherConfidential, tokens.refresh_token as string).expect(200);
      await revoke(publicClient, tokens.refresh_token as string).expect(200);

      expect(await meStatus(gatehouse, tokens.access_token)).toBe(200);
      expect(await introspect(confidential, tokens.access_token)).toMatchObject({ active: true });
      await refresh(confidential, tokens.refresh_token as string).expect(200);
    });

    it('attack 18: a revoked access token introspects as {active:false} and no longer opens the API', async () => {
      const tokens = await userTokens(gatehouse, user, confidential);
      await revoke(confidential, tokens.access_token).expect(200);
      expect(await introspect(confidential, tokens.access_token)).toEqual({ active: false });
      expect(await introspect(introspector, tokens.access_token)).toEqual({ active: false });
      expect(await meStatus(gatehouse, tokens.access_token)).toBe(401);
      await supertest(gatehouse.url)
        .get('/oauth2/resource/profile')
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .expect(401);
    });

    describe('attack 19: forged JWT access tokens', () => {
      let genuine: string;
      let signingKey: ReturnType<typeof createPrivateKey>;

      beforeAll(async () => {
        genuine = (await userTokens(gatehouse, user, confidential)).access_token;
        signingKey = createPrivateKey(gatehouse.config.oauth2.privateKeys[0]);
      });

      /** What the API and the resource endpoint answer to a token. */
      async function answers(value: string): Promise<{ me: number; profile: number }> {
        const profile = await supertest(gatehouse.url)
          .get('/oauth2/resource/profile')
          .set('Authorization', `Bearer ${value}`);
        return { me: await meStatus(gatehouse, value), profile: profile.status };
      }

      const REFUSED = { me: 401, profile: 401 };

      it('attack 19: (control) the genuine claims re-signed with the real key are accepted', async () => {
        expect(await answers(await resign(genuine, signingKey))).toEqual({ me: 200, profile: 200 });
      });

      it('attack 19: alg none is refused', async () => {
        const header = decodeProtectedHeader(genuine);
        for (const alg of ['none', 'None', 'NONE']) {
          const unsigned = `${base64url({ ...header, alg })}.${base64url(decodeJwt(genuine))}.`;
          expect(await answers(unsigned)).toEqual(REFUSED);
        }
      });

      it('attack 19: HS256 keyed with the public key (RS/HS confusion) is refused', async () => {
        const publicPem = createPublicKey(signingKey).export({ type: 'spki', format: 'pem' }).toString();
        for (const secret of [publicPem, publicPem.trim()]) {
          const forged = await new SignJWT(decodeJwt(genuine))
            .setProtectedHeader({ ...decodeProtectedHeader(genuine), alg: 'HS256' })
            .sign(new TextEncoder().encode(secret));
          expect(await answers(forged)).toEqual(REFUSED);
        }
      });

      it('attack 19: a typ other than at+jwt is refused', async () => {
        for (const typ of ['JWT', 'jwt', 'application/at+jwt', undefined]) {
          expect(await answers(await resign(genuine, signingKey, { header: { typ } }))).toEqual(REFUSED);
        }
      });

      it('attack 19: another issuer is refused', async () => {
        for (const iss of ['https://evil.example', `${gatehouse.url}/`, undefined]) {
          expect(await answers(await resign(genuine, signingKey, { claims: { iss } }))).toEqual(REFUSED);
        }
      });

      it('attack 19: another audience (another client, an unknown client) is refused', async () => {
        for (const aud of [otherConfidential.clientId, randomBytes(16).toString('hex'), [confidential.clientId]]) {
          const forged = await resign(genuine, signingKey, { claims: { aud, client_id: aud } });
          expect(await answers(forged)).toEqual(REFUSED);
        }
      });

      it('attack 19: an expired token, or one not valid yet, is refused', async () => {
        const now = Math.floor(Date.now() / 1000);
        const expired = await resign(genuine, signingKey, { claims: { exp: now - 1 } });
        const early = await resign(genuine, signingKey, { claims: { nbf: now + 3600 } });
        expect(await answers(expired)).toEqual(REFUSED);
        expect(await answers(early)).toEqual(REFUSED);
      });

      it('attack 19: a token signed by another key is refused, whatever kid it names or key it embeds', async () => {
        const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
        const realKid = decodeProtectedHeader(genuine).kid;
        const embedded = { ...(await exportJWK(publicKey)), kid: 'unknown-kid' };
        const headers = [
          { kid: 'unknown-kid' },
          { kid: realKid },
          { kid: undefined },
          { kid: 'unknown-kid', jwk: embedded },
          { kid: 'unknown-kid', jku: 'https://evil.example/jwks.json' },
        ];
        for (const header of headers) {
          expect(await answers(await resign(genuine, privateKey, { header }))).toEqual(REFUSED);
        }
      });
    });
  });

  describe('attack 15: refresh reuse after a short grace period', () => {
    let graceApp: TestApp;
    let graceUser: SignedIn & { email: string };
    let graceClient: Oauth2Client;

    beforeAll(async () => {
      graceApp = await startTestApp({ env: { OAUTH2_REFRESH_TOKEN_GRACE_PERIOD: 'PT1S' } });
      const graceAdmin = await signIn(graceApp, ADMIN.username, ADMIN.password);
      const graceDev = await createSignedInUser(graceApp, 'Gracedev');
      graceUser = await createSignedInUser(graceApp, 'Graceuser');
      graceClient = await registerOauth2Client(graceDev, graceAdmin, { name: 'Grace app' });
    });

    afterAll(async () => {
      await graceApp.close();
    });

    it('attack 15: a rotated refresh token reused after the grace window is invalid_grant and revokes the whole family', async () => {
      const first = await userTokens(graceApp, graceUser, graceClient);
      const second = (
        await postForm(
          graceApp,
          '/oauth2/token',
          { grant_type: 'refresh_token', refresh_token: first.refresh_token as string },
          graceClient,
        ).expect(200)
      ).body as Tokens;
      // Past the 1 s grace, with room for a database that keeps whole seconds.
      await new Promise((resolve) => setTimeout(resolve, 1500));

      const reuse = await postForm(
        graceApp,
        '/oauth2/token',
        { grant_type: 'refresh_token', refresh_token: first.refresh_token as string },
        graceClient,
      );
      expectOauth2Error(reuse, 400, 'invalid_grant');

      const newest = await postForm(
        graceApp,
        '/oauth2/token',
        { grant_type: 'refresh_token', refresh_token: second.refresh_token as string },
        graceClient,
      );
      expectOauth2Error(newest, 400, 'invalid_grant');
      expect(await introspection(graceApp, graceClient, second.access_token)).toEqual({ active: false });
      expect(await introspection(graceApp, graceClient, second.refresh_token as string)).toEqual({ active: false });
      expect(await meStatus(graceApp, second.access_token)).toBe(401);
    });
  });
});

/** An RFC 6749 §5.2 error answer. */
function expectOauth2Error(response: supertest.Response, status: number, error: string): void {
  expect({ status: response.status, error: response.body.error }).toEqual({ status, error });
  expect(response.body.access_token).toBeUndefined();
}

/** Whether the authorization endpoint sent the browser to the registered redirect URI of the test clients. */
function sentToClient(response: supertest.Response): boolean {
  const location: unknown = response.headers.location;
  return typeof location === 'string' && location.startsWith(CALLBACK);
}

async function introspection(
  app: TestApp,
  caller: Oauth2Client,
  value: string,
  extra: Record<string, string> = {},
): Promise<unknown> {
  const response = await postForm(app, '/oauth2/introspect', { token: value, ...extra }, caller).expect(200);
  return response.body;
}

async function meStatus(app: TestApp, accessToken: string): Promise<number> {
  return (await supertest(app.url).get('/api/me').set('Authorization', `Bearer ${accessToken}`)).status;
}

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** `token` with its header and claims changed (an `undefined` drops one), signed with `key`. */
async function resign(
  token: string,
  key: Parameters<SignJWT['sign']>[0],
  changes: { header?: Record<string, unknown>; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const header = { ...decodeProtectedHeader(token), ...changes.header } as CompactJWSHeaderParameters;
  const claims = { ...decodeJwt(token), ...changes.claims };
  return new SignJWT(claims).setProtectedHeader(header).sign(key);
}
