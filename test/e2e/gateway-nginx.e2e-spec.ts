import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { createHash, randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import supertest from 'supertest';
import { NginxProcess, documentedNginxConfig } from './support/nginx-gateway';
import { missingComponent } from './support/system-components';
import { type Oauth1Credentials, ownerOnlyOauth1Credentials, signedHeader } from './support/oauth1-client';
import {
  CALLBACK,
  type Oauth2Client,
  authorizationCode,
  postForm,
  registerOauth2Client,
  userTokens,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { freePort } from './support/test-environment';
import { createSignedInUser } from './support/users';

const GATEWAY_KEY = 'nginx-gateway-key-for-the-tests-0123456789';

/** What the protected API received, as its echo answer says. */
interface Echoed {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Debian's nginx running docs/gateways/nginx.conf in front of an echo API, deciding through Gatehouse's
 * dedicated listener (DESIGN §11). `npm test` installs nginx where it may and skips this only where it cannot
 * (never under CI).
 */
describe.skipIf(missingComponent('nginx'))('nginx auth_request in front of an API', () => {
  let gatehouse: TestApp;
  let api: Server;
  let nginx: NginxProcess;
  let nginxUrl: string;
  let user: SignedIn & { email: string };
  let app: Oauth2Client;
  let readOnlyApp: Oauth2Client;
  let restrictedApp: Oauth2Client;
  let restrictedTokens: Awaited<ReturnType<typeof userTokens>>;
  let oauth1: Oauth1Credentials;
  let mcpApp: Oauth2Client;
  let mcpResource: string;
  let apiCalls = 0;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    const nginxPort = await freePort();
    // The MCP server behind nginx, as clients address it (RFC 8707 §2 resource).
    mcpResource = `http://127.0.0.1:${nginxPort}/mcp`;
    gatehouse = await startTestApp({
      env: {
        GATEWAY_PORT: String(gatewayPort),
        GATEWAY_KEYS: GATEWAY_KEY,
        TRUST_PROXY: 'loopback',
        PROTECTED_RESOURCES: JSON.stringify([{ resource: mcpResource, name: 'MCP tools', grants: ['basic'] }]),
      },
    });
    api = await startEchoApi(() => apiCalls++);
    nginx = await NginxProcess.start(
      documentedNginxConfig({
        port: nginxPort,
        gatehousePort: gatewayPort,
        gatehouseMainPort: Number(new URL(gatehouse.url).port),
        apiPort: (api.address() as AddressInfo).port,
        gatewayKey: GATEWAY_KEY,
      }),
      nginxPort,
    );
    nginxUrl = `http://127.0.0.1:${nginxPort}`;

    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Nginxdev');
    user = await createSignedInUser(gatehouse, 'Nginxuser');
    app = await registerOauth2Client(dev, admin, { name: 'Edits through nginx' });
    readOnlyApp = await registerOauth2Client(dev, admin, { name: 'Reads through nginx', grants: ['basic'] });
    restrictedApp = await registerOauth2Client(dev, admin, { name: 'Office-only through nginx' });
    // Issued before the restriction: the token endpoint holds it too, and these tests call from 127.0.0.1.
    restrictedTokens = await userTokens(gatehouse, user, restrictedApp);
    await dev.agent
      .patch(`/api/consumers/${restrictedApp.clientId}`)
      .set('X-CSRF-Token', dev.csrfToken)
      .send({ restrictions: { ipAddresses: ['10.0.0.0/8'] } })
      .expect(200);
    oauth1 = await ownerOnlyOauth1Credentials(dev, 'Signs through nginx');
    mcpApp = await registerOauth2Client(dev, admin, { name: 'Agent through nginx', resources: [mcpResource] });
  });

  afterAll(async () => {
    await nginx?.stop();
    if (api) {
      api.closeAllConnections();
      await new Promise((resolve) => api.close(resolve));
    }
    await gatehouse?.close();
  });

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const echoed = (response: supertest.Response) => response.body as Echoed;
  /** Every WWW-Authenticate header line, uncombined. */
  const challenges = (response: supertest.Response) => {
    const raw = (response as supertest.Response & { res: { rawHeaders: string[] } }).res.rawHeaders;
    return raw.filter((_value, index) => index % 2 === 1 && raw[index - 1].toLowerCase() === 'www-authenticate');
  };

  it('lets a valid bearer token through, and the API sees who it acts for instead of what the client claimed', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    const response = await supertest(nginxUrl)
      .get('/api/things?x=1')
      .set({ ...bearer(tokens.access_token), 'X-Auth-User': ADMIN.username, 'X-Auth-Rights': 'userrights' })
      .expect(200);
    const seen = echoed(response);
    expect(seen.url).toBe('/api/things?x=1');
    expect(seen.headers).toMatchObject({
      'x-auth-user': 'Nginxuser',
      'x-auth-user-id': String(user.user.id),
      'x-auth-consumer': app.clientId,
      'x-auth-grants': 'basic editpage',
      // `read` is the only one of this user's rights these grants carry: the client's own claim is gone.
      'x-auth-rights': 'read',
      'x-auth-protocol': 'oauth2',
    });
    expect(seen.headers['x-gateway-key']).toBeUndefined();
  });

  it('lets an OAuth 1.0a request through when signed for the URL the client used at nginx', async () => {
    const read = await supertest(nginxUrl)
      .get('/api/things?x=1')
      .set('Authorization', signedHeader(nginxUrl, oauth1, { method: 'GET', target: '/api/things?x=1' }))
      .expect(200);
    expect(echoed(read).headers).toMatchObject({ 'x-auth-user': 'Nginxdev', 'x-auth-protocol': 'oauth1' });
    expect(echoed(read).headers['x-auth-consumer']).toBe(oauth1.consumerKey);

    // A JSON body is not part of an OAuth 1 signature: Gatehouse decides without it, the API still gets it.
    const edit = await supertest(nginxUrl)
      .post('/api/edit/page?title=Main')
      .set('Authorization', signedHeader(nginxUrl, oauth1, { method: 'POST', target: '/api/edit/page?title=Main' }))
      .send({ text: 'hello' })
      .expect(200);
    expect(echoed(edit)).toMatchObject({ method: 'POST', body: '{"text":"hello"}' });
    expect(echoed(edit).headers['x-auth-grants']).toBe('basic editpage');
  });

  it('refuses an OAuth 1.0a signature made for another request, whatever forwarding headers the client adds', async () => {
    const header = signedHeader(nginxUrl, oauth1, { method: 'GET', target: '/api/things' });
    const before = apiCalls;
    const response = await supertest(nginxUrl)
      .delete('/api/edit/page')
      .set({
        Authorization: header,
        'X-Forwarded-Method': 'GET',
        'X-Forwarded-Uri': '/api/things',
        'X-Original-Method': 'GET',
        'X-Original-URI': '/api/things',
      })
      .expect(401);
    expect(challenges(response)).toEqual(['OAuth realm="gatehouse"']);
    expect(apiCalls).toBe(before);
  });

  it('answers 401 with exactly one challenge from Gatehouse for a missing or bad credential', async () => {
    const before = apiCalls;
    const missing = await supertest(nginxUrl).get('/api/things').expect(401);
    expect(challenges(missing)).toEqual(['Bearer realm="gatehouse", OAuth realm="gatehouse"']);
    expect(missing.body).toEqual({ error: 'unauthorized' });

    const bad = await supertest(nginxUrl).get('/api/things').set(bearer('not-a-token')).expect(401);
    expect(challenges(bad)).toEqual(['Bearer realm="gatehouse", error="invalid_token"']);
    expect(apiCalls).toBe(before);
  });

  it('answers 403 where the location requires a grant the token lacks', async () => {
    const readOnly = await userTokens(gatehouse, user, readOnlyApp);
    await supertest(nginxUrl).get('/api/things').set(bearer(readOnly.access_token)).expect(200);
    const refused = await supertest(nginxUrl).post('/api/edit/page').set(bearer(readOnly.access_token)).expect(403);
    expect(refused.body).toEqual({ error: 'forbidden' });
    // RFC 6750 §3.1: the challenge reaches the client on a 403 too.
    expect(challenges(refused)).toEqual(['Bearer realm="gatehouse", error="insufficient_scope", scope="editpage"']);

    const editing = await userTokens(gatehouse, user, app);
    await supertest(nginxUrl).post('/api/edit/page').set(bearer(editing.access_token)).expect(200);
  });

  it('guards a resource server: only tokens for it pass, and refusals point to its metadata (RFC 9728)', async () => {
    const metadata = `${gatehouse.url}/.well-known/oauth-protected-resource/mcp`;
    const before = apiCalls;
    const missing = await supertest(nginxUrl).post('/mcp/call').expect(401);
    expect(challenges(missing)).toEqual([
      `Bearer realm="gatehouse", scope="basic", resource_metadata="${metadata}", OAuth realm="gatehouse"`,
    ]);
    const unbound = await userTokens(gatehouse, user, mcpApp);
    const refused = await supertest(nginxUrl).post('/mcp/call').set(bearer(unbound.access_token)).expect(401);
    expect(challenges(refused)).toEqual([
      `Bearer realm="gatehouse", resource_metadata="${metadata}", error="invalid_token", ` +
        'error_description="The access token is not for this resource"',
    ]);
    expect(apiCalls).toBe(before);

    const bound = await userTokens(gatehouse, user, mcpApp, { resource: mcpResource });
    const allowed = await supertest(nginxUrl).post('/mcp/call').set(bearer(bound.access_token)).expect(200);
    expect(echoed(allowed).headers).toMatchObject({ 'x-auth-audience': mcpResource, 'x-auth-user': 'Nginxuser' });
    // The same token is for the MCP server only, not for the rest of the API.
    await supertest(nginxUrl).get('/api/things').set(bearer(bound.access_token)).expect(401);

    // What the challenge points to, also served on the resource's own host (RFC 9728 §3.1).
    const document = await supertest(nginxUrl).get('/.well-known/oauth-protected-resource/mcp').expect(200);
    expect(document.body).toMatchObject({
      resource: mcpResource,
      authorization_servers: [gatehouse.url],
      scopes_supported: ['basic'],
      resource_name: 'MCP tools',
    });
    expect((await supertest(metadata).get('').expect(200)).body).toEqual(document.body);
  });

  it('refuses a token right after it is revoked', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    await supertest(nginxUrl).get('/api/things').set(bearer(tokens.access_token)).expect(200);
    await postForm(gatehouse, '/oauth2/revoke', { token: tokens.access_token }, app).expect(200);
    const refused = await supertest(nginxUrl).get('/api/things').set(bearer(tokens.access_token)).expect(401);
    expect(challenges(refused)).toEqual(['Bearer realm="gatehouse", error="invalid_token"']);
  });

  it('lets a DPoP-bound token through with a proof for the URL the client used at nginx, never as Bearer', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const jwk = await exportJWK(publicKey);
    const proof = (htm: string, htu: string, claims: Record<string, unknown> = {}) =>
      new SignJWT({
        jti: randomBytes(12).toString('base64url'),
        htm,
        htu,
        iat: Math.floor(Date.now() / 1000),
        ...claims,
      })
        .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
        .sign(privateKey);
    const { code, verifier } = await authorizationCode(user, app);
    const issued = await postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier },
      app,
    )
      .set('DPoP', await proof('POST', `${gatehouse.url}/oauth2/token`))
      .expect(200);
    expect(issued.body.token_type).toBe('DPoP');
    const token = issued.body.access_token as string;
    const ath = createHash('sha256').update(token).digest('base64url');

    const good = await proof('GET', `${nginxUrl}/api/things`, { ath });
    const allowed = await supertest(nginxUrl)
      .get('/api/things?x=1')
      .set({ Authorization: `DPoP ${token}`, DPoP: good })
      .expect(200);
    expect(echoed(allowed).headers).toMatchObject({ 'x-auth-user': 'Nginxuser', 'x-auth-consumer': app.clientId });

    const before = apiCalls;
    const replayed = await supertest(nginxUrl)
      .get('/api/things?x=1')
      .set({ Authorization: `DPoP ${token}`, DPoP: good })
      .expect(401);
    expect(challenges(replayed)[0]).toMatch(/^DPoP error="invalid_dpop_proof"/);
    const elsewhere = await supertest(nginxUrl)
      .post('/api/edit/page')
      .set({ Authorization: `DPoP ${token}`, DPoP: await proof('GET', `${nginxUrl}/api/things`, { ath }) })
      .expect(401);
    expect(challenges(elsewhere)[0]).toMatch(/^DPoP error="invalid_dpop_proof"/);
    const asBearer = await supertest(nginxUrl).get('/api/things').set(bearer(token)).expect(401);
    expect(challenges(asBearer)[0]).toMatch(/^DPoP error="invalid_token"/);
    expect(apiCalls).toBe(before);
  });

  it('passes the DPoP-Nonce of a Gatehouse that requires nonces back to the client, refusal and success', async () => {
    const gatewayPort = await freePort();
    const nonced = await startTestApp({
      shareWith: gatehouse,
      env: { OAUTH2_DPOP_REQUIRE_NONCE: 'true', GATEWAY_PORT: String(gatewayPort), PUBLIC_URL: gatehouse.url },
    });
    const port = await freePort();
    const front = await NginxProcess.start(
      documentedNginxConfig({
        port,
        gatehousePort: gatewayPort,
        gatehouseMainPort: Number(new URL(nonced.url).port),
        apiPort: (api.address() as AddressInfo).port,
        gatewayKey: GATEWAY_KEY,
      }),
      port,
    );
    try {
      const { privateKey, publicKey } = await generateKeyPair('ES256');
      const jwk = await exportJWK(publicKey);
      const proof = (htm: string, htu: string, claims: Record<string, unknown> = {}) =>
        new SignJWT({
          jti: randomBytes(12).toString('base64url'),
          htm,
          htu,
          iat: Math.floor(Date.now() / 1000),
          ...claims,
        })
          .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
          .sign(privateKey);
      // Issued where nonces are off; the second instance shares the issuer (PUBLIC_URL) and the database.
      const { code, verifier } = await authorizationCode(user, app);
      const exchange = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
      const issued = await postForm(gatehouse, '/oauth2/token', exchange, app)
        .set('DPoP', await proof('POST', `${gatehouse.url}/oauth2/token`))
        .expect(200);
      const token = issued.body.access_token as string;
      const ath = createHash('sha256').update(token).digest('base64url');
      const url = `http://127.0.0.1:${port}`;

      const refused = await supertest(url)
        .get('/api/things')
        .set({ Authorization: `DPoP ${token}`, DPoP: await proof('GET', `${url}/api/things`, { ath }) })
        .expect(401);
      expect(challenges(refused)[0]).toMatch(/^DPoP error="use_dpop_nonce"/);
      const nonce = refused.headers['dpop-nonce'];
      expect(nonce).toBeTruthy();
      const allowed = await supertest(url)
        .get('/api/things')
        .set({ Authorization: `DPoP ${token}`, DPoP: await proof('GET', `${url}/api/things`, { ath, nonce }) })
        .expect(200);
      expect(allowed.headers['dpop-nonce']).toBeTruthy();
    } finally {
      await front.stop();
      await nonced.close();
    }
  });

  it("applies a consumer's IP restriction to the address nginx saw, not one the client claims", async () => {
    const refused = await supertest(nginxUrl)
      .get('/api/things')
      .set({ ...bearer(restrictedTokens.access_token), 'X-Forwarded-For': '10.1.2.3' })
      .expect(403);
    expect(refused.body).toEqual({ error: 'forbidden' });
  });
});

/** The protected API: answers every request with what it received, as JSON. */
async function startEchoApi(onCall: () => void): Promise<Server> {
  const server = createServer((request, response) => {
    onCall();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const echoed: Echoed = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(echoed));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}
