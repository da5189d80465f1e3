import { decodeJwt } from 'jose';
import * as oauth from 'oauth4webapi';
import supertest from 'supertest';
import {
  CALLBACK,
  type Oauth2Client,
  authorizationCode,
  authorize,
  pkcePair,
  postForm,
  registerOauth2Client,
  userTokens,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

const TOOLS = 'https://mcp.example.com/tools';
const WIKI = 'https://mcp.example.com/wiki';
const ELSEWHERE = 'https://evil.example/api';
const PROTECTED_RESOURCES = JSON.stringify([
  { resource: TOOLS, name: 'Company tools', grants: ['basic', 'editpage'] },
  { resource: WIKI, name: 'Wiki tools', grants: ['basic'] },
]);

/**
 * Resource indicators (RFC 8707) over HTTP: a client asks for a resource its admins approved, at the authorization
 * endpoint (plain or pushed) or the token endpoint; the access token's `aud` is that resource, introspection says so,
 * a refresh keeps it and cannot widen it, and anything outside the client's list, with a fragment, or repeated is
 * `invalid_target` (as a redirect at the authorization endpoint, as RFC 6749 §5.2 JSON at the token endpoint).
 */
describe('OAuth 2.0 resource indicators (RFC 8707)', () => {
  let gatehouse: TestApp;
  let admin: SignedIn;
  let dev: SignedIn & { email: string };
  let user: SignedIn;
  let app: Oauth2Client;
  let plain: Oauth2Client;

  beforeAll(async () => {
    gatehouse = await startTestApp({ env: { PROTECTED_RESOURCES } });
    admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    dev = await createSignedInUser(gatehouse, 'Resdev');
    user = await createSignedInUser(gatehouse, 'Resuser');
    app = await registerOauth2Client(dev, admin, {
      name: 'Resource app',
      resources: [TOOLS, WIKI],
      grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
    });
    plain = await registerOauth2Client(dev, admin, { name: 'Resourceless app' });
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const token = (form: Record<string, string>, client = app) => postForm(gatehouse, '/oauth2/token', form, client);
  const introspect = (value: string) => postForm(gatehouse, '/oauth2/introspect', { token: value }, app).expect(200);

  it('shows the allowed resources with the consumer, as admins review it', async () => {
    const detail = await admin.agent.get(`/api/consumers/${app.clientId}`).expect(200);
    expect((detail.body as { resources: string[] }).resources).toEqual([TOOLS, WIKI]);
  });

  it('takes the resources on the proposal page and shows them on the detail and review pages', async () => {
    const form = await dev.agent.get('/consumers/register/oauth2').expect(200);
    expect(form.text).toContain('name="resources"');
    const fields = new URLSearchParams([
      ['name', 'Resource page app'],
      ['version', '1.0'],
      ['description', 'Registered on the page'],
      ['email', dev.email],
      ['callbackUrl', CALLBACK],
      ['grants', 'basic'],
      ['ipAddresses', '0.0.0.0/0\r\n::/0'],
      ['oauth2IsConfidential', 'true'],
      ['oauth2GrantTypes', 'authorization_code'],
      ['resources', `${TOOLS}\r\n${WIKI}`],
      ['csrf', dev.csrfToken],
    ]);
    const registered = await dev.agent.post('/consumers/register/oauth2').type('form').send(fields.toString());
    expect(registered.status, registered.text).toBe(303);
    const mine = await dev.agent.get('/api/me/consumers?stage=any&limit=100').expect(200);
    const key = (mine.body.consumers as { name: string; consumerKey: string }[]).find(
      (consumer) => consumer.name === 'Resource page app',
    )?.consumerKey as string;
    expect((await dev.agent.get(`/api/consumers/${key}`).expect(200)).body).toMatchObject({ resources: [TOOLS, WIKI] });
    const review = await admin.agent.get(`/admin/consumers/${key}`).expect(200);
    expect(review.text).toContain('Resources (RFC 8707)');
    const detail = await dev.agent.get(`/consumers/${key}`).expect(200);
    for (const page of [review, detail]) {
      expect(page.text).toContain(TOOLS);
      expect(page.text).toContain(WIKI);
    }
    fields.set('name', 'Bad resource page app');
    fields.set('resources', `${TOOLS}#frag`);
    const refused = await dev.agent.post('/consumers/register/oauth2').type('form').send(fields.toString());
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('absolute URI without fragment');
  });

  it.each([
    ['a fragment', 'https://mcp.example.com/tools#frag'],
    ['a relative reference', '/tools'],
    ['spaces', 'https://mcp.example.com/a b'],
  ])('refuses a proposal whose resource has %s', async (_case, resource) => {
    const refused = await dev.agent
      .post('/api/consumers')
      .set('X-CSRF-Token', dev.csrfToken)
      .send({
        oauthVersion: 2,
        name: `Bad resource ${resource.length}`,
        version: '1.0',
        description: 'x',
        email: dev.email,
        grants: ['basic'],
        callbackUrl: CALLBACK,
        resources: [resource],
      })
      .expect(400);
    expect((refused.body as { code: string }).code).toBe('invalid_field');
  });

  it('issues a code flow token whose aud is the resource, and introspection reports it', async () => {
    const tokens = await userTokens(gatehouse, user, app, { resource: TOOLS, scope: 'basic' });
    const claims = decodeJwt(tokens.access_token);
    expect(claims.aud).toBe(TOOLS);
    expect(claims.client_id).toBe(app.clientId);
    const answer = (await introspect(tokens.access_token)).body as Record<string, unknown>;
    expect(answer).toMatchObject({ active: true, aud: TOOLS, client_id: app.clientId });
    const refresh = (await introspect(tokens.refresh_token!)).body as Record<string, unknown>;
    expect(refresh).toMatchObject({ active: true, aud: TOOLS, token_type: 'refresh_token' });
  });

  it("refuses a resource-bound token at Gatehouse's own resources", async () => {
    const bound = await userTokens(gatehouse, user, app, { resource: TOOLS });
    const profile = await supertest(gatehouse.url)
      .get('/oauth2/resource/profile')
      .set('Authorization', `Bearer ${bound.access_token}`)
      .expect(401);
    expect(profile.headers['www-authenticate']).toContain('error="invalid_token"');
    await supertest(gatehouse.url).get('/api/me').set('Authorization', `Bearer ${bound.access_token}`).expect(401);
    const plainTokens = await userTokens(gatehouse, user, app);
    await supertest(gatehouse.url)
      .get('/oauth2/resource/profile')
      .set('Authorization', `Bearer ${plainTokens.access_token}`)
      .expect(200);
  });

  it('keeps the client as the audience when no resource is named (MediaWiki tokens)', async () => {
    const tokens = await userTokens(gatehouse, user, plain);
    expect(decodeJwt(tokens.access_token).aud).toBe(plain.clientId);
  });

  it('names the resource on the consent page', async () => {
    const { challenge } = pkcePair();
    const page = await user.agent
      .get('/oauth2/authorize')
      .query({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: CALLBACK,
        scope: 'basic editpage',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: WIKI,
      })
      .expect(200);
    expect(page.text).toContain('Its access is limited to Wiki tools (https://mcp.example.com/wiki).');
    const ja = await user.agent
      .get('/oauth2/authorize')
      .query({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: CALLBACK,
        scope: 'basic editpage',
        code_challenge: challenge,
        code_challenge_method: 'S256',
        resource: WIKI,
        uselang: 'ja',
      })
      .expect(200);
    expect(ja.text).toContain('アクセスできるのは Wiki tools（https://mcp.example.com/wiki）のみです。');
  });

  it.each([
    ['outside the client list', ELSEWHERE],
    ['with a fragment', `${TOOLS}#x`],
    ['not absolute', 'tools'],
  ])('answers a resource %s with invalid_target at the redirect URI', async (_case, resource) => {
    const { challenge } = pkcePair();
    const redirect = await authorize(user, {
      client_id: app.clientId,
      redirect_uri: CALLBACK,
      state: 'st-9',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      resource,
    });
    expect(`${redirect.origin}${redirect.pathname}`).toBe(CALLBACK);
    expect(redirect.searchParams.get('error')).toBe('invalid_target');
    expect(redirect.searchParams.get('state')).toBe('st-9');
  });

  it('allows one resource per request (each token has one aud)', async () => {
    const { challenge } = pkcePair();
    const page = await user.agent.get(
      `/oauth2/authorize?${new URLSearchParams([
        ['response_type', 'code'],
        ['client_id', app.clientId],
        ['redirect_uri', CALLBACK],
        ['code_challenge', challenge],
        ['code_challenge_method', 'S256'],
        ['resource', TOOLS],
        ['resource', WIKI],
      ]).toString()}`,
    );
    expect(page.status).toBe(302);
    expect(new URL(page.headers.location).searchParams.get('error')).toBe('invalid_target');
  });

  it('refuses at the token endpoint a resource the code was not granted for (RFC 6749 §5.2 JSON)', async () => {
    const { code, verifier } = await authorizationCode(user, app, { resource: TOOLS });
    const refused = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
      resource: WIKI,
    }).expect(400);
    expect(refused.body).toMatchObject({ error: 'invalid_target' });
    expect(refused.headers['content-type']).toMatch(/application\/json/);
  });

  it('refreshes within the granted resource and refuses widening or another resource', async () => {
    const tokens = await userTokens(gatehouse, user, app, { resource: TOOLS });
    const widened = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, resource: WIKI });
    expect(widened.status).toBe(400);
    expect(widened.body).toMatchObject({ error: 'invalid_target' });
    const outside = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      resource: ELSEWHERE,
    }).expect(400);
    expect(outside.body).toMatchObject({ error: 'invalid_target' });
    // Refused requests cost nothing: the token still refreshes, for the same resource, named or not.
    const same = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, resource: TOOLS });
    expect(same.status).toBe(200);
    expect(decodeJwt((same.body as { access_token: string }).access_token).aud).toBe(TOOLS);
    const kept = await token({
      grant_type: 'refresh_token',
      refresh_token: (same.body as { refresh_token: string }).refresh_token,
    }).expect(200);
    expect(decodeJwt((kept.body as { access_token: string }).access_token).aud).toBe(TOOLS);
  });

  it('refuses to turn a grant made for no resource into a token for one', async () => {
    const tokens = await userTokens(gatehouse, user, app);
    expect(decodeJwt(tokens.access_token).aud).toBe(app.clientId);
    const widened = await token({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      resource: TOOLS,
    }).expect(400);
    expect(widened.body).toMatchObject({ error: 'invalid_target' });
  });

  it('binds client_credentials tokens to a listed resource and refuses others', async () => {
    const issued = await token({ grant_type: 'client_credentials', resource: WIKI }).expect(200);
    expect(decodeJwt((issued.body as { access_token: string }).access_token).aud).toBe(WIKI);
    const refused = await token({ grant_type: 'client_credentials', resource: ELSEWHERE }).expect(400);
    expect(refused.body).toMatchObject({ error: 'invalid_target' });
    const fragment = await token({ grant_type: 'client_credentials', resource: `${WIKI}#f` }).expect(400);
    expect(fragment.body).toMatchObject({ error: 'invalid_target' });
  });

  it('checks the resource of a pushed request (RFC 9126) and carries it to the token', async () => {
    const { verifier, challenge } = pkcePair();
    const pushForm = {
      response_type: 'code',
      redirect_uri: CALLBACK,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    const refused = await postForm(gatehouse, '/oauth2/par', { ...pushForm, resource: ELSEWHERE }, app).expect(400);
    expect(refused.body).toMatchObject({ error: 'invalid_target' });
    const pushed = await postForm(gatehouse, '/oauth2/par', { ...pushForm, resource: WIKI }, app).expect(201);
    const redirect = await authorize(user, {
      client_id: app.clientId,
      request_uri: (pushed.body as { request_uri: string }).request_uri,
    });
    const code = redirect.searchParams.get('code')!;
    const issued = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: CALLBACK,
      code_verifier: verifier,
    }).expect(200);
    expect(decodeJwt((issued.body as { access_token: string }).access_token).aud).toBe(WIKI);
  });

  it('runs a code flow with resource through the unmodified oauth4webapi client', async () => {
    const insecure = { [oauth.allowInsecureRequests]: true };
    const issuer = new URL(gatehouse.url);
    const as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
    const client: oauth.Client = { client_id: app.clientId };
    const auth = oauth.ClientSecretBasic(app.secret!);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const url = new URL(as.authorization_endpoint!);
    url.search = new URLSearchParams({
      client_id: app.clientId,
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope: 'basic',
      state,
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      resource: TOOLS,
    }).toString();
    const redirect = await authorize(user, Object.fromEntries(url.searchParams));
    const params = oauth.validateAuthResponse(as, client, redirect, state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, CALLBACK, verifier, {
      ...insecure,
      additionalParameters: { resource: TOOLS },
    });
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    expect(decodeJwt(result.access_token).aud).toBe(TOOLS);
  });
});
