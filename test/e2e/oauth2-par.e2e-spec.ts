import * as oauth from 'oauth4webapi';
import supertest from 'supertest';
import { CALLBACK, consentFields, pkcePair, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';
import { createSignedInUser } from './support/users';

interface Party {
  client: oauth.Client;
  auth: oauth.ClientAuth;
}

/**
 * Pushed authorization requests (RFC 9126) with the unmodified oauth4webapi client: the request is pushed with
 * client authentication, the browser carries only client_id and a request_uri that works once and briefly, and a
 * client (or the server) that requires pushing gets nothing from a plain authorization request.
 */
describe('OAuth 2.0 pushed authorization requests (RFC 9126)', () => {
  const insecure = { [oauth.allowInsecureRequests]: true };

  let gatehouse: TestApp;
  let user: SignedIn;
  let as: oauth.AuthorizationServer;
  let confidential: Party;
  let publicClient: Party;
  let pushOnly: Party;

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Pardev');
    user = await createSignedInUser(gatehouse, 'Paruser');
    const registered = await registerOauth2Client(dev, admin, { name: 'PAR confidential app' });
    confidential = { client: { client_id: registered.clientId }, auth: oauth.ClientSecretBasic(registered.secret!) };
    const registeredPublic = await registerOauth2Client(dev, admin, { name: 'PAR public app', confidential: false });
    publicClient = { client: { client_id: registeredPublic.clientId }, auth: oauth.None() };
    const strict = await registerOauth2Client(dev, admin, {
      name: 'PAR-only app',
      requirePushedAuthorizationRequests: true,
    });
    pushOnly = { client: { client_id: strict.clientId }, auth: oauth.ClientSecretPost(strict.secret!) };
    const issuer = new URL(gatehouse.url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  async function push({ client, auth }: Party, extra: Record<string, string> = {}) {
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const response = await oauth.pushedAuthorizationRequest(
      as,
      client,
      auth,
      {
        response_type: 'code',
        redirect_uri: CALLBACK,
        scope: 'basic',
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        ...extra,
      },
      insecure,
    );
    const pushed = await oauth.processPushedAuthorizationResponse(as, client, response);
    return { pushed, verifier, state };
  }

  function authorizePath(clientId: string, requestUri: string): string {
    return `/oauth2/authorize?${new URLSearchParams({ client_id: clientId, request_uri: requestUri }).toString()}`;
  }

  it('advertises the endpoint (RFC 9126 §5)', () => {
    expect(as.pushed_authorization_request_endpoint).toBe(`${gatehouse.url}/oauth2/par`);
    expect(as.require_pushed_authorization_requests).toBe(false);
  });

  it.each([
    ['a confidential client', () => confidential],
    ['a public client (client_id only, RFC 9126 §2)', () => publicClient],
  ])('pushes, then runs the code flow for %s', async (_name, party) => {
    const { client, auth } = party();
    const { pushed, verifier, state } = await push(party());
    expect(pushed.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[0-9a-f]{64}$/);
    expect(pushed.expires_in).toBe(60);

    const path = authorizePath(client.client_id, pushed.request_uri);
    const page = await user.agent.get(path).expect(200);
    const answer = await user.agent
      .post(path)
      .type('form')
      .send({ ...consentFields(page.text), decision: 'allow' })
      .expect(303);
    const parameters = oauth.validateAuthResponse(as, client, new URL(answer.headers.location), state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      auth,
      parameters,
      CALLBACK,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(tokens.scope).toBe('basic');
  });

  it('refuses a second use of a request_uri', async () => {
    const { pushed } = await push(confidential);
    const path = authorizePath(confidential.client.client_id, pushed.request_uri);
    await user.agent.get(path).expect(200);
    const again = await user.agent.get(path).expect(400);
    expect(again.text).toContain('The request_uri is unknown, expired or already used');
  });

  it('refuses a request_uri presented with another client_id', async () => {
    const { pushed } = await push(confidential);
    const page = await user.agent.get(authorizePath(publicClient.client.client_id, pushed.request_uri)).expect(400);
    expect(page.text).toContain('The request_uri was pushed by another client');
    // Spent by the mismatched attempt, too: a leaked request_uri is not retried against the right client.
    await user.agent.get(authorizePath(confidential.client.client_id, pushed.request_uri)).expect(400);
  });

  it('refuses an unknown request_uri', async () => {
    const unknown = `urn:ietf:params:oauth:request_uri:${'0'.repeat(64)}`;
    await user.agent.get(authorizePath(confidential.client.client_id, unknown)).expect(400);
  });

  it('refuses a client requiring PAR at a plain authorization request, and serves it pushed', async () => {
    const plain = await user.agent
      .get('/oauth2/authorize')
      .query({ response_type: 'code', client_id: pushOnly.client.client_id, redirect_uri: CALLBACK, state: 's' })
      .expect(302);
    const refused = new URL(plain.headers.location);
    expect(refused.searchParams.get('error')).toBe('invalid_request');
    expect(refused.searchParams.get('state')).toBe('s');

    const { pushed } = await push(pushOnly);
    await user.agent.get(authorizePath(pushOnly.client.client_id, pushed.request_uri)).expect(200);
  });

  it('checks the pushed request as the authorization endpoint would (RFC 9126 §2.3)', async () => {
    const send = (body: Record<string, string>) =>
      oauth.pushedAuthorizationRequest(as, confidential.client, confidential.auth, body, insecure);
    const base = { response_type: 'code', redirect_uri: CALLBACK };
    const cases: [Record<string, string>, number, string][] = [
      [{ ...base, redirect_uri: 'https://evil.example/cb' }, 400, 'invalid_request'],
      [{ ...base, response_type: 'token' }, 400, 'unsupported_response_type'],
      [{ ...base, scope: 'nosuchgrant' }, 400, 'invalid_scope'],
      [{ ...base, code_challenge: 'short', code_challenge_method: 'S256' }, 400, 'invalid_request'],
      [{ ...base, request_uri: 'urn:ietf:params:oauth:request_uri:x' }, 400, 'invalid_request'],
    ];
    for (const [body, status, error] of cases) {
      const response = await send(body);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toBe(error);
    }
  });

  it("checks OpenID Connect's parameters when pushed, and leaves what needs the session to the authorization", async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Paroidcdev');
    const registered = await registerOauth2Client(dev, admin, { name: 'PAR OIDC app', grants: ['openid', 'basic'] });
    const party = { client: { client_id: registered.clientId }, auth: oauth.ClientSecretBasic(registered.secret!) };
    const bad = await oauth.pushedAuthorizationRequest(
      as,
      party.client,
      party.auth,
      { response_type: 'code', redirect_uri: CALLBACK, scope: 'openid', prompt: 'bogus' },
      insecure,
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_request');

    // prompt=none cannot be judged without the user: pushed, then answered at the authorization endpoint.
    const { pushed } = await push(party, { scope: 'openid', prompt: 'none', nonce: 'n-1' });
    const answer = await user.agent.get(authorizePath(party.client.client_id, pushed.request_uri)).expect(302);
    expect(new URL(answer.headers.location).searchParams.get('error')).toBe('consent_required');
  });

  it('refuses a push without client authentication or with a wrong secret', async () => {
    const wrong = await oauth.pushedAuthorizationRequest(
      as,
      confidential.client,
      oauth.ClientSecretBasic('wrong'),
      { response_type: 'code', redirect_uri: CALLBACK },
      insecure,
    );
    expect(wrong.status).toBe(401);
    const none = await oauth.pushedAuthorizationRequest(
      as,
      confidential.client,
      oauth.None(),
      { response_type: 'code', redirect_uri: CALLBACK },
      insecure,
    );
    expect(none.status).toBe(401);
  });

  it('keeps a pushed request through the sign-in, pushed again for the way back', async () => {
    const { pushed } = await push(confidential);
    const signedOut = await fetch(
      `${gatehouse.url}${authorizePath(confidential.client.client_id, pushed.request_uri)}`,
      {
        redirect: 'manual',
      },
    );
    expect(signedOut.status).toBe(303);
    const login = new URL(signedOut.headers.get('location')!, gatehouse.url);
    const returnTo = new URL(login.searchParams.get('returnTo')!, gatehouse.url);
    const again = returnTo.searchParams.get('request_uri')!;
    expect(again).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    expect(again).not.toBe(pushed.request_uri);
    await user.agent.get(`${returnTo.pathname}${returnTo.search}`).expect(200);
    await fetch(`${gatehouse.url}${authorizePath(confidential.client.client_id, pushed.request_uri)}`, {
      redirect: 'manual',
    }).then((spent) => expect(spent.status).toBe(400));
  });
});

describe('OAuth 2.0 pushed authorization requests: lifetime and the server-wide rule', () => {
  let gatehouse: TestApp;
  let user: SignedIn;
  let clientId: string;
  let secret: string;

  beforeAll(async () => {
    gatehouse = await startTestApp({ env: { OAUTH2_PAR_LIFETIME: 'PT1S', OAUTH2_REQUIRE_PAR: 'true' } });
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Pardev2');
    user = await createSignedInUser(gatehouse, 'Paruser2');
    ({ clientId, secret } = (await registerOauth2Client(dev, admin, { name: 'PAR app' })) as {
      clientId: string;
      secret: string;
    });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('advertises and enforces OAUTH2_REQUIRE_PAR', async () => {
    const metadata = await fetch(`${gatehouse.url}/.well-known/oauth-authorization-server`);
    expect(((await metadata.json()) as Record<string, unknown>).require_pushed_authorization_requests).toBe(true);
    const plain = await user.agent
      .get('/oauth2/authorize')
      .query({ response_type: 'code', client_id: clientId, redirect_uri: CALLBACK })
      .expect(302);
    expect(new URL(plain.headers.location).searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses an expired request_uri', async () => {
    const response = await fetch(`${gatehouse.url}/oauth2/par`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ response_type: 'code', redirect_uri: CALLBACK }),
    });
    expect(response.status).toBe(201);
    const { request_uri: requestUri } = (await response.json()) as { request_uri: string };
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const page = await user.agent
      .get('/oauth2/authorize')
      .query({ client_id: clientId, request_uri: requestUri })
      .expect(400);
    expect(page.text).toContain('The request_uri is unknown, expired or already used');
  });
});

/** Both features switched off: the metadata no longer lists them and their doors are closed. */
describe('OAuth 2.0 with OAUTH2_PAR=false and OAUTH2_PRIVATE_KEY_JWT=false', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp({ env: { OAUTH2_PAR: 'false', OAUTH2_PRIVATE_KEY_JWT: 'false' } });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('advertises neither, and answers the PAR endpoint 404 and an assertion invalid_client', async () => {
    const metadata = (await (await fetch(`${gatehouse.url}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata.pushed_authorization_request_endpoint).toBeUndefined();
    expect(metadata.require_pushed_authorization_requests).toBeUndefined();
    expect(metadata.token_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'none',
    ]);
    expect(metadata.token_endpoint_auth_signing_alg_values_supported).toBeUndefined();

    const par = await postForm(gatehouse, '/oauth2/par', { response_type: 'code', client_id: 'a'.repeat(32) });
    expect(par.status).toBe(404);
    const assertion = await postForm(gatehouse, '/oauth2/token', {
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: `${Buffer.from('{"alg":"ES256"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({ iss: 'a'.repeat(32), sub: 'a'.repeat(32) }),
      ).toString('base64url')}.c2ln`,
    });
    expect(assertion.status).toBe(401);
    expect(assertion.body.error_description).toContain('disabled');
  });

  it('refuses to register a client for either', async () => {
    const dev = await createSignedInUser(gatehouse, 'Offdev');
    for (const fields of [
      { requirePushedAuthorizationRequests: true },
      { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'https://app.example/jwks.json' },
    ]) {
      const answer = await dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({
          oauthVersion: 2,
          name: `Off app ${Object.keys(fields)[0]}`,
          version: '1.0',
          description: 'd',
          email: dev.email,
          grants: ['basic'],
          callbackUrl: CALLBACK,
          ...fields,
        })
        .expect(400);
      expect(answer.body.message).toContain('disabled on this server');
    }
  });
});

/** Two instances of one deployment sharing MariaDB and Redis: a request_uri is spent once across both. */
describe.runIf(backend.redisUrl)('OAuth 2.0 pushed authorization requests across two instances', () => {
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

  it('lets one of two concurrent uses of a request_uri through, on either instance', async () => {
    const admin = await signIn(first, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(first, 'Partwin');
    const { clientId, secret } = await registerOauth2Client(developer, admin, { name: 'PAR twin app' });
    for (let round = 0; round < 5; round += 1) {
      const pushed = await postForm(
        first,
        '/oauth2/par',
        {
          response_type: 'code',
          redirect_uri: CALLBACK,
          code_challenge: pkcePair().challenge,
          code_challenge_method: 'S256',
        },
        { clientId, secret },
      );
      expect(pushed.status).toBe(201);
      const query = { client_id: clientId, request_uri: pushed.body.request_uri as string };
      const cookie = developer.agent.jar
        .getCookies({ domain: '127.0.0.1', path: '/', secure: false, script: false })
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
      const answers = await Promise.all(
        [first, second].map((instance) =>
          supertest(instance.url).get('/oauth2/authorize').query(query).set('Cookie', cookie),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 400]);
    }
  });
});
