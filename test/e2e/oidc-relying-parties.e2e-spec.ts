import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { createHash } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import * as openid from 'openid-client';
import supertest from 'supertest';
import {
  CALLBACK,
  type Oauth2Client,
  authorize,
  consentFields,
  postForm,
  registerOauth2Client,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];
const SIGNED_OUT = 'https://app.example/signed-out';

/**
 * OpenID Connect with unmodified relying-party libraries (issue 13): openid-client v6 runs discovery, the code flow
 * with PKCE and a nonce, UserInfo and refresh; oauth4webapi checks the same responses by its own reading of Core.
 */
describe('OpenID Connect with openid-client and oauth4webapi', () => {
  let gatehouse: TestApp;
  let user: SignedIn;
  let rp: Oauth2Client;
  let config: openid.Configuration;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Oidcdev');
    user = await createSignedInUser(gatehouse, 'Oidcuser');
    rp = await registerOauth2Client(dev, admin, {
      name: 'OIDC web app',
      grants: OIDC_SCOPES,
      grantTypes: ['authorization_code', 'refresh_token'],
      postLogoutRedirectUris: [SIGNED_OUT],
    });
    config = await openid.discovery(new URL(gatehouse.url), rp.clientId, rp.secret, undefined, {
      execute: [openid.allowInsecureRequests],
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  /** The browser's part: the signed-in user opens the URL and allows when asked; answers the callback URL. */
  async function browse(url: URL, as: SignedIn = user): Promise<URL> {
    const path = `${url.pathname}${url.search}`;
    const page = await as.agent.get(path);
    if (page.status === 302) {
      return new URL(page.headers.location);
    }
    expect(page.status).toBe(200);
    const answer = await as.agent
      .post(path)
      .type('form')
      .send({ ...consentFields(page.text), decision: 'allow' })
      .expect(303);
    return new URL(answer.headers.location);
  }

  async function signInWithOpenidClient(scope = OIDC_SCOPES.join(' ')) {
    const verifier = openid.randomPKCECodeVerifier();
    const nonce = openid.randomNonce();
    const state = openid.randomState();
    const url = openid.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope,
      code_challenge: await openid.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    const callback = await browse(url);
    return { callback, verifier, nonce, state };
  }

  it('publishes one discovery document, the same as the RFC 8414 one, with issuer exactly PUBLIC_URL', async () => {
    const discovery = await gatehouse.http().get('/.well-known/openid-configuration').expect(200);
    const rfc8414 = await gatehouse.http().get('/.well-known/oauth-authorization-server').expect(200);
    expect(discovery.body).toEqual(rfc8414.body);
    expect(discovery.body).toMatchObject({
      issuer: gatehouse.url,
      authorization_endpoint: `${gatehouse.url}/oauth2/authorize`,
      token_endpoint: `${gatehouse.url}/oauth2/token`,
      userinfo_endpoint: `${gatehouse.url}/oidc/userinfo`,
      jwks_uri: `${gatehouse.url}/.well-known/jwks.json`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: expect.arrayContaining(OIDC_SCOPES) as unknown,
      claims_supported: expect.arrayContaining(['sub', 'preferred_username', 'email', 'nonce']) as unknown,
      request_uri_parameter_supported: false,
    });
    expect(config.serverMetadata().issuer).toBe(gatehouse.url);
  });

  it('signs in with openid-client: code + PKCE + nonce, the validated ID Token, UserInfo and a refreshed ID Token', async () => {
    const { callback, verifier, nonce, state } = await signInWithOpenidClient();
    const tokens = await openid.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({
      iss: gatehouse.url,
      sub: String(user.user.id),
      aud: rp.clientId,
      azp: rp.clientId,
      nonce,
      preferred_username: 'Oidcuser',
      email: 'oidcuser@example.com',
      email_verified: true,
      amr: ['pwd'],
    });
    expect(claims?.auth_time).toBeGreaterThan(0);
    expect(claims?.sid).toMatch(/^[0-9a-f]{32}$/);
    const expectedAtHash = createHash('sha256').update(tokens.access_token).digest().subarray(0, 16);
    expect(claims?.at_hash).toBe(expectedAtHash.toString('base64url'));
    // The signature, by the published key, which openid-client leaves to TLS for the token endpoint.
    const jwks = createRemoteJWKSet(new URL('/.well-known/jwks.json', gatehouse.url));
    await jwtVerify(tokens.id_token as string, jwks, { issuer: gatehouse.url, audience: rp.clientId, typ: 'JWT' });

    const info = await openid.fetchUserInfo(config, tokens.access_token, claims?.sub as string);
    expect(info).toMatchObject({
      sub: String(user.user.id),
      preferred_username: 'Oidcuser',
      email: 'oidcuser@example.com',
      email_verified: true,
      groups: ['*', 'user'],
      grants: expect.arrayContaining(['openid', 'profile', 'email']) as unknown,
    });

    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await openid.refreshTokenGrant(config, tokens.refresh_token as string);
    const again = refreshed.claims();
    expect(again).toMatchObject({ iss: gatehouse.url, sub: claims?.sub, aud: rp.clientId });
    // Core §12.2: the original sign-in's auth_time and session, no nonce.
    expect(again?.auth_time).toBe(claims?.auth_time);
    expect(again?.sid).toBe(claims?.sid);
    expect(again?.nonce).toBeUndefined();
  });

  it('signs out with openid-client’s end-session URL and comes back to the registered post-logout URI', async () => {
    const person = await signIn(gatehouse, 'Oidcuser', 'Oidcuser-password-1');
    const verifier = openid.randomPKCECodeVerifier();
    const url = openid.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await openid.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const tokens = await openid.authorizationCodeGrant(config, await browse(url, person), {
      pkceCodeVerifier: verifier,
    });
    const endSession = openid.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: SIGNED_OUT,
      state: 'bye',
    });
    expect(endSession.origin + endSession.pathname).toBe(`${gatehouse.url}/oidc/logout`);
    const answer = await person.agent.get(`${endSession.pathname}${endSession.search}`).expect(303);
    expect(answer.headers.location).toBe(`${SIGNED_OUT}?state=bye`);
    await person.agent.get('/api/me').expect(401);
  });

  it('passes oauth4webapi’s OpenID Connect checks of the same flow', async () => {
    const issuer = new URL(gatehouse.url);
    const insecure = { [oauth.allowInsecureRequests]: true };
    const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, insecure));
    const client: oauth.Client = { client_id: rp.clientId };
    const clientAuth = oauth.ClientSecretBasic(rp.secret as string);
    const verifier = oauth.generateRandomCodeVerifier();
    const nonce = oauth.generateRandomNonce();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint as string);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: rp.clientId,
      redirect_uri: CALLBACK,
      scope: 'openid profile',
      state,
      nonce,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const parameters = oauth.validateAuthResponse(as, client, await browse(url), state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      parameters,
      CALLBACK,
      verifier,
      insecure,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: nonce,
      requireIdToken: true,
    });
    const claims = oauth.getValidatedIdTokenClaims(result);
    expect(claims).toMatchObject({ sub: String(user.user.id), nonce, preferred_username: 'Oidcuser' });
    expect(claims?.email).toBeUndefined();
    // Without offline_access an OpenID Connect grant gets no refresh token (Core §11).
    expect(result.refresh_token).toBeUndefined();
  });

  it('is refused by both clients when the nonce is not the one they sent', async () => {
    const first = await signInWithOpenidClient('openid');
    const refusal = await openid
      .authorizationCodeGrant(config, first.callback, {
        pkceCodeVerifier: first.verifier,
        expectedNonce: 'another-nonce',
        expectedState: first.state,
        idTokenExpected: true,
      })
      .then(
        () => undefined,
        (error: unknown) => error as { code?: string; cause?: { cause?: { claim?: string } } },
      );
    expect(refusal?.code).toBe('OAUTH_JWT_CLAIM_COMPARISON_FAILED');
    expect(refusal?.cause?.cause?.claim).toBe('nonce');

    const second = await signInWithOpenidClient('openid');
    const as = config.serverMetadata();
    const client: oauth.Client = { client_id: rp.clientId };
    const parameters = oauth.validateAuthResponse(as, client, second.callback, second.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.ClientSecretBasic(rp.secret as string),
      parameters,
      CALLBACK,
      second.verifier,
      { [oauth.allowInsecureRequests]: true },
    );
    await expect(
      oauth.processAuthorizationCodeResponse(as, client, response, { expectedNonce: 'another-nonce' }),
    ).rejects.toMatchObject({ code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', cause: { claim: 'nonce' } });
  });

  it('issues no ID Token without openid in the granted scope', async () => {
    const { callback, verifier, state } = await signInWithOpenidClient('profile email');
    const tokens = await openid.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.id_token).toBeUndefined();
    const info = await supertest(gatehouse.url)
      .get('/oidc/userinfo')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(403);
    expect(info.body).toMatchObject({ error: 'insufficient_scope' });
    expect(info.headers['www-authenticate']).toContain('insufficient_scope');
  });

  it('answers UserInfo by POST too, and RFC 6750 errors without a good token', async () => {
    const { callback, verifier, nonce, state } = await signInWithOpenidClient('openid email');
    const tokens = await openid.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedNonce: nonce,
      expectedState: state,
    });
    const posted = await supertest(gatehouse.url)
      .post('/oidc/userinfo')
      .set('Authorization', `Bearer ${tokens.access_token}`)
      .expect(200);
    expect(posted.body).toEqual({ sub: String(user.user.id), email: 'oidcuser@example.com', email_verified: true });
    const missing = await supertest(gatehouse.url).get('/oidc/userinfo').expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    const bad = await supertest(gatehouse.url).get('/oidc/userinfo').set('Authorization', 'Bearer nope').expect(401);
    expect(bad.body).toMatchObject({ error: 'invalid_token' });
    // An ID Token (typ JWT) proves a sign-in to its app; it is no access token (RFC 9068 §2.1: at+jwt).
    await supertest(gatehouse.url)
      .get('/oidc/userinfo')
      .set('Authorization', `Bearer ${tokens.id_token as string}`)
      .expect(401);
  });

  describe('the authorization request (Core §3.1.2.1)', () => {
    const base = () => ({
      client_id: rp.clientId,
      redirect_uri: CALLBACK,
      scope: 'openid',
      state: 'st-oidc',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });

    it('redirects prompt=none without a session with login_required, state and iss', async () => {
      const answer = await supertest(gatehouse.url)
        .get('/oauth2/authorize')
        .query({ ...base(), response_type: 'code', prompt: 'none' })
        .expect(302);
      const location = new URL(answer.headers.location);
      expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
      expect(Object.fromEntries(location.searchParams)).toMatchObject({
        error: 'login_required',
        state: 'st-oidc',
        iss: gatehouse.url,
      });
    });

    it('redirects prompt=none with consent_required until the user allowed the app, then answers silently', async () => {
      const stranger = await createSignedInUser(gatehouse, 'Oidcnewcomer');
      const refused = await stranger.agent
        .get('/oauth2/authorize')
        .query({ ...base(), response_type: 'code', prompt: 'none' })
        .expect(302);
      expect(new URL(refused.headers.location).searchParams.get('error')).toBe('consent_required');
      await authorize(stranger, base());
      const silent = await stranger.agent
        .get('/oauth2/authorize')
        .query({ ...base(), response_type: 'code', prompt: 'none' })
        .expect(302);
      expect(new URL(silent.headers.location).searchParams.get('code')).toMatch(/^[0-9a-f]{80}$/);
    });

    it('shows the consent page again with prompt=consent, although the user allowed the app before', async () => {
      await authorize(user, base());
      await user.agent
        .get('/oauth2/authorize')
        .query({ ...base(), response_type: 'code', prompt: 'consent' })
        .expect(200);
    });

    it('sends a signed-in user to sign in again for max_age=0 and prompt=login, returning without them', async () => {
      for (const demand of [{ max_age: '0' }, { prompt: 'login' }]) {
        const answer = await user.agent
          .get('/oauth2/authorize')
          .query({ ...base(), response_type: 'code', ...demand })
          .expect(303);
        const login = new URL(answer.headers.location, gatehouse.url);
        expect(login.pathname).toBe('/login');
        const returnTo = new URL(login.searchParams.get('returnTo') as string, gatehouse.url);
        expect(returnTo.pathname).toBe('/oauth2/authorize');
        expect(returnTo.searchParams.get('client_id')).toBe(rp.clientId);
        expect(returnTo.searchParams.has('max_age')).toBe(false);
        expect(returnTo.searchParams.has('prompt')).toBe(false);
      }
    });

    it('lets a session younger than max_age through, and puts auth_time in the ID Token', async () => {
      const fresh = await signIn(gatehouse, 'Oidcuser', 'Oidcuser-password-1');
      const callback = await authorize(fresh, { ...base(), max_age: '3600' });
      const exchanged = await postForm(
        gatehouse,
        '/oauth2/token',
        {
          grant_type: 'authorization_code',
          code: callback.searchParams.get('code') as string,
          redirect_uri: CALLBACK,
          // RFC 7636 Appendix B's verifier of the challenge above
          code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
        },
        rp,
      ).expect(200);
      const { auth_time: authTime } = decodeJwt((exchanged.body as { id_token: string }).id_token);
      expect(Math.abs((authTime as number) - Date.now() / 1000)).toBeLessThan(60);
    });

    it('fills the sign-in form with login_hint', async () => {
      const answer = await supertest(gatehouse.url)
        .get('/oauth2/authorize')
        .query({ ...base(), response_type: 'code', login_hint: 'Oidcuser' })
        .expect(303);
      const login = await supertest(gatehouse.url).get(answer.headers.location).expect(200);
      expect(login.text).toContain('value="Oidcuser"');
      // A hint longer than any user name names nobody, and is not passed on.
      const long = await supertest(gatehouse.url)
        .get('/oauth2/authorize')
        .query({ ...base(), response_type: 'code', login_hint: 'x'.repeat(5000) })
        .expect(303);
      expect(new URL(long.headers.location, gatehouse.url).searchParams.has('username')).toBe(false);
    });

    it('refuses an unknown prompt and an id_token_hint that is not ours, at the client', async () => {
      for (const [query, error] of [
        [{ prompt: 'whatever' }, 'invalid_request'],
        [{ prompt: 'none login' }, 'invalid_request'],
        [{ max_age: '-1' }, 'invalid_request'],
        [{ id_token_hint: 'a.b.c' }, 'invalid_request'],
      ] as const) {
        const answer = await user.agent
          .get('/oauth2/authorize')
          .query({ ...base(), response_type: 'code', ...query })
          .expect(302);
        expect(new URL(answer.headers.location).searchParams.get('error')).toBe(error);
      }
    });

    it('accepts its own ID Token as id_token_hint with prompt=none, and refuses another user’s', async () => {
      const { callback, verifier, nonce, state } = await signInWithOpenidClient('openid');
      const tokens = await openid.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: verifier,
        expectedNonce: nonce,
        expectedState: state,
      });
      const hint = tokens.id_token as string;
      expect(decodeJwt(hint).sub).toBe(String(user.user.id));
      const same = await user.agent
        .get('/oauth2/authorize')
        .query({ ...base(), response_type: 'code', prompt: 'none', id_token_hint: hint })
        .expect(302);
      expect(new URL(same.headers.location).searchParams.get('code')).toBeTruthy();
      const other = await createSignedInUser(gatehouse, 'Oidcother');
      const refused = await other.agent
        .get('/oauth2/authorize')
        .query({ ...base(), response_type: 'code', prompt: 'none', id_token_hint: hint })
        .expect(302);
      expect(new URL(refused.headers.location).searchParams.get('error')).toBe('login_required');
    });
  });
});
