import { type CryptoKey, type JWK, SignJWT, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import * as oauth from 'oauth4webapi';
import supertest from 'supertest';
import { CALLBACK, consentFields, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend, freePort } from './support/test-environment';
import { createSignedInUser } from './support/users';

/** The issuer is plain http on 127.0.0.1; oauth4webapi refuses that unless told otherwise. */
const insecure = { [oauth.allowInsecureRequests]: true };

interface Party {
  client: oauth.Client;
  auth: oauth.ClientAuth;
}

/** A key a test signs its own proofs with (for the cases oauth4webapi, rightly, will not produce). */
interface ProofKey {
  privateKey: CryptoKey;
  jwk: JWK;
}

async function proofKey(): Promise<ProofKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: await exportJWK(publicKey) };
}

const ath = (token: string) => createHash('sha256').update(token).digest('base64url');

/** A DPoP proof (RFC 9449 §4.2) for `htm` `htu`, with any claim or header overridden. */
function proof(
  key: ProofKey,
  htm: string,
  htu: string,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({
    jti: randomBytes(12).toString('base64url'),
    htm,
    htu,
    iat: Math.floor(Date.now() / 1000),
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

function hmacProof(htm: string, htu: string, jwk: JWK): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { jti: randomBytes(12).toString('base64url'), htm, htu, iat: Math.floor(Date.now() / 1000) };
  const input = `${encode({ alg: 'HS256', typ: 'dpop+jwt', jwk })}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', 'k').update(input).digest('base64url')}`;
}

/** The error of a `DPoP` challenge, or undefined when the answer carries none. */
function dpopError(answer: supertest.Response): string | undefined {
  const challenge = answer.headers['www-authenticate'] as string | undefined;
  return challenge?.startsWith('DPoP ') ? /error="([^"]+)"/.exec(challenge)?.[1] : undefined;
}

/**
 * DPoP (RFC 9449) end to end: the unmodified oauth4webapi client binds tokens at the token endpoint and uses them at
 * a protected resource, nonce retries included; a bound token is useless without a fresh proof by its key at every
 * door (resources, UserInfo, the API, both gateway doors); introspection reports the binding.
 */
describe('OAuth 2.0 DPoP (RFC 9449)', () => {
  let gatehouse: TestApp;
  let gatewayUrl: string;
  let user: SignedIn;
  let as: oauth.AuthorizationServer;
  let confidential: Party;
  let confidentialSecret: string;
  let publicClient: Party;
  let requiring: Party;
  let introspector: Party;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    gatehouse = await startTestApp({ env: { GATEWAY_PORT: String(gatewayPort), TRUST_PROXY: 'loopback' } });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Dpopdev');
    user = await createSignedInUser(gatehouse, 'Dpopuser');
    const registered = await registerOauth2Client(dev, admin, {
      name: 'DPoP confidential app',
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    confidentialSecret = registered.secret!;
    confidential = { client: { client_id: registered.clientId }, auth: oauth.ClientSecretBasic(confidentialSecret) };
    const registeredPublic = await registerOauth2Client(dev, admin, { name: 'DPoP public app', confidential: false });
    publicClient = { client: { client_id: registeredPublic.clientId }, auth: oauth.None() };
    const registeredRequiring = await registerOauth2Client(dev, admin, {
      name: 'DPoP-only app',
      grantTypes: ['client_credentials'],
      dpopBoundAccessTokens: true,
    });
    requiring = {
      client: { client_id: registeredRequiring.clientId },
      auth: oauth.ClientSecretBasic(registeredRequiring.secret!),
    };
    const registeredIntrospector = await registerOauth2Client(dev, admin, {
      name: 'DPoP introspector',
      grants: ['basic', 'introspect'],
      grantTypes: ['client_credentials'],
    });
    introspector = {
      client: { client_id: registeredIntrospector.clientId },
      auth: oauth.ClientSecretBasic(registeredIntrospector.secret!),
    };
    as = await discover(gatehouse);
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  async function discover(app: TestApp): Promise<oauth.AuthorizationServer> {
    const issuer = new URL(app.url);
    return oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
  }

  /** The code flow with PKCE and a DPoP handle, oauth4webapi doing all but the browser's part. */
  async function codeFlow(
    { client, auth }: Party,
    DPoP: oauth.DPoPHandle,
    authorizationParameters: Record<string, string> = {},
  ): Promise<oauth.TokenEndpointResponse> {
    const server = as;
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(server.authorization_endpoint!);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: client.client_id,
      redirect_uri: CALLBACK,
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ...authorizationParameters,
    }).toString();
    const path = `${url.pathname}${url.search}`;
    const page = await user.agent.get(path).expect(200);
    const allowed = await user.agent
      .post(path)
      .type('form')
      .send({ ...consentFields(page.text), decision: 'allow' })
      .expect(303);
    const parameters = oauth.validateAuthResponse(server, client, new URL(allowed.headers.location), state);
    const exchange = () =>
      oauth.authorizationCodeGrantRequest(server, client, auth, parameters, CALLBACK, verifier, { DPoP, ...insecure });
    return processWithNonceRetry(exchange, (response) =>
      oauth.processAuthorizationCodeResponse(server, client, response),
    );
  }

  /** RFC 9449 §8's retry, as oauth4webapi documents it: one more try with the nonce the refusal brought. */
  async function processWithNonceRetry<T>(
    send: () => Promise<Response>,
    process: (response: Response) => Promise<T>,
  ): Promise<T> {
    try {
      return await process(await send());
    } catch (error) {
      if (!oauth.isDPoPNonceError(error)) {
        throw error;
      }
      return process(await send());
    }
  }

  async function introspect(token: string): Promise<oauth.IntrospectionResponse> {
    const response = await oauth.introspectionRequest(as, introspector.client, introspector.auth, token, insecure);
    return oauth.processIntrospectionResponse(as, introspector.client, response);
  }

  async function boundClientCredentials(): Promise<{ token: string; key: ProofKey; jkt: string }> {
    const key = await proofKey();
    const answer = await supertest(gatehouse.url)
      .post('/oauth2/token')
      .auth(confidential.client.client_id, confidentialSecret)
      .set('DPoP', await proof(key, 'POST', `${gatehouse.url}/oauth2/token`))
      .type('form')
      .send({ grant_type: 'client_credentials' });
    expect(answer.status).toBe(200);
    const token = answer.body.access_token as string;
    return { token, key, jkt: (decodeJwt(token).cnf as { jkt: string }).jkt };
  }

  it('advertises the proof algorithms (RFC 9449 §5.1)', () => {
    expect(as.dpop_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'PS256', 'EdDSA']));
    expect(as.dpop_signing_alg_values_supported).not.toContain('HS256');
  });

  it('binds a public client code flow to the key, and the resource takes it with a proof (oauth4webapi)', async () => {
    const DPoP = oauth.DPoP(publicClient.client, await oauth.generateKeyPair('ES256'));
    const tokens = await codeFlow(publicClient, DPoP);
    expect(tokens.token_type).toBe('dpop');
    expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt: await DPoP.calculateThumbprint() });

    const profile = await oauth.protectedResourceRequest(
      tokens.access_token,
      'GET',
      new URL('/oauth2/resource/profile', gatehouse.url),
      undefined,
      undefined,
      { DPoP, ...insecure },
    );
    expect(profile.status).toBe(200);
    expect(await profile.json()).toMatchObject({ username: 'Dpopuser' });

    // The refresh token is bound too (§5): the same key refreshes it, another key does not.
    const refresh = (handle: oauth.DPoPHandle, token: string) =>
      oauth
        .refreshTokenGrantRequest(as, publicClient.client, publicClient.auth, token, { DPoP: handle, ...insecure })
        .then((response) => oauth.processRefreshTokenResponse(as, publicClient.client, response));
    const thief = oauth.DPoP(publicClient.client, await oauth.generateKeyPair('ES256'));
    await expect(refresh(thief, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    const refreshed = await refresh(DPoP, tokens.refresh_token!);
    expect(refreshed.token_type).toBe('dpop');
    const withoutProof = await supertest(gatehouse.url).post('/oauth2/token').type('form').send({
      grant_type: 'refresh_token',
      refresh_token: refreshed.refresh_token,
      client_id: publicClient.client.client_id,
    });
    expect(withoutProof.status).toBe(400);
    expect(withoutProof.body.error).toBe('invalid_grant');
  });

  it("issues bound client_credentials tokens (oauth4webapi); a confidential client's refresh token stays unbound", async () => {
    const DPoP = oauth.DPoP(confidential.client, await oauth.generateKeyPair('ES256'));
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      confidential.client,
      confidential.auth,
      {},
      {
        DPoP,
        ...insecure,
      },
    );
    const tokens = await oauth.processClientCredentialsResponse(as, confidential.client, response);
    expect(tokens.token_type).toBe('dpop');

    const code = await codeFlow(confidential, DPoP);
    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      confidential.client,
      await oauth.refreshTokenGrantRequest(as, confidential.client, confidential.auth, code.refresh_token!, insecure),
    );
    expect(refreshed.token_type).toBe('bearer');
  });

  it('binds the authorization code to the key of dpop_jkt (RFC 9449 §10)', async () => {
    const keyPair = await oauth.generateKeyPair('ES256');
    const DPoP = oauth.DPoP(publicClient.client, keyPair);
    const dpop_jkt = await DPoP.calculateThumbprint();
    const tokens = await codeFlow(publicClient, DPoP, { dpop_jkt });
    expect(decodeJwt(tokens.access_token).cnf).toEqual({ jkt: dpop_jkt });
    const other = oauth.DPoP(publicClient.client, await oauth.generateKeyPair('ES256'));
    await expect(codeFlow(publicClient, other, { dpop_jkt })).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('reports the binding at introspection (RFC 9449 §6.2)', async () => {
    const { token, jkt } = await boundClientCredentials();
    expect(await introspect(token)).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt } });
  });

  it('refuses the misuses of a bound token at the resource', async () => {
    const { token, key } = await boundClientCredentials();
    const url = `${gatehouse.url}/oauth2/resource/scopes`;
    const call = (proofValue: string | undefined, scheme = 'DPoP') => {
      const request = supertest(gatehouse.url)
        .get('/oauth2/resource/scopes')
        .set('Authorization', `${scheme} ${token}`);
      return proofValue === undefined ? request : request.set('DPoP', proofValue);
    };
    const good = await proof(key, 'GET', url, { ath: ath(token) });
    expect((await call(good)).status).toBe(200);

    const replayed = await call(good);
    expect([replayed.status, dpopError(replayed)]).toEqual([401, 'invalid_dpop_proof']);
    const asBearer = await call(undefined, 'Bearer');
    expect([asBearer.status, dpopError(asBearer)]).toEqual([401, 'invalid_token']);
    const cases: [string, Promise<string>][] = [
      ['no proof', Promise.resolve('')],
      ['another URI', proof(key, 'GET', `${gatehouse.url}/oauth2/resource/profile`, { ath: ath(token) })],
      ['another method', proof(key, 'POST', url, { ath: ath(token) })],
      ['wrong ath', proof(key, 'GET', url, { ath: ath('another') })],
      ['iat out of window', proof(key, 'GET', url, { ath: ath(token), iat: Math.floor(Date.now() / 1000) - 600 })],
      ['HS256', Promise.resolve(hmacProof('GET', url, { kty: 'oct', k: 'aw' }))],
    ];
    for (const [name, value] of cases) {
      const answer = await call(await value);
      expect([name, answer.status, dpopError(answer)]).toEqual([name, 401, 'invalid_dpop_proof']);
    }
    const otherKey = await proof(await proofKey(), 'GET', url, { ath: ath(token) });
    const stolen = await call(otherKey);
    expect([stolen.status, dpopError(stolen)]).toEqual([401, 'invalid_token']);
  });

  it('refuses bad proofs at the token endpoint with invalid_dpop_proof', async () => {
    const key = await proofKey();
    const tokenUrl = `${gatehouse.url}/oauth2/token`;
    const ask = (value: string) =>
      supertest(gatehouse.url)
        .post('/oauth2/token')
        .auth(confidential.client.client_id, confidentialSecret)
        .set('DPoP', value)
        .type('form')
        .send({ grant_type: 'client_credentials' });
    const once = await proof(key, 'POST', tokenUrl);
    expect((await ask(once)).status).toBe(200);
    for (const value of [
      once,
      await proof(key, 'POST', `${gatehouse.url}/oauth2/introspect`),
      await proof(key, 'GET', tokenUrl),
      hmacProof('POST', tokenUrl, { kty: 'oct', k: 'aw' }),
      `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'dpop+jwt', jwk: key.jwk })).toString('base64url')}.e30.`,
    ]) {
      const answer = await ask(value);
      expect([answer.status, answer.body.error]).toEqual([400, 'invalid_dpop_proof']);
    }
  });

  it('holds a consumer that requires DPoP to proofs (dpop_bound_access_tokens)', async () => {
    const without = await oauth
      .clientCredentialsGrantRequest(as, requiring.client, requiring.auth, {}, insecure)
      .then((response) => oauth.processClientCredentialsResponse(as, requiring.client, response))
      .catch((error: unknown) => error);
    expect(without).toMatchObject({ error: 'invalid_dpop_proof' });
    const DPoP = oauth.DPoP(requiring.client, await oauth.generateKeyPair('ES256'));
    const response = await oauth.clientCredentialsGrantRequest(
      as,
      requiring.client,
      requiring.auth,
      {},
      {
        DPoP,
        ...insecure,
      },
    );
    expect((await oauth.processClientCredentialsResponse(as, requiring.client, response)).token_type).toBe('dpop');
    const consumer = await supertest(gatehouse.url).get(`/api/consumers/${requiring.client.client_id}`).expect(200);
    expect(consumer.body.dpopBoundAccessTokens).toBe(true);
  });

  it('demands the proof at UserInfo and the API too', async () => {
    const DPoP = oauth.DPoP(publicClient.client, await oauth.generateKeyPair('ES256'));
    const tokens = await codeFlow(publicClient, DPoP);
    for (const path of ['/oidc/userinfo', '/api/me']) {
      const asBearer = await supertest(gatehouse.url).get(path).set('Authorization', `Bearer ${tokens.access_token}`);
      expect([path, asBearer.status]).toEqual([path, 401]);
      const response = await oauth
        .protectedResourceRequest(tokens.access_token, 'GET', new URL(path, gatehouse.url), undefined, undefined, {
          DPoP,
          ...insecure,
        })
        .catch((error: unknown) => (error as { response: Response }).response);
      // UserInfo answers 403 (no openid scope) only once the sender is confirmed; the API answers the user.
      expect([path, response.status]).toEqual([path, path === '/api/me' ? 200 : 403]);
    }
  });

  it('verifies a bound token at /gateway/verify on both doors, over the original request', async () => {
    const { token, key } = await boundClientCredentials();
    for (const door of [gatehouse.url, gatewayUrl]) {
      const original = {
        Authorization: `DPoP ${token}`,
        'X-Original-Method': 'GET',
        'X-Original-URI': '/v1/pages?title=Main',
        'X-Forwarded-Host': 'api.example.com',
        'X-Forwarded-Proto': 'https',
      };
      const good = await proof(key, 'GET', 'https://api.example.com/v1/pages', { ath: ath(token) });
      const ask = (headers: Record<string, string>) => supertest(door).get('/gateway/verify').set(headers);
      const allowed = await ask({ ...original, DPoP: good });
      expect([door, allowed.status, allowed.headers['x-auth-consumer']]).toEqual([
        door,
        200,
        confidential.client.client_id,
      ]);
      const replay = await ask({ ...original, DPoP: good });
      expect([door, replay.status, dpopError(replay)]).toEqual([door, 401, 'invalid_dpop_proof']);
      const asBearer = await ask({ ...original, Authorization: `Bearer ${token}` });
      expect([door, asBearer.status, dpopError(asBearer)]).toEqual([door, 401, 'invalid_token']);
      const elsewhere = await proof(key, 'GET', 'https://api.example.com/v1/delete', { ath: ath(token) });
      const moved = await ask({ ...original, DPoP: elsewhere });
      expect([door, moved.status, dpopError(moved)]).toEqual([door, 401, 'invalid_dpop_proof']);
    }
  });

  describe('with nonces required (OAUTH2_DPOP_REQUIRE_NONCE)', () => {
    let nonced: TestApp;
    let server: oauth.AuthorizationServer;

    beforeAll(async () => {
      nonced = await startTestApp({
        shareWith: gatehouse,
        env: { OAUTH2_DPOP_REQUIRE_NONCE: 'true', GATEWAY_PORT: String(await freePort()) },
      });
      server = await discover(nonced);
    });

    afterAll(async () => {
      await nonced.close();
    });

    it('retries with the nonce at the token endpoint and at the resource (oauth4webapi)', async () => {
      const keyPair = await oauth.generateKeyPair('ES256');
      const { client, auth } = confidential;
      const DPoP = oauth.DPoP(client, keyPair);
      let refusals = 0;
      const tokens = await processWithNonceRetry(
        () => oauth.clientCredentialsGrantRequest(server, client, auth, {}, { DPoP, ...insecure }),
        (response) => {
          refusals += response.status === 400 ? 1 : 0;
          return oauth.processClientCredentialsResponse(server, client, response);
        },
      );
      expect([refusals, tokens.token_type]).toEqual([1, 'dpop']);

      // A new handle knows no nonce yet: the resource refuses its first proof with use_dpop_nonce, then takes the retry.
      const fresh = oauth.DPoP(client, keyPair);
      const url = new URL('/oauth2/resource/scopes', nonced.url);
      const request = () =>
        oauth.protectedResourceRequest(tokens.access_token, 'GET', url, undefined, undefined, {
          DPoP: fresh,
          ...insecure,
        });
      let firstRefusal: unknown;
      const response = await request().catch(async (error: unknown) => {
        firstRefusal = error;
        return request();
      });
      expect(oauth.isDPoPNonceError(firstRefusal)).toBe(true);
      expect(response.status).toBe(200);
      expect(response.headers.get('dpop-nonce')).toBeTruthy();
    });

    it('answers use_dpop_nonce with the nonce at /gateway/verify, then takes the proof that carries it', async () => {
      const key = await proofKey();
      const issued = await supertest(nonced.url)
        .post('/oauth2/token')
        .auth(confidential.client.client_id, confidentialSecret)
        .set('DPoP', await proof(key, 'POST', `${nonced.url}/oauth2/token`))
        .type('form')
        .send({ grant_type: 'client_credentials' });
      expect([issued.status, issued.body.error]).toEqual([400, 'use_dpop_nonce']);
      const nonce = issued.headers['dpop-nonce'];
      const token = (
        await supertest(nonced.url)
          .post('/oauth2/token')
          .auth(confidential.client.client_id, confidentialSecret)
          .set('DPoP', await proof(key, 'POST', `${nonced.url}/oauth2/token`, { nonce }))
          .type('form')
          .send({ grant_type: 'client_credentials' })
          .expect(200)
      ).body.access_token as string;
      const original = {
        Authorization: `DPoP ${token}`,
        'X-Original-Method': 'GET',
        'X-Original-URI': '/v1/pages',
        'X-Forwarded-Host': 'api.example.com',
      };
      const htu = 'http://api.example.com/v1/pages';
      const refused = await supertest(nonced.url)
        .get('/gateway/verify')
        .set({ ...original, DPoP: await proof(key, 'GET', htu, { ath: ath(token) }) });
      expect([refused.status, dpopError(refused)]).toEqual([401, 'use_dpop_nonce']);
      const fresh = refused.headers['dpop-nonce'];
      expect(fresh).toBeTruthy();
      await supertest(nonced.url)
        .get('/gateway/verify')
        .set({ ...original, DPoP: await proof(key, 'GET', htu, { ath: ath(token), nonce: fresh }) })
        .expect(200);
    });
  });

  describe('switched off (OAUTH2_DPOP=false)', () => {
    let off: TestApp;

    beforeAll(async () => {
      off = await startTestApp({
        shareWith: gatehouse,
        env: { OAUTH2_DPOP: 'false', GATEWAY_PORT: String(await freePort()) },
      });
    });

    afterAll(async () => {
      await off.close();
    });

    it('advertises nothing, ignores proofs, and takes no DPoP scheme', async () => {
      const metadata = await supertest(off.url).get('/.well-known/oauth-authorization-server').expect(200);
      expect(metadata.body.dpop_signing_alg_values_supported).toBeUndefined();
      const key = await proofKey();
      const issued = await supertest(off.url)
        .post('/oauth2/token')
        .auth(confidential.client.client_id, confidentialSecret)
        .set('DPoP', await proof(key, 'POST', `${off.url}/oauth2/token`))
        .type('form')
        .send({ grant_type: 'client_credentials' })
        .expect(200);
      expect(issued.body.token_type).toBe('Bearer');
      const token = issued.body.access_token as string;
      expect(decodeJwt(token).cnf).toBeUndefined();
      await supertest(off.url).get('/oauth2/resource/scopes').set('Authorization', `Bearer ${token}`).expect(200);
      const scheme = await supertest(off.url)
        .get('/oauth2/resource/scopes')
        .set('Authorization', `DPoP ${token}`)
        .set('DPoP', await proof(key, 'GET', `${off.url}/oauth2/resource/scopes`, { ath: ath(token) }));
      expect(scheme.status).toBe(401);
    });
  });

  describe.runIf(backend.redisUrl)('across two instances on MariaDB and Redis', () => {
    let second: TestApp;

    beforeAll(async () => {
      second = await startTestApp({
        shareWith: gatehouse,
        env: { PUBLIC_URL: gatehouse.url, GATEWAY_PORT: String(await freePort()) },
      });
    });

    afterAll(async () => {
      await second.close();
    });

    it('takes a proof once, whichever instance sees it first', async () => {
      const { token, key } = await boundClientCredentials();
      for (let round = 0; round < 5; round += 1) {
        const value = await proof(key, 'GET', `${gatehouse.url}/oauth2/resource/scopes`, { ath: ath(token) });
        const answers = await Promise.all(
          [gatehouse, second, gatehouse, second].map((instance) =>
            supertest(instance.url)
              .get('/oauth2/resource/scopes')
              .set('Authorization', `DPoP ${token}`)
              .set('DPoP', value),
          ),
        );
        expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401]);
      }
    });
  });
});
