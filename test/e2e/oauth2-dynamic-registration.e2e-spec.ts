import * as oauth from 'oauth4webapi';
import supertest from 'supertest';
import type { Type } from '@nestjs/common';
import { RegistrationTokenCommand } from '../../src/cli/commands/registration-token.command';
import { OPERATOR_NAME, operatorAuth } from '../../src/cli/operator';
import type { ServiceContext } from '../../src/cli/service-context';
import { t } from '../../src/common/messages/catalogue';
import { IdentityService } from '../../src/identity/identity.service';
import { consentFields, pkcePair } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { createSignedInUser } from './support/users';

/** A native app's loopback redirect URI (RFC 8252 §7.3); nothing listens there, the test reads the 303. */
const LOOPBACK = 'http://127.0.0.1:47301/callback';
const REGISTRATION_ACTOR = 'Dynamic client registration';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** Two resource servers Gatehouse fronts; DYNAMIC_REGISTRATION_GRANTS opens only the first to unreviewed clients. */
const OPEN_RESOURCE = 'https://mcp.example.com/tools';
const REVIEWED_RESOURCE = 'https://mcp.example.com/payroll';

interface Registered {
  client_id: string;
  client_secret?: string;
  registration_access_token: string;
  registration_client_uri: string;
  token_endpoint_auth_method: string;
  scope: string;
}

interface ErrorBody {
  error: string;
  error_description: string;
}

const nativeClient = (overrides: Record<string, unknown> = {}) => ({
  client_name: 'Agent CLI',
  redirect_uris: [LOOPBACK],
  token_endpoint_auth_method: 'none',
  grant_types: ['authorization_code', 'refresh_token'],
  ...overrides,
});

function register(app: TestApp, body: unknown, token?: string) {
  const request = supertest(app.url).post('/oauth2/register').set('Content-Type', 'application/json');
  if (token !== undefined) {
    request.set('Authorization', `Bearer ${token}`);
  }
  return request.send(JSON.stringify(body));
}

async function stageOf(admin: SignedIn, key: string): Promise<string> {
  return ((await admin.agent.get(`/api/consumers/${key}`).expect(200)).body as { stage: string }).stage;
}

async function logOf(app: TestApp, key: string): Promise<{ action: string; actor: { name: string } }[]> {
  const response = await supertest(app.url).get('/api/log').query({ consumer: key }).expect(200);
  return (response.body as { entries: { action: string; actor: { name: string } }[] }).entries;
}

/** The command's view of the service: the running test app, as the operator (what `ServiceContext` gives a command). */
function operatorContext(app: TestApp): ServiceContext {
  const context = {
    get: <T>(type: Type<T>) => Promise.resolve(app.app.get(type, { strict: false })),
    operator: async () => operatorAuth(await app.app.get(IdentityService).systemAccount(OPERATOR_NAME)),
  };
  return context as unknown as ServiceContext;
}

async function printedBy(run: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
  try {
    await run();
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

/** The browser's part of the code flow: the authorization page as the signed-in user sees it. */
function authorizationPath(clientId: string, challenge: string, state = 'xyz'): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: LOOPBACK,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `/oauth2/authorize?${query.toString()}`;
}

describe('Dynamic client registration (RFC 7591) and management (RFC 7592)', () => {
  describe('DYNAMIC_REGISTRATION=open', () => {
    const insecure = { [oauth.allowInsecureRequests]: true };
    let gatehouse: TestApp;
    let admin: SignedIn;
    let user: SignedIn;
    let as: oauth.AuthorizationServer;

    beforeAll(async () => {
      gatehouse = await startTestApp({
        env: {
          DYNAMIC_REGISTRATION: 'open',
          DYNAMIC_REGISTRATION_GRANTS: `basic,editpage,${OPEN_RESOURCE}`,
          PROTECTED_RESOURCES: JSON.stringify([
            { resource: OPEN_RESOURCE, name: 'Tools', grants: ['basic'] },
            { resource: REVIEWED_RESOURCE, name: 'Payroll', grants: ['basic'] },
          ]),
        },
      });
      admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      user = await createSignedInUser(gatehouse, 'Agentuser');
      const issuer = new URL(gatehouse.url);
      as = await oauth.processDiscoveryResponse(
        issuer,
        await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
      );
    });

    afterAll(async () => {
      await gatehouse.close();
    });

    it('advertises registration_endpoint in RFC 8414 metadata and OpenID Connect discovery', async () => {
      expect(as.registration_endpoint).toBe(`${gatehouse.url}/oauth2/register`);
      const discovery = await supertest(gatehouse.url).get('/.well-known/openid-configuration').expect(200);
      expect((discovery.body as { registration_endpoint: string }).registration_endpoint).toBe(
        `${gatehouse.url}/oauth2/register`,
      );
    });

    it('registers a public native client with oauth4webapi and runs the full code flow with PKCE', async () => {
      const client = await oauth.processDynamicClientRegistrationResponse(
        await oauth.dynamicClientRegistrationRequest(
          as,
          { client_name: 'Interop agent', redirect_uris: [LOOPBACK], token_endpoint_auth_method: 'none' },
          insecure,
        ),
      );
      expect(client.client_id).toMatch(/^[0-9a-f]{32}$/);
      expect(client.client_secret).toBeUndefined();
      expect(client).toMatchObject({ token_endpoint_auth_method: 'none', redirect_uris: [LOOPBACK] });
      expect(await stageOf(admin, client.client_id)).toBe('approved');
      // Proposed and approved by the system account, each step in the audit log.
      const log = await logOf(gatehouse, client.client_id);
      expect(log.map((entry) => entry.action).sort()).toEqual(['approve', 'propose']);
      expect(log.every((entry) => entry.actor.name === REGISTRATION_ACTOR)).toBe(true);

      const verifier = oauth.generateRandomCodeVerifier();
      const state = oauth.generateRandomState();
      const path = authorizationPath(client.client_id, await oauth.calculatePKCECodeChallenge(verifier), state);
      const page = await user.agent.get(path).expect(200);
      // The consent page says plainly that no person reviewed this application.
      expect(page.text).toContain(t('consent.unreviewed'));
      const answer = await user.agent
        .post(path)
        .type('form')
        .send({ ...consentFields(page.text), decision: 'allow' })
        .expect(303);
      const parameters = oauth.validateAuthResponse(as, client, new URL(answer.headers.location), state);
      const tokens = await oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), parameters, LOOPBACK, verifier, insecure),
      );
      expect(tokens.access_token).toBeTruthy();
      expect(tokens.scope?.split(' ').sort()).toEqual(['basic', 'editpage']);
      const profile = await oauth.protectedResourceRequest(
        tokens.access_token,
        'GET',
        new URL('/oauth2/resource/profile', gatehouse.url),
        undefined,
        undefined,
        insecure,
      );
      expect(profile.status).toBe(200);

      // RFC 7592 §2.3: the client deletes itself; its consumer is disabled and its tokens stop working.
      await supertest(gatehouse.url)
        .delete(`/oauth2/register/${client.client_id}`)
        .set('Authorization', `Bearer ${client.registration_access_token as string}`)
        .expect(204);
      await supertest(gatehouse.url)
        .get('/oauth2/resource/profile')
        .set('Authorization', `Bearer ${tokens.access_token}`)
        .expect(401);
    });

    it('requires PKCE of an open-mode client: no code without a code_challenge', async () => {
      const registered = (await register(gatehouse, nativeClient()).expect(201)).body as Registered;
      const query = new URLSearchParams({ response_type: 'code', client_id: registered.client_id, state: 's' });
      query.set('redirect_uri', LOOPBACK);
      const answer = await user.agent.get(`/oauth2/authorize?${query.toString()}`).expect(302);
      const callback = new URL(answer.headers.location);
      expect(callback.searchParams.get('error')).toBe('invalid_request');
      expect(callback.searchParams.get('code')).toBeNull();
    });

    it('keeps unreviewed clients public, native and within DYNAMIC_REGISTRATION_GRANTS', async () => {
      const refusals: [Record<string, unknown>, string][] = [
        [{ token_endpoint_auth_method: 'client_secret_basic' }, 'invalid_client_metadata'],
        [{ redirect_uris: ['https://app.example/callback'] }, 'invalid_redirect_uri'],
        [{ grant_types: ['client_credentials'] }, 'invalid_client_metadata'],
        [{ scope: 'basic highvolume' }, 'invalid_client_metadata'],
      ];
      for (const [overrides, error] of refusals) {
        const response = await register(gatehouse, nativeClient(overrides)).expect(400);
        expect((response.body as ErrorBody).error, JSON.stringify(overrides)).toBe(error);
      }
      // A private-use scheme (RFC 8252 §7.1) is a native app's too.
      await register(gatehouse, nativeClient({ redirect_uris: ['com.example.agent:/callback'] })).expect(201);
    });

    it('gives an unreviewed client the resources DYNAMIC_REGISTRATION_GRANTS lists, and no other', async () => {
      // MCP clients name no resource when they register: they get the open ones, and may ask tokens for them.
      const unnamed = (await register(gatehouse, nativeClient()).expect(201)).body as Registered;
      expect(unnamed).toMatchObject({ resources: [OPEN_RESOURCE] });
      const refusals: unknown[] = [
        [REVIEWED_RESOURCE],
        [OPEN_RESOURCE, 'https://elsewhere.example/api'],
        [`${OPEN_RESOURCE}#x`],
        OPEN_RESOURCE,
        [7],
        ['https://mcp.example.com/' + 'a'.repeat(2100)],
      ];
      for (const resources of refusals) {
        const response = await register(gatehouse, nativeClient({ resources })).expect(400);
        expect((response.body as ErrorBody).error, JSON.stringify(resources).slice(0, 80)).toBe(
          'invalid_client_metadata',
        );
      }

      // A client that asked for none has none: a resource at the authorization endpoint is RFC 8707's invalid_target.
      const none = (await register(gatehouse, nativeClient({ resources: [] })).expect(201)).body as Registered;
      expect(none).toMatchObject({ resources: [] });
      const { challenge } = pkcePair();
      for (const [client, resource, error] of [
        [none, OPEN_RESOURCE, 'invalid_target'],
        [unnamed, REVIEWED_RESOURCE, 'invalid_target'],
        [unnamed, OPEN_RESOURCE, null],
      ] as const) {
        const page = await user.agent.get(`${authorizationPath(client.client_id, challenge)}&resource=${resource}`);
        const refusal = page.status === 302 ? new URL(page.headers.location).searchParams.get('error') : null;
        expect(refusal, `${resource} for ${client.client_id}`).toBe(error);
        expect(page.status).toBe(error === null ? 200 : 302);
      }
    });

    it('refuses hostile metadata with RFC 7591 §3.2.2 errors', async () => {
      const refusals: [unknown, string][] = [
        [nativeClient({ redirect_uris: ['javascript:alert(1)//'] }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: ['data:text/html,hi'] }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: ['http://127.0.0.1:47301/cb\u0000x'] }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: ['http://127.0.0.1:47301/a/../callback'] }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: ['http://127.0.0.1:47301/a/%2e%2e/callback'] }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: ['http://user:pw@127.0.0.1:47301/callback'] }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: [LOOPBACK, 'http://127.0.0.1:47302/callback'] }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: [`http://127.0.0.1:47301/${'a'.repeat(2100)}`] }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: 'http://127.0.0.1:47301/callback' }), 'invalid_redirect_uri'],
        [nativeClient({ redirect_uris: [] }), 'invalid_redirect_uri'],
        [nativeClient({ client_name: 'x'.repeat(200) }), 'invalid_client_metadata'],
        [nativeClient({ client_name: 'Good\u202eevil' }), 'invalid_client_metadata'],
        [nativeClient({ contacts: ['a@example.com', 'b', 'c', 'd', 'e', 'f'] }), 'invalid_client_metadata'],
        [nativeClient({ response_types: ['token'] }), 'invalid_client_metadata'],
        [nativeClient({ grant_types: 'authorization_code' }), 'invalid_client_metadata'],
        [nativeClient({ scope: 'basic nosuchgrant' }), 'invalid_client_metadata'],
        [[LOOPBACK], 'invalid_client_metadata'],
      ];
      for (const [body, error] of refusals) {
        const response = await register(gatehouse, body);
        expect(response.status, JSON.stringify(body).slice(0, 120)).toBe(400);
        expect((response.body as ErrorBody).error, JSON.stringify(body).slice(0, 120)).toBe(error);
        expect(response.headers['cache-control']).toBe('no-store');
      }
    });

    it('manages a registration with its registration access token, and only its own (RFC 7592)', async () => {
      const mine = (await register(gatehouse, nativeClient({ client_name: 'Managed agent' })).expect(201))
        .body as Registered;
      const other = (await register(gatehouse, nativeClient({ client_name: 'Other agent' })).expect(201))
        .body as Registered;
      expect(mine.registration_client_uri).toBe(`${gatehouse.url}/oauth2/register/${mine.client_id}`);
      const path = `/oauth2/register/${mine.client_id}`;
      const http = supertest(gatehouse.url);

      const read = await http.get(path).set('Authorization', `Bearer ${mine.registration_access_token}`).expect(200);
      expect(read.body).toMatchObject({ client_id: mine.client_id, client_name: 'Managed agent' });
      expect((read.body as Registered).registration_access_token).toBeUndefined();

      for (const token of [other.registration_access_token, 'f'.repeat(80), undefined]) {
        const request = http.get(path);
        if (token) {
          request.set('Authorization', `Bearer ${token}`);
        }
        const refused = await request.expect(401);
        expect((refused.body as ErrorBody).error).toBe('invalid_token');
      }
      await http.delete(path).set('Authorization', `Bearer ${other.registration_access_token}`).expect(401);

      const current = { ...nativeClient({ client_name: 'Managed agent' }), client_id: mine.client_id };
      await http
        .put(path)
        .set('Authorization', `Bearer ${mine.registration_access_token}`)
        .send({ ...current, scope: mine.scope })
        .expect(200);
      await http
        .put(path)
        .set('Authorization', `Bearer ${other.registration_access_token}`)
        .send({ ...current, scope: mine.scope })
        .expect(401);
      for (const change of [{ redirect_uris: ['http://127.0.0.1:47399/elsewhere'] }, { resources: [] }]) {
        const changed = await http
          .put(path)
          .set('Authorization', `Bearer ${mine.registration_access_token}`)
          .send({ ...current, ...change })
          .expect(400);
        expect((changed.body as ErrorBody).error, JSON.stringify(change)).toBe('invalid_client_metadata');
      }

      await http.delete(path).set('Authorization', `Bearer ${mine.registration_access_token}`).expect(204);
      expect(await stageOf(admin, mine.client_id)).toBe('disabled');
      const log = await logOf(gatehouse, mine.client_id);
      expect(log[0]).toMatchObject({ action: 'disable', actor: { name: REGISTRATION_ACTOR } });
      await http.get(path).set('Authorization', `Bearer ${mine.registration_access_token}`).expect(401);
      expect(await stageOf(admin, other.client_id)).toBe('approved');
    });

    it('registers clients of one name side by side, each under its own version', async () => {
      const answers = await Promise.all(
        [1, 2, 3].map(() => register(gatehouse, nativeClient({ client_name: 'Same name agent' }))),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
      const versions = await Promise.all(
        answers.map(
          async (answer) =>
            (
              (await admin.agent.get(`/api/consumers/${(answer.body as Registered).client_id}`).expect(200)).body as {
                version: string;
              }
            ).version,
        ),
      );
      expect([...versions].sort()).toEqual(['1.0', '2.0', '3.0']);
    });

    it('issues an initial access token from the operator command registration:token', async () => {
      const command = new RegistrationTokenCommand(operatorContext(gatehouse));
      const printed = await printedBy(() =>
        command.run([], { grants: 'basic,editpage', note: 'from the CLI', expiresIn: 600 }),
      );
      const issued = JSON.parse(printed) as { token: string; grants: string[]; expires_at: string };
      expect(issued.grants).toEqual(['basic', 'editpage']);
      const registered = (
        await register(
          gatehouse,
          { client_name: 'CLI agent', redirect_uris: ['https://cli.example/cb'], scope: 'editpage' },
          issued.token,
        ).expect(201)
      ).body as Registered;
      expect(await stageOf(admin, registered.client_id)).toBe('approved');
      const log = await logOf(gatehouse, registered.client_id);
      expect(log[0]).toMatchObject({ action: 'approve', actor: { name: REGISTRATION_ACTOR } });
      await expect(command.run([], { grants: 'nosuchgrant', note: 'x' })).rejects.toThrow(/Unknown grants/);
    });

    it('lands a registration with an initial access token approved, with its grants, confidential allowed', async () => {
      const issued = await admin.agent
        .post('/api/admin/registration-tokens')
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ grants: ['basic', 'highvolume'], note: 'ops agent' })
        .expect(201);
      const { token } = issued.body as { token: string };
      expect(token).toMatch(/^[0-9a-f]{80}$/);

      const overreach = await register(
        gatehouse,
        { client_name: 'Ops agent', redirect_uris: ['https://ops.example/cb'], scope: 'basic editpage' },
        token,
      ).expect(400);
      expect((overreach.body as ErrorBody).error).toBe('invalid_client_metadata');

      const registered = (
        await register(
          gatehouse,
          { client_name: 'Ops agent', redirect_uris: ['https://ops.example/cb'], scope: 'basic highvolume' },
          token,
        ).expect(201)
      ).body as Registered;
      expect(registered.token_endpoint_auth_method).toBe('client_secret_basic');
      expect(registered.client_secret).toMatch(/^[0-9a-f]{40}$/);
      expect(await stageOf(admin, registered.client_id)).toBe('approved');

      // Good for one registration; a made-up token is no token.
      for (const spent of [token, 'a'.repeat(80)]) {
        const refused = await register(gatehouse, nativeClient(), spent).expect(401);
        expect((refused.body as ErrorBody).error).toBe('invalid_token');
      }
      // Only admins issue them.
      await user.agent
        .post('/api/admin/registration-tokens')
        .set('X-CSRF-Token', user.csrfToken)
        .send({ grants: ['basic'], note: 'mine' })
        .expect(403);
    });
  });

  describe('DYNAMIC_REGISTRATION=review (the default)', () => {
    let gatehouse: TestApp;
    let admin: SignedIn;
    let user: SignedIn;

    beforeAll(async () => {
      gatehouse = await startTestApp({
        env: {
          OAUTH_GROUPS_TO_NOTIFY: 'sysop',
          OAUTH2_ENABLED_GRANT_TYPES: `authorization_code,refresh_token,client_credentials,${DEVICE_GRANT}`,
        },
      });
      admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      user = await createSignedInUser(gatehouse, 'Revieweduser');
    });

    afterAll(async () => {
      await gatehouse.close();
    });

    it('proposes the client, tells the reviewers, and shows users an awaiting-review page until approval', async () => {
      const registered = (
        await register(gatehouse, {
          client_name: 'Reviewed agent',
          redirect_uris: ['https://agent.example/cb'],
          contacts: ['agent-dev@example.com'],
          resources: ['https://agent-api.example/v1'],
        }).expect(201)
      ).body as Registered;
      // A confidential client may ask: people review it, and the resources it names with it.
      expect(registered.client_secret).toBeDefined();
      expect(await stageOf(admin, registered.client_id)).toBe('proposed');
      const review = await admin.agent.get(`/admin/consumers/${registered.client_id}`).expect(200);
      expect(review.text).toContain('https://agent-api.example/v1');
      const inbox = await admin.agent.get('/api/me/notifications').expect(200);
      expect(JSON.stringify(inbox.body)).toContain('Reviewed agent');

      const { challenge } = pkcePair();
      const query = new URLSearchParams({
        response_type: 'code',
        client_id: registered.client_id,
        redirect_uri: 'https://agent.example/cb',
        state: 's',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const path = `/oauth2/authorize?${query.toString()}`;
      const waiting = await user.agent.get(path).expect(403);
      expect(waiting.text).toContain(t('authorize-review.title'));
      expect(waiting.headers.location).toBeUndefined();

      await admin.agent
        .post(`/api/admin/consumers/${registered.client_id}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'looked at it' })
        .expect(200);
      const page = await user.agent.get(path).expect(200);
      // Reviewed by a person now: no warning.
      expect(page.text).not.toContain(t('consent.unreviewed'));
      const answer = await user.agent
        .post(path)
        .type('form')
        .send({ ...consentFields(page.text), decision: 'allow' })
        .expect(303);
      expect(new URL(answer.headers.location).searchParams.get('code')).toMatch(/^[0-9a-f]+$/);
    });

    it('gives a client awaiting review no user code: unauthorized_client at the device authorization endpoint (RFC 8628 §3.1, RFC 6749 §5.2)', async () => {
      const registered = (
        await register(gatehouse, {
          client_name: 'Reviewed device',
          token_endpoint_auth_method: 'none',
          grant_types: [DEVICE_GRANT],
        }).expect(201)
      ).body as Registered;
      expect(await stageOf(admin, registered.client_id)).toBe('proposed');
      const start = () =>
        supertest(gatehouse.url)
          .post('/oauth2/device_authorization')
          .type('form')
          .send({ client_id: registered.client_id, scope: 'basic' });
      const refused = await start().expect(400);
      expect((refused.body as ErrorBody).error).toBe('unauthorized_client');
      expect(refused.body).not.toHaveProperty('user_code');

      await admin.agent
        .post(`/api/admin/consumers/${registered.client_id}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'looked at it' })
        .expect(200);
      expect((await start().expect(200)).body).toHaveProperty('user_code');
    });
  });

  describe('DYNAMIC_REGISTRATION=off, and the registration rate limit', () => {
    let off: TestApp;
    let limited: TestApp;

    beforeAll(async () => {
      [off, limited] = await Promise.all([
        startTestApp({ env: { DYNAMIC_REGISTRATION: 'off' } }),
        startTestApp({ env: { DYNAMIC_REGISTRATION: 'open', RATE_LIMIT_REGISTRATION: '2/PT1H' } }),
      ]);
    });

    afterAll(async () => {
      await Promise.all([off.close(), limited.close()]);
    });

    it('refuses to start with DYNAMIC_REGISTRATION_GRANTS naming a grant the catalogue lacks', async () => {
      await expect(startTestApp({ env: { DYNAMIC_REGISTRATION_GRANTS: 'basic,nosuchgrant' } })).rejects.toThrow(
        /DYNAMIC_REGISTRATION_GRANTS.*nosuchgrant/,
      );
    });

    it('has no endpoint and advertises none when off', async () => {
      await register(off, nativeClient()).expect(404);
      const metadata = await supertest(off.url).get('/.well-known/oauth-authorization-server').expect(200);
      expect(metadata.body).not.toHaveProperty('registration_endpoint');
    });

    it('answers a registration flood from one address with 429 and Retry-After', async () => {
      await register(limited, nativeClient()).expect(201);
      await register(limited, nativeClient()).expect(201);
      const flooded = await register(limited, nativeClient()).expect(429);
      expect(Number(flooded.headers['retry-after'])).toBeGreaterThan(0);
      expect((flooded.body as ErrorBody).error).toBe('temporarily_unavailable');
    });
  });
});
