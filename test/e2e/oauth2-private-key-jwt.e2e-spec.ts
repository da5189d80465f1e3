import { type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { type Server, createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { CALLBACK, consentFields, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';
import { createSignedInUser } from './support/users';
import { selfSignedCertificate } from '../support/self-signed-certificate';

interface SigningKey {
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
  kid: string;
}

async function signingKey(kid: string, alg: 'ES256' | 'RS256' = 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' }, kid };
}

/** A self-signed certificate for 127.0.0.1, which the service under test is told to trust (OAUTH2_JWKS_URI_CA_FILE). */
/**
 * private_key_jwt client authentication (RFC 7523 §2.2, OpenID Connect Core §9) with the unmodified oauth4webapi
 * client, at the token, introspection, revocation and PAR endpoints; keys registered inline or fetched from an
 * https jwks_uri (served here with a self-signed certificate the service is configured to trust).
 */
describe('OAuth 2.0 private_key_jwt client authentication', () => {
  const insecure = { [oauth.allowInsecureRequests]: true };

  let directory: string;
  let jwksServer: Server;
  let served: { keys: JWK[] };
  let jwksRequests = 0;
  let jwksBase: string;
  let gatehouse: TestApp;
  let user: SignedIn;
  let as: oauth.AuthorizationServer;
  let inlineKey: SigningKey;
  let inlineClient: oauth.Client;
  let remoteClient: oauth.Client;
  let remoteKey: SigningKey;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'gatehouse-jwks-'));
    const tls = selfSignedCertificate(directory);
    remoteKey = await signingKey('remote-1', 'RS256');
    served = { keys: [remoteKey.publicJwk] };
    jwksServer = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
      jwksRequests += 1;
      if (request.url === '/slow') {
        return; // never answers: the fetch must give up by itself
      }
      const body =
        request.url === '/big'
          ? JSON.stringify({ keys: [{ ...remoteKey.publicJwk, padding: 'x'.repeat(70 * 1024) }] })
          : JSON.stringify(served);
      response.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    jwksBase = `https://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
    const jwksUri = `${jwksBase}/jwks.json`;

    gatehouse = await startTestApp({ env: { OAUTH2_JWKS_URI_CA_FILE: tls.certFile } });
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Keydev');
    user = await createSignedInUser(gatehouse, 'Keyuser');
    inlineKey = await signingKey('inline-1');
    const inline = await registerOauth2Client(dev, admin, {
      name: 'Key app',
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [inlineKey.publicJwk] },
    });
    expect(inline.secret).toBeUndefined();
    inlineClient = { client_id: inline.clientId };
    const remote = await registerOauth2Client(dev, admin, {
      name: 'Remote key app',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwksUri,
    });
    remoteClient = { client_id: remote.clientId };
    const issuer = new URL(gatehouse.url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
  });

  afterAll(async () => {
    await gatehouse?.close();
    jwksServer?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const keyAuth = (
    key: SigningKey,
    modify?: (header: Record<string, unknown>, payload: Record<string, unknown>) => void,
  ) => oauth.PrivateKeyJwt({ key: key.privateKey, kid: key.kid }, modify ? { [oauth.modifyAssertion]: modify } : {});

  async function clientCredentials(client: oauth.Client, auth: oauth.ClientAuth): Promise<Response> {
    return oauth.clientCredentialsGrantRequest(as, client, auth, {}, insecure);
  }

  async function refusal(response: Response): Promise<{ status: number; error: string; description: string }> {
    const body = (await response.json()) as { error: string; error_description: string };
    return { status: response.status, error: body.error, description: body.error_description };
  }

  it('advertises private_key_jwt and its algorithms (RFC 8414 §2)', () => {
    expect(as.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(as.introspection_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(as.revocation_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(as.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256']));
    expect(as.token_endpoint_auth_signing_alg_values_supported).not.toContain('HS256');
  });

  it('pushes (PAR), runs the code flow, introspects and revokes with private_key_jwt', async () => {
    const auth = keyAuth(inlineKey);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const pushedResponse = await oauth.pushedAuthorizationRequest(
      as,
      inlineClient,
      auth,
      {
        response_type: 'code',
        redirect_uri: CALLBACK,
        state,
        code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      },
      insecure,
    );
    const pushed = await oauth.processPushedAuthorizationResponse(as, inlineClient, pushedResponse);
    const path = `/oauth2/authorize?${new URLSearchParams({ client_id: inlineClient.client_id, request_uri: pushed.request_uri }).toString()}`;
    const page = await user.agent.get(path).expect(200);
    const answer = await user.agent
      .post(path)
      .type('form')
      .send({ ...consentFields(page.text), decision: 'allow' })
      .expect(303);
    const parameters = oauth.validateAuthResponse(as, inlineClient, new URL(answer.headers.location), state);
    const tokens = await oauth.processAuthorizationCodeResponse(
      as,
      inlineClient,
      await oauth.authorizationCodeGrantRequest(as, inlineClient, auth, parameters, CALLBACK, verifier, insecure),
    );
    expect(tokens.access_token).toBeTruthy();

    const introspection = await oauth.processIntrospectionResponse(
      as,
      inlineClient,
      await oauth.introspectionRequest(as, inlineClient, auth, tokens.access_token, insecure),
    );
    expect(introspection).toMatchObject({ active: true, client_id: inlineClient.client_id });

    await oauth.processRevocationResponse(
      await oauth.revocationRequest(as, inlineClient, auth, tokens.access_token, insecure),
    );
    const after = await oauth.processIntrospectionResponse(
      as,
      inlineClient,
      await oauth.introspectionRequest(as, inlineClient, auth, tokens.access_token, insecure),
    );
    expect(after.active).toBe(false);
  });

  it('refuses a replayed assertion', async () => {
    const jti = oauth.generateRandomState();
    const auth = keyAuth(inlineKey, (_header, payload) => {
      payload.jti = jti;
    });
    expect((await clientCredentials(inlineClient, auth)).status).toBe(200);
    expect(await refusal(await clientCredentials(inlineClient, auth))).toMatchObject({
      status: 401,
      error: 'invalid_client',
      description: expect.stringContaining('already used'),
    });
  });

  it.each([
    [
      'a wrong aud',
      (_header: Record<string, unknown>, payload: Record<string, unknown>) => {
        payload.aud = 'https://other-server.example';
      },
      'aud',
    ],
    [
      'an expired assertion',
      (_header: Record<string, unknown>, payload: Record<string, unknown>) => {
        payload.iat = Math.floor(Date.now() / 1000) - 600;
        payload.exp = Math.floor(Date.now() / 1000) - 300;
      },
      'expired',
    ],
    [
      'an assertion living too long',
      (_header: Record<string, unknown>, payload: Record<string, unknown>) => {
        payload.exp = Math.floor(Date.now() / 1000) + 3600;
      },
      'at most',
    ],
    [
      'an assertion about another client',
      (_header: Record<string, unknown>, payload: Record<string, unknown>) => {
        payload.sub = 'f'.repeat(32);
      },
      'iss and sub',
    ],
  ])('refuses %s', async (_name, modify, words) => {
    const refused = await refusal(await clientCredentials(inlineClient, keyAuth(inlineKey, modify)));
    expect(refused).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(refused.description).toContain(words);
  });

  it('refuses an HS256 assertion (client_secret_jwt) and a key the client did not register', async () => {
    const hs256 = await refusal(await clientCredentials(inlineClient, oauth.ClientSecretJwt('x'.repeat(32))));
    expect(hs256).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(hs256.description).toContain('signed with one of');

    const stranger = await signingKey('inline-1');
    const unknown = await refusal(await clientCredentials(inlineClient, keyAuth(stranger)));
    expect(unknown).toMatchObject({ status: 401, description: expect.stringContaining('does not verify') });
    const otherKid = await signingKey('nobody-knows');
    expect(await refusal(await clientCredentials(inlineClient, keyAuth(otherKid)))).toMatchObject({
      status: 401,
      description: expect.stringContaining('No key of the client'),
    });
  });

  it('refuses a secret from a private_key_jwt client, and an assertion from a secret client', async () => {
    const secret = await refusal(await clientCredentials(inlineClient, oauth.ClientSecretPost('any')));
    expect(secret).toMatchObject({ status: 401, error: 'invalid_client' });
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Keydev2');
    const secretClient = await registerOauth2Client(dev, admin, {
      name: 'Secret app',
      grantTypes: ['client_credentials'],
    });
    const assertion = await refusal(await clientCredentials({ client_id: secretClient.clientId }, keyAuth(inlineKey)));
    expect(assertion).toMatchObject({ status: 401, description: expect.stringContaining('not registered') });
  });

  it('fetches the keys from the jwks_uri, caches them, and fetches again for a new kid', async () => {
    const before = jwksRequests;
    const first = await clientCredentials(remoteClient, keyAuth(remoteKey));
    expect(first.status, await first.clone().text()).toBe(200);
    expect((await clientCredentials(remoteClient, keyAuth(remoteKey))).status).toBe(200);
    expect(jwksRequests - before).toBe(1);

    const rotated = await signingKey('remote-2', 'RS256');
    served = { keys: [remoteKey.publicJwk, rotated.publicJwk] };
    expect((await clientCredentials(remoteClient, keyAuth(rotated))).status).toBe(200);
    expect(jwksRequests - before).toBe(2);
    // An unknown kid right after does not make the server fetch again (at most once per interval).
    const stranger = await signingKey('remote-3', 'RS256');
    expect((await clientCredentials(remoteClient, keyAuth(stranger))).status).toBe(401);
    expect(jwksRequests - before).toBe(2);
  });

  it('registers through the consumer pages, and shows the method, keys and PAR rule on the detail and review pages', async () => {
    const dev = await createSignedInUser(gatehouse, 'Keypagedev');
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const form = await dev.agent.get('/consumers/register/oauth2').expect(200);
    expect(form.text).toContain('name="tokenEndpointAuthMethod"');
    expect(form.text).toContain('name="jwks"');
    expect(form.text).toContain('name="requirePushedAuthorizationRequests"');
    const fields = new URLSearchParams([
      ['name', 'Key page app'],
      ['version', '1.0'],
      ['description', 'Registered on the page'],
      ['email', dev.email],
      ['callbackUrl', CALLBACK],
      ['grants', 'basic'],
      ['ipAddresses', '0.0.0.0/0\r\n::/0'],
      ['oauth2IsConfidential', 'true'],
      ['oauth2GrantTypes', 'authorization_code'],
      ['tokenEndpointAuthMethod', 'private_key_jwt'],
      ['jwks', JSON.stringify({ keys: [inlineKey.publicJwk] })],
      ['requirePushedAuthorizationRequests', 'true'],
      ['csrf', dev.csrfToken],
    ]);
    const registered = await dev.agent.post('/consumers/register/oauth2').type('form').send(fields.toString());
    expect(registered.status, registered.text).toBe(303);
    const mine = await dev.agent.get('/api/me/consumers?stage=any&limit=100').expect(200);
    const key = (mine.body.consumers as { name: string; consumerKey: string }[]).find(
      (consumer) => consumer.name === 'Key page app',
    )?.consumerKey as string;
    expect((await dev.agent.get(`/api/consumers/${key}`).expect(200)).body).toMatchObject({
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [inlineKey.publicJwk] },
      jwksUri: null,
      requirePushedAuthorizationRequests: true,
    });
    for (const page of [
      await dev.agent.get(`/consumers/${key}`).expect(200),
      await admin.agent.get(`/admin/consumers/${key}`).expect(200),
    ]) {
      expect(page.text).toContain('Client authentication');
      expect(page.text).toContain('private_key_jwt');
      expect(page.text).toContain('Public keys (JWKS)');
      expect(page.text).toContain(`&quot;kid&quot;: &quot;${inlineKey.kid}&quot;`);
      expect(page.text).toContain('Authorization requests must be pushed (PAR)');
    }
  });

  it("registers private_key_jwt and PAR through MediaWiki's /oauth2/client under their RFC 7591 names", async () => {
    const dev = await createSignedInUser(gatehouse, 'Keyrestdev');
    const response = await dev.agent
      .post('/oauth2/client')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        name: 'Key REST client',
        description: 'd',
        callback_url: CALLBACK,
        email: dev.email,
        is_confidential: true,
        grant_types: ['authorization_code'],
        scopes: ['basic'],
        token_endpoint_auth_method: 'private_key_jwt',
        jwks: { keys: [inlineKey.publicJwk] },
        require_pushed_authorization_requests: true,
      })
      .expect(200);
    expect(response.body.secret).toBeUndefined();
    const registered = {
      token_endpoint_auth_method: 'private_key_jwt',
      jwks: { keys: [inlineKey.publicJwk] },
      require_pushed_authorization_requests: true,
    };
    expect(response.body).toMatchObject(registered);
    const list = await dev.agent.get('/oauth2/client').expect(200);
    expect(
      list.body.clients.find((c: { client_key: string }) => c.client_key === response.body.client_key),
    ).toMatchObject(registered);
  });

  it('rotates inline keys through PATCH /api/consumers/{key}, audited, and refuses a secret reset', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Keyrotdev');
    const oldKey = await signingKey('old');
    const { clientId } = await registerOauth2Client(dev, admin, {
      name: 'Rotating key app',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [oldKey.publicJwk] },
    });
    const client = { client_id: clientId };
    expect((await clientCredentials(client, keyAuth(oldKey))).status).toBe(200);
    const newKey = await signingKey('new');
    const patch = (body: Record<string, unknown>) =>
      dev.agent.patch(`/api/consumers/${clientId}`).set('X-CSRF-Token', dev.csrfToken).send(body);
    const rotated = await patch({ jwks: { keys: [newKey.publicJwk] }, reason: 'rotation' }).expect(200);
    expect(rotated.body.consumer.jwks).toEqual({ keys: [newKey.publicJwk] });
    expect((await clientCredentials(client, keyAuth(newKey))).status).toBe(200);
    expect((await clientCredentials(client, keyAuth(oldKey))).status).toBe(401);
    const log = await admin.agent.get('/api/log').query({ consumer: clientId }).expect(200);
    expect(JSON.stringify(log.body)).toContain('rotation');

    const updatePage = await dev.agent.get(`/consumers/${clientId}/update`).expect(200);
    expect(updatePage.text).toContain('name="jwks"');
    expect(updatePage.text).toContain('&quot;kid&quot;: &quot;new&quot;');
    expect(updatePage.text).not.toContain('name="resetSecret"');

    expect((await patch({ resetSecret: true }).expect(400)).body.message).toContain('never a secret');
    expect((await patch({ jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } }).expect(400)).body.code).toBe(
      'invalid_client_keys',
    );
  });

  it('gives up on a jwks_uri that is too large or too slow, and never fetches one nobody approved', async () => {
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Keylimitdev');
    const remoteAt = async (path: string, approve: boolean) => {
      const { clientId } = await registerOauth2Client(
        dev,
        admin,
        {
          name: `Limited key app ${path}`,
          grantTypes: ['client_credentials'],
          tokenEndpointAuthMethod: 'private_key_jwt',
          jwksUri: `${jwksBase}${path}`,
        },
        approve,
      );
      return { client_id: clientId };
    };
    for (const path of ['/big', '/slow']) {
      const started = Date.now();
      const refused = await refusal(await clientCredentials(await remoteAt(path, true), keyAuth(remoteKey)));
      expect(refused).toMatchObject({ status: 401, description: expect.stringContaining('could not be fetched') });
      expect(Date.now() - started).toBeLessThan(8000);
    }
    const before = jwksRequests;
    const proposed = await remoteAt('/jwks.json', false);
    const unreviewed = await refusal(await clientCredentials(proposed, keyAuth(remoteKey)));
    expect(unreviewed.status).toBe(401);
    expect(jwksRequests).toBe(before);
  });

  it('refuses keys with private members, symmetric keys and a plain http jwks_uri at registration', async () => {
    const dev = await createSignedInUser(gatehouse, 'Keydev3');
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const propose = (fields: Record<string, unknown>) =>
      dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({
          oauthVersion: 2,
          name: `Bad keys ${Math.random()}`,
          version: '1.0',
          description: 'd',
          email: dev.email,
          grants: ['basic'],
          callbackUrl: CALLBACK,
          tokenEndpointAuthMethod: 'private_key_jwt',
          ...fields,
        });
    for (const fields of [
      { jwks: { keys: [await exportJWK(privateKey)] } },
      { jwks: { keys: [{ kty: 'oct', k: 'c2VjcmV0' }] } },
      { jwksUri: 'http://keys.example/jwks.json' },
      {},
      { jwks: { keys: [inlineKey.publicJwk] }, jwksUri: 'https://keys.example/jwks.json' },
    ]) {
      const answer = await propose(fields);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('invalid_client_keys');
    }
  });
});

/** Two instances sharing MariaDB and Redis: one client assertion authenticates once across both (RFC 7523 §3 jti). */
describe.runIf(backend.redisUrl)('OAuth 2.0 private_key_jwt across two instances', () => {
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

  it('lets one of two concurrent uses of an assertion through', async () => {
    const admin = await signIn(first, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser(first, 'Keytwin');
    const key = await signingKey('twin-1');
    const { clientId } = await registerOauth2Client(developer, admin, {
      name: 'Key twin app',
      grantTypes: ['client_credentials'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [key.publicJwk] },
    });
    for (let round = 0; round < 5; round += 1) {
      const assertion = await new SignJWT({ jti: randomUUID() })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(first.url)
        .setIssuedAt()
        .setExpirationTime('1m')
        .sign(key.privateKey);
      const form = {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      };
      const answers = await Promise.all([
        postForm(first, '/oauth2/token', form),
        postForm(second, '/oauth2/token', form),
      ]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    }
  });
});
