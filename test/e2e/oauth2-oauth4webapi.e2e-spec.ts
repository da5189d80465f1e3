import * as oauth from 'oauth4webapi';
import supertest from 'supertest';
import { CALLBACK, consentFields, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** A client as oauth4webapi sees it: its metadata and how it authenticates at the server's endpoints. */
interface Party {
  client: oauth.Client;
  auth: oauth.ClientAuth;
}

/**
 * Interop with oauth4webapi, a standards-strict client that checks every response against the RFCs (8414, 6749,
 * 7636, 9207, 7662, 7009, 9068), so anything our own raw-HTTP tests take on trust is checked by someone else's
 * reading of the specifications.
 */
describe('OAuth 2.0 interop with oauth4webapi', () => {
  // The issuer is plain http on 127.0.0.1; oauth4webapi refuses that unless told otherwise.
  const insecure = { [oauth.allowInsecureRequests]: true };

  let gatehouse: TestApp;
  let user: SignedIn;
  let as: oauth.AuthorizationServer;
  let confidential: Party;
  let publicClient: Party;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Interopdev');
    user = await createSignedInUser(gatehouse, 'Interopuser');
    const registered = await registerOauth2Client(dev, admin, {
      name: 'Interop confidential app',
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    confidential = {
      client: { client_id: registered.clientId },
      auth: oauth.ClientSecretBasic(registered.secret as string),
    };
    const registeredPublic = await registerOauth2Client(dev, admin, {
      name: 'Interop public app',
      confidential: false,
    });
    publicClient = { client: { client_id: registeredPublic.clientId }, auth: oauth.None() };

    const issuer = new URL(gatehouse.url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  /**
   * The browser's part: the signed-in user opens the authorization URL, allows on the consent page, and the
   * 303's Location is the callback the client would receive.
   */
  async function consentAsBrowser(authorizationUrl: URL): Promise<URL> {
    const path = `${authorizationUrl.pathname}${authorizationUrl.search}`;
    const page = await user.agent.get(path).expect(200);
    const answer = await user.agent
      .post(path)
      .type('form')
      .send({ ...consentFields(page.text), decision: 'allow' })
      .expect(303);
    return new URL(answer.headers.location);
  }

  /** The authorization code flow with PKCE S256, every step but the browser's done by oauth4webapi. */
  async function codeFlow({ client, auth }: Party): Promise<oauth.TokenEndpointResponse> {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const authorizationUrl = new URL(as.authorization_endpoint as string);
    authorizationUrl.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: CALLBACK,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }).toString();
    const callback = await consentAsBrowser(authorizationUrl);
    const parameters = oauth.validateAuthResponse(as, client, callback, state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      parameters,
      CALLBACK,
      verifier,
      insecure,
    );
    return oauth.processAuthorizationCodeResponse(as, client, response);
  }

  async function introspect(token: string): Promise<oauth.IntrospectionResponse> {
    const response = await oauth.introspectionRequest(as, confidential.client, confidential.auth, token, insecure);
    return oauth.processIntrospectionResponse(as, confidential.client, response);
  }

  it('discovers the server metadata (RFC 8414)', () => {
    expect(as).toMatchObject({
      issuer: gatehouse.url,
      authorization_endpoint: `${gatehouse.url}/oauth2/authorize`,
      token_endpoint: `${gatehouse.url}/oauth2/token`,
      jwks_uri: `${gatehouse.url}/.well-known/jwks.json`,
      introspection_endpoint: `${gatehouse.url}/oauth2/introspect`,
      revocation_endpoint: `${gatehouse.url}/oauth2/revoke`,
      code_challenge_methods_supported: expect.arrayContaining(['S256']),
      authorization_response_iss_parameter_supported: true,
    });
  });

  it('runs the code flow with PKCE for a confidential client (client_secret_basic)', async () => {
    const tokens = await codeFlow(confidential);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('basic editpage');
    expect(tokens.expires_in).toBeGreaterThan(0);
    expect(tokens.refresh_token).toBeTruthy();

    const profile = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL('/oauth2/resource/profile', gatehouse.url),
      undefined,
      undefined,
      insecure,
    );
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ sub: String(user.user.id), username: 'Interopuser' });
  });

  it('runs the code flow with PKCE for a public client (no client authentication)', async () => {
    const tokens = await codeFlow(publicClient);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.access_token).toBeTruthy();
  });

  it('refreshes, rotating the refresh token', async () => {
    const first = await codeFlow(confidential);
    const response = await oauth.refreshTokenGrantRequest(
      as,
      confidential.client,
      confidential.auth,
      first.refresh_token as string,
      insecure,
    );
    const refreshed = await oauth.processRefreshTokenResponse(as, confidential.client, response);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.access_token).not.toBe(first.access_token);
    expect((await introspect(first.refresh_token as string)).active).toBe(false);
    expect((await introspect(refreshed.refresh_token as string)).active).toBe(true);
  });

  it('issues client credentials tokens to the confidential client', async () => {
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      confidential.client,
      confidential.auth,
      {},
      insecure,
    );
    const tokens = await oauth.processClientCredentialsResponse(as, confidential.client, response);
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.refresh_token).toBeUndefined();
    // It acts for no user, so its subject is empty, as in MediaWiki (not the client id RFC 9068 §2.2 suggests).
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      client_id: confidential.client.client_id,
      sub: '',
    });
  });

  it('introspects a live access token as active, with its client, scope and subject (RFC 7662)', async () => {
    const tokens = await codeFlow(confidential);
    expect(await introspect(tokens.access_token)).toMatchObject({
      active: true,
      client_id: confidential.client.client_id,
      scope: 'basic editpage',
      sub: String(user.user.id),
      iss: gatehouse.url,
      token_type: 'Bearer',
    });
  });

  it('revokes an access token (RFC 7009), which is then inactive and refused by the resources', async () => {
    const tokens = await codeFlow(confidential);
    expect((await introspect(tokens.access_token)).active).toBe(true);
    const response = await oauth.revocationRequest(
      as,
      confidential.client,
      confidential.auth,
      tokens.access_token,
      insecure,
    );
    await oauth.processRevocationResponse(response);

    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    // Through oauth4webapi, so the RFC 6750 challenge is parsed by a client and not just matched as text.
    const refusal = oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL('/oauth2/resource/profile', gatehouse.url),
      undefined,
      undefined,
      insecure,
    );
    await expect(refusal).rejects.toBeInstanceOf(oauth.WWWAuthenticateChallengeError);
    await expect(refusal).rejects.toMatchObject({
      status: 401,
      cause: [{ scheme: 'bearer', parameters: { error: 'invalid_token' } }],
    });
    await supertest(gatehouse.url).get('/api/me').set('Authorization', `Bearer ${tokens.access_token}`).expect(401);
  });

  it('lets a public client revoke its refresh token, which can then not be refreshed', async () => {
    const tokens = await codeFlow(publicClient);
    const response = await oauth.revocationRequest(
      as,
      publicClient.client,
      publicClient.auth,
      tokens.refresh_token as string,
      insecure,
    );
    await oauth.processRevocationResponse(response);

    const refresh = await oauth.refreshTokenGrantRequest(
      as,
      publicClient.client,
      publicClient.auth,
      tokens.refresh_token as string,
      insecure,
    );
    await expect(oauth.processRefreshTokenResponse(as, publicClient.client, refresh)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('issues access tokens a resource server validates as RFC 9068 JWTs against the published JWKS', async () => {
    const tokens = await codeFlow(confidential);
    const request = new Request(new URL('/oauth2/resource/profile', gatehouse.url), {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    const claims = await oauth.validateJwtAccessToken(as, request, confidential.client.client_id, insecure);
    expect(claims).toMatchObject({
      iss: gatehouse.url,
      aud: confidential.client.client_id,
      client_id: confidential.client.client_id,
      sub: String(user.user.id),
      scope: 'basic editpage',
    });
  });
});
