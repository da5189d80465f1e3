import supertest from 'supertest';
import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { freePort } from './support/test-environment';
import { createSignedInUser } from './support/users';

const TOOLS = 'https://mcp.example.com/tools';
const WIKI = 'https://mcp.example.com/wiki';
const ROOT = 'https://root.example.com';
const PROTECTED_RESOURCES = JSON.stringify([
  { resource: TOOLS, name: 'Company tools', grants: ['basic', 'editpage'] },
  { resource: WIKI, name: 'Wiki tools', grants: ['basic'] },
  { resource: ROOT, name: 'Root service', grants: [] },
]);

/**
 * Protected-resource metadata (RFC 9728) and the gateway as the audience check of resource-bound tokens (RFC 8707):
 * the documents' shape, a token refused where it is not the audience, and every 401/403 of a guarded resource
 * carrying `WWW-Authenticate: Bearer` with `resource_metadata` (RFC 9728 §5.1) and `error`/`scope` (RFC 6750 §3),
 * on both front doors.
 */
describe('protected resources (RFC 9728) at the gateway', () => {
  let gatehouse: TestApp;
  let gatewayUrl: string;
  let user: SignedIn;
  let app: Oauth2Client;
  let toolsToken: string;
  let basicToolsToken: string;
  let plainToken: string;

  beforeAll(async () => {
    const gatewayPort = await freePort();
    gatehouse = await startTestApp({ env: { PROTECTED_RESOURCES, GATEWAY_PORT: String(gatewayPort) } });
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Prdev');
    user = await createSignedInUser(gatehouse, 'Pruser');
    app = await registerOauth2Client(dev, admin, { name: 'Agent app', resources: [TOOLS, WIKI] });
    toolsToken = (await userTokens(gatehouse, user, app, { resource: TOOLS })).access_token;
    basicToolsToken = (await userTokens(gatehouse, user, app, { resource: TOOLS, scope: 'basic' })).access_token;
    plainToken = (await userTokens(gatehouse, user, app)).access_token;
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  const metadataOf = (path: string) => `${gatehouse.url}/.well-known/oauth-protected-resource${path}`;
  const doors = ['the main port', 'the dedicated listener'];
  const doorUrl = (door: string) => (door === 'the main port' ? gatehouse.url : gatewayUrl);
  /** nginx auth_request style: the original request in X-Original-URI, its host and scheme forwarded. */
  const ask = (door: string, url: string, token?: string, query = '') => {
    const original = new URL(url);
    const request = supertest(door)
      .get(`/gateway/verify${query}`)
      .set({
        'X-Original-URI': `${original.pathname}${original.search}`,
        'X-Original-Method': 'POST',
        'X-Forwarded-Host': original.host,
        'X-Forwarded-Proto': 'https',
      });
    return token ? request.set('Authorization', `Bearer ${token}`) : request;
  };

  it('serves the metadata document of each resource under its path (RFC 9728 §3)', async () => {
    const tools = await supertest(gatehouse.url).get('/.well-known/oauth-protected-resource/tools').expect(200);
    expect(tools.body).toEqual({
      resource: TOOLS,
      authorization_servers: [gatehouse.url],
      scopes_supported: ['basic', 'editpage'],
      bearer_methods_supported: ['header'],
      resource_name: 'Company tools',
      dpop_bound_access_tokens_required: false,
    });
    expect(tools.headers['content-type']).toMatch(/application\/json/);
    const root = await supertest(gatehouse.url).get('/.well-known/oauth-protected-resource').expect(200);
    expect(root.body).toMatchObject({ resource: ROOT, resource_name: 'Root service', scopes_supported: [] });
    await supertest(gatehouse.url).get('/.well-known/oauth-protected-resource/unknown').expect(404);
    await supertest(gatehouse.url).get('/.well-known/oauth-protected-resource/tools/deeper').expect(404);
  });

  it.each(doors)('lets a token through at its own resource, reporting aud (%s)', async (door) => {
    const url = doorUrl(door);
    const answer = () => ask(url, `${TOOLS}/call?x=1`, toolsToken).expect(200);
    expect((await answer()).headers['x-auth-audience']).toBe(TOOLS);
    expect((await ask(url, TOOLS, toolsToken).expect(200)).headers['x-auth-user']).toBe('Pruser');
  });

  it.each(doors)('refuses the same token at another resource, with resource_metadata (%s)', async (door) => {
    const url = doorUrl(door);
    const refused = await ask(url, `${WIKI}/page`, toolsToken).expect(401);
    const challenge = refused.headers['www-authenticate'];
    expect(challenge).toMatch(/^Bearer realm="gatehouse", resource_metadata="[^"]+", error="invalid_token"/);
    expect(challenge).toContain(`resource_metadata="${metadataOf('/wiki')}"`);
    // A path that only starts like a resource's is not under it (path-segment boundary).
    const beside = await ask(url, 'https://mcp.example.com/toolsx', toolsToken).expect(401);
    expect(beside.headers['www-authenticate']).not.toContain('resource_metadata');
  });

  it.each(doors)('refuses a token issued for no resource at a guarded one (%s)', async (door) => {
    const url = doorUrl(door);
    const refused = await ask(url, `${TOOLS}/call`, plainToken).expect(401);
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(refused.headers['www-authenticate']).toContain(`resource_metadata="${metadataOf('/tools')}"`);
  });

  it.each(doors)('keeps a resource-bound token away from unguarded APIs (%s)', async (door) => {
    const url = doorUrl(door);
    await ask(url, 'https://api.example.com/v1/x', toolsToken).expect(401);
    const allowed = await ask(url, 'https://api.example.com/v1/x', plainToken).expect(200);
    expect(allowed.headers['x-auth-audience']).toBe(app.clientId);
  });

  it.each(doors)('challenges a request without credential with scope and resource_metadata (%s)', async (door) => {
    const url = doorUrl(door);
    const refused = await ask(url, `${TOOLS}/call`).expect(401);
    expect(refused.headers['www-authenticate']).toBe(
      `Bearer realm="gatehouse", scope="basic editpage", resource_metadata="${metadataOf('/tools')}", ` +
        'OAuth realm="gatehouse"',
    );
    const root = await ask(url, `${ROOT}/anything`).expect(401);
    expect(root.headers['www-authenticate']).toContain(`resource_metadata="${metadataOf('')}"`);
  });

  it.each(doors)('answers a missing grant with 403 insufficient_scope and the scope (%s)', async (door) => {
    const url = doorUrl(door);
    const refused = await ask(url, `${TOOLS}/call`, basicToolsToken, '?grant=editpage').expect(403);
    expect(refused.headers['www-authenticate']).toBe(
      `Bearer realm="gatehouse", resource_metadata="${metadataOf('/tools')}", error="insufficient_scope", ` +
        'scope="editpage"',
    );
    await ask(url, `${TOOLS}/call`, toolsToken, '?grant=editpage').expect(200);
    // A grant no scope token can spell (from the gateway's query) is never echoed into the header.
    const odd = await ask(url, `${TOOLS}/call`, toolsToken, '?grant=%E2%82%AC').expect(403);
    expect(odd.headers['www-authenticate']).toBe(
      `Bearer realm="gatehouse", resource_metadata="${metadataOf('/tools')}", error="insufficient_scope"`,
    );
  });

  it.each(doors)('takes the resource the gateway names over the URL (%s)', async (door) => {
    const url = doorUrl(door);
    const named = `?resource=${encodeURIComponent(TOOLS)}`;
    const allowed = await ask(url, 'https://internal.example/anything', toolsToken, named).expect(200);
    expect(allowed.headers['x-auth-audience']).toBe(TOOLS);
    const refused = await ask(url, `${TOOLS}/call`, toolsToken, `?resource=${encodeURIComponent(WIKI)}`).expect(401);
    expect(refused.headers['www-authenticate']).toContain(`resource_metadata="${metadataOf('/wiki')}"`);
    // A resource no PROTECTED_RESOURCES entry describes is still an audience to check, with no document to point to.
    const other = `?resource=${encodeURIComponent('https://other.example/api')}`;
    const unknown = await ask(url, `${TOOLS}/call`, toolsToken, other).expect(401);
    expect(unknown.headers['www-authenticate']).not.toContain('resource_metadata');
    await ask(url, `${TOOLS}/call`, toolsToken, '?resource=not-a-uri').expect(403);
  });

  it('introspection reports the audience to a resource server', async () => {
    const answer = await postForm(gatehouse, '/oauth2/introspect', { token: toolsToken }, app).expect(200);
    expect(answer.body).toMatchObject({ active: true, aud: TOOLS });
  });
});
