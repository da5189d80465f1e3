import * as oauth from 'oauth4webapi';
import { rmSync } from 'node:fs';
import supertest from 'supertest';
import { t } from '../../src/common/messages/catalogue';
import { DocumentHost, json } from './support/client-metadata-host';
import { consentFields, pkcePair, postForm, registerOauth2Client } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { temporaryDirectory } from './support/test-environment';
import { createSignedInUser } from './support/users';

/** A native app's loopback redirect URI (RFC 8252 §7.3); nothing listens there, the test reads the redirect. */
const LOOPBACK = 'http://127.0.0.1:47311/callback';
const TOOLS = 'https://mcp.example.com/tools';
const PROTECTED_RESOURCES = JSON.stringify([{ resource: TOOLS, name: 'Company tools', grants: ['basic'] }]);
const insecure = { [oauth.allowInsecureRequests]: true };
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

interface PushedDto {
  request_uri: string;
}

const agentDocument = (name: string, extra: Record<string, unknown> = {}) =>
  json({
    client_name: name,
    redirect_uris: [LOOPBACK],
    grant_types: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_method: 'none',
    ...extra,
  });

function authorizationPath(clientId: string, challenge: string, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: LOOPBACK,
    state: 'st',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...extra,
  });
  return `/oauth2/authorize?${query.toString()}`;
}

/** The browser's part: the consent page, allowed; answers where the browser is sent. */
async function allow(user: SignedIn, path: string): Promise<URL> {
  const page = await user.agent.get(path).expect(200);
  const answer = await user.agent
    .post(path)
    .type('form')
    .send({ ...consentFields(page.text), decision: 'allow' })
    .expect(303);
  return new URL(answer.headers.location);
}

async function metadataOf(gatehouse: TestApp): Promise<Record<string, unknown>[]> {
  const documents = ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'];
  return Promise.all(
    documents.map(
      async (path) => (await supertest(gatehouse.url).get(path).expect(200)).body as Record<string, unknown>,
    ),
  );
}

/** The code flow with PKCE through oauth4webapi's token request, with the client known by its document URL. */
async function codeFlowTokens(
  gatehouse: TestApp,
  user: SignedIn,
  clientId: string,
  extra: Record<string, string> = {},
): Promise<oauth.TokenEndpointResponse> {
  const issuer = new URL(gatehouse.url);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
  );
  const client: oauth.Client = { client_id: clientId };
  const verifier = oauth.generateRandomCodeVerifier();
  const path = authorizationPath(clientId, await oauth.calculatePKCECodeChallenge(verifier), extra);
  const callback = await allow(user, path);
  const parameters = oauth.validateAuthResponse(as, client, callback, 'st');
  return oauth.processAuthorizationCodeResponse(
    as,
    client,
    await oauth.authorizationCodeGrantRequest(as, client, oauth.None(), parameters, LOOPBACK, verifier, {
      ...insecure,
      additionalParameters: extra.resource === undefined ? undefined : { resource: extra.resource },
    }),
  );
}

describe('Client ID Metadata Documents (issue 23 item 4)', () => {
  const host = new DocumentHost();
  let directory: string;

  beforeAll(async () => {
    directory = temporaryDirectory();
    await host.start(directory);
  });

  afterAll(async () => {
    await host.stop();
    rmSync(directory, { recursive: true, force: true });
  });

  /** The loopback document host, named exactly (trusted at any address), and `*` for the public internet only. */
  const documentEnv = (mode: string) => ({
    DYNAMIC_REGISTRATION: mode,
    DYNAMIC_REGISTRATION_GRANTS: `basic,openid,${TOOLS}`,
    CLIENT_METADATA_HOSTS: `127.0.0.1:${new URL(host.base).port}, *`,
    CLIENT_METADATA_CA_FILE: host.caFile,
    PROTECTED_RESOURCES,
    OAUTH_GROUPS_TO_NOTIFY: 'sysop',
  });

  describe('DYNAMIC_REGISTRATION=open', () => {
    let gatehouse: TestApp;
    let admin: SignedIn;
    let user: SignedIn;

    beforeAll(async () => {
      gatehouse = await startTestApp({ env: documentEnv('open') });
      admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      user = await createSignedInUser(gatehouse, 'Cimduser');
    });

    afterAll(async () => {
      await gatehouse.close();
    });

    it('advertises client_id_metadata_document_supported in RFC 8414 metadata and OpenID Connect discovery', async () => {
      for (const document of await metadataOf(gatehouse)) {
        expect(document.client_id_metadata_document_supported).toBe(true);
      }
    });

    it('runs the code flow with PKCE for a client known by its document URL, which tokens name as client_id', async () => {
      const clientId = host.serve('/agents/open.json', agentDocument('Open agent', { scope: 'basic' }));
      const tokens = await codeFlowTokens(gatehouse, user, clientId, { resource: TOOLS });
      expect(tokens.scope).toBe('basic');
      const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()) as {
        client_id: string;
        aud: string;
      };
      expect(claims).toMatchObject({ client_id: clientId, aud: TOOLS });

      // A gateway's introspection names the client by its URL, and the resource as the audience.
      const dev = await createSignedInUser(gatehouse, 'Cimddev');
      const gateway = await registerOauth2Client(dev, admin, {
        name: 'CIMD gateway',
        grants: ['basic', 'introspect'],
        grantTypes: ['client_credentials'],
      });
      const introspect = async (token: string) =>
        (await postForm(gatehouse, '/oauth2/introspect', { token }, gateway).expect(200)).body as Record<
          string,
          unknown
        >;
      expect(await introspect(tokens.access_token)).toMatchObject({ active: true, client_id: clientId, aud: TOOLS });
      expect(await introspect(tokens.refresh_token as string)).toMatchObject({ active: true, client_id: clientId });

      // The refresh and the revocation take the URL as the public client's identifier (method none).
      const refreshed = (
        await postForm(gatehouse, '/oauth2/token', {
          grant_type: 'refresh_token',
          refresh_token: tokens.refresh_token as string,
          client_id: clientId,
        }).expect(200)
      ).body as { access_token: string };
      expect(await introspect(refreshed.access_token)).toMatchObject({ active: true, client_id: clientId, aud: TOOLS });
      await postForm(gatehouse, '/oauth2/revoke', { token: refreshed.access_token, client_id: clientId }).expect(200);
      expect(await introspect(refreshed.access_token)).toEqual({ active: false });

      // One consumer for the URL, proposed and approved by the system account, found again on the next visit.
      const again = await allow(user, authorizationPath(clientId, pkcePair().challenge));
      expect(again.searchParams.get('code')).toBeTruthy();
      const listed = await admin.agent.get('/api/consumers').query({ name: 'Open agent' }).expect(200);
      const consumers = (listed.body as { consumers: { stage: string }[] }).consumers;
      expect(consumers.map((consumer) => consumer.stage)).toEqual(['approved']);
    });

    it('issues an ID Token whose aud and azp are the document URL, which oauth4webapi checks', async () => {
      const clientId = host.serve('/agents/oidc.json', agentDocument('OIDC agent', { scope: 'openid basic' }));
      const tokens = await codeFlowTokens(gatehouse, user, clientId, { scope: 'openid basic' });
      const claims = oauth.getValidatedIdTokenClaims(tokens);
      expect(claims).toMatchObject({ aud: clientId, azp: clientId });
    });

    it('takes a pushed authorization request (RFC 9126) from a client known by its document URL', async () => {
      const clientId = host.serve('/agents/pushed.json', agentDocument('Pushed agent'));
      const { challenge } = pkcePair();
      const pushed = await postForm(gatehouse, '/oauth2/par', {
        client_id: clientId,
        response_type: 'code',
        redirect_uri: LOOPBACK,
        state: 'st',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      }).expect(201);
      const { request_uri: requestUri } = pushed.body as { request_uri: string };
      const query = new URLSearchParams({ client_id: clientId, request_uri: requestUri });
      const callback = await allow(user, `/oauth2/authorize?${query.toString()}`);
      expect(callback.searchParams.get('code')).toBeTruthy();
    });

    it('follows a changed document for its redirect URIs, never for more grants than were approved', async () => {
      const moved = 'http://127.0.0.1:47312/callback';
      let current = agentDocument('Changing agent', { scope: 'basic' });
      const clientId = host.serve('/agents/changing.json', (self, response) => current(self, response));
      expect(
        (await allow(user, authorizationPath(clientId, pkcePair().challenge))).searchParams.get('code'),
      ).toBeTruthy();

      // Not cached (no Cache-Control), so the next request reads the document as it is now.
      current = agentDocument('Changing agent', { scope: 'basic editpage', redirect_uris: [moved] });
      await user.agent.get(authorizationPath(clientId, pkcePair().challenge)).expect(401);
      const { verifier, challenge } = pkcePair();
      const callback = await allow(
        user,
        authorizationPath(clientId, challenge, { redirect_uri: moved, scope: 'basic editpage' }),
      );
      expect(`${callback.origin}${callback.pathname}`).toBe(moved);
      const tokens = await postForm(gatehouse, '/oauth2/token', {
        grant_type: 'authorization_code',
        code: callback.searchParams.get('code') ?? '',
        redirect_uri: moved,
        code_verifier: verifier,
        client_id: clientId,
      }).expect(200);
      // editpage, which the document added after approval, is not granted.
      expect((tokens.body as { scope: string }).scope).toBe('basic');
    });

    it('keeps one usable consumer for a URL that two instances meet at the same moment', async () => {
      const second = await startTestApp({ shareWith: gatehouse });
      try {
        const clientId = host.serve('/agents/twice.json', agentDocument('Twice agent'));
        const path = authorizationPath(clientId, pkcePair().challenge);
        // Signed out: the client is looked up (and registered) before the sign-in is asked for.
        const answers = await Promise.all([gatehouse, second, gatehouse, second].map((app) => app.http().get(path)));
        expect(answers.map((answer) => answer.status)).toEqual([303, 303, 303, 303]);
        const listed = await admin.agent.get('/api/consumers').query({ name: 'Twice agent' }).expect(200);
        const stages = (listed.body as { consumers: { stage: string }[] }).consumers.map((consumer) => consumer.stage);
        // One approved; a proposal that lost the race to the URL is rejected, never left usable.
        expect(stages.filter((stage) => stage === 'approved')).toHaveLength(1);
        expect(stages.every((stage) => stage === 'approved' || stage === 'rejected')).toBe(true);
      } finally {
        await second.close();
      }
    });

    it('says on the consent page that no person reviewed the application, and where its document lives', async () => {
      const clientId = host.serve('/agents/consent.json', agentDocument('Consent agent'));
      const page = await user.agent.get(authorizationPath(clientId, pkcePair().challenge)).expect(200);
      expect(page.text).toContain(t('consent.unreviewed'));
      // Anyone may publish any client_name: the page also names the document's address, which its host vouches for.
      expect(page.text).toContain(clientId);
    });

    it('requires PKCE: no code without a code_challenge', async () => {
      const clientId = host.serve('/agents/pkce.json', agentDocument('PKCE agent'));
      const query = new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: LOOPBACK });
      const answer = await user.agent.get(`/oauth2/authorize?${query.toString()}`).expect(302);
      const callback = new URL(answer.headers.location);
      expect(callback.searchParams.get('error')).toBe('invalid_request');
      expect(callback.searchParams.get('code')).toBeNull();
    });

    it('refuses a redirect URI the document does not list, with a page and no redirect', async () => {
      const clientId = host.serve('/agents/redirect-uri.json', agentDocument('Redirect agent'));
      const path = authorizationPath(clientId, pkcePair().challenge, { redirect_uri: 'http://127.0.0.1:47311/other' });
      const page = await user.agent.get(path).expect(401);
      expect(page.headers.location).toBeUndefined();
      expect(page.text).toContain('redirect_uri');
    });

    /** The authorization request of `clientId` ends on an error page naming the client unknown, and why. */
    async function refused(clientId: string, reason: string): Promise<void> {
      const page = await user.agent.get(authorizationPath(clientId, pkcePair().challenge));
      expect(page.status, page.text).toBe(401);
      expect(page.headers.location).toBeUndefined();
      expect(page.text).toContain(reason);
    }

    it('refuses a client_id at a loopback address that only the wildcard allows, without fetching it', async () => {
      host.serve('/agents/private.json', agentDocument('Private agent'));
      await refused(`https://localhost:${new URL(host.base).port}/agents/private.json`, 'no public address');
      await refused(`https://127.0.0.2:${new URL(host.base).port}/agents/private.json`, 'not public');
      expect(host.asked('/agents/private.json')).toBe(0);
    });

    it('refuses a document whose client_id is not its own URL', async () => {
      const clientId = host.serve('/agents/impostor.json', (_self, response) =>
        json({ redirect_uris: [LOOPBACK] })(`${host.base}/agents/open.json`, response),
      );
      await refused(clientId, 'not the address it was fetched from');
    });

    it('refuses a document that carries a client secret', async () => {
      const clientId = host.serve('/agents/secret.json', agentDocument('Secret agent', { client_secret: 'leaked' }));
      await refused(clientId, 'client secret');
    });

    it('refuses a redirecting, an oversized and a slow document', async () => {
      const redirecting = host.serve('/agents/moved.json', (_self, response) =>
        response.writeHead(302, { location: `${host.base}/agents/open.json` }).end(),
      );
      await refused(redirecting, 'answered 302');
      const oversized = host.serve('/agents/big.json', agentDocument('Big agent', { padding: 'x'.repeat(6000) }));
      await refused(oversized, 'could not be fetched');
      const slow = host.serve('/agents/slow.json', (self, response) => {
        const timer = setTimeout(() => agentDocument('Slow agent')(self, response), 6000);
        response.on('close', () => clearTimeout(timer));
      });
      await refused(slow, 'could not be fetched');
    }, 20_000);
  });

  describe('DYNAMIC_REGISTRATION=review', () => {
    let gatehouse: TestApp;
    let admin: SignedIn;
    let user: SignedIn;

    beforeAll(async () => {
      gatehouse = await startTestApp({
        env: {
          ...documentEnv('review'),
          OAUTH2_ENABLED_GRANT_TYPES: `authorization_code,refresh_token,${DEVICE_GRANT}`,
        },
      });
      admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      user = await createSignedInUser(gatehouse, 'Cimdreviewed');
    });

    afterAll(async () => {
      await gatehouse.close();
    });

    it('proposes the client, tells the reviewers, shows the awaiting-review page, and lets the flow finish once approved', async () => {
      const clientId = host.serve('/agents/reviewed.json', agentDocument('Reviewed document agent'));
      const waiting = await user.agent.get(authorizationPath(clientId, pkcePair().challenge)).expect(403);
      expect(waiting.text).toContain(t('authorize-review.title'));
      expect(waiting.headers.location).toBeUndefined();
      const inbox = await admin.agent.get('/api/me/notifications').expect(200);
      expect(JSON.stringify(inbox.body)).toContain('Reviewed document agent');

      const queue = await admin.agent.get('/api/admin/consumers').query({ stage: 'proposed' }).expect(200);
      const proposed = (queue.body as { consumers: { consumerKey: string; name: string }[] }).consumers.find(
        (consumer) => consumer.name === 'Reviewed document agent',
      );
      await admin.agent
        .post(`/api/admin/consumers/${proposed?.consumerKey}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'looked at its document' })
        .expect(200);
      const tokens = await codeFlowTokens(gatehouse, user, clientId);
      expect(tokens.access_token).toBeTruthy();
    });

    it('takes a pushed request (RFC 9126) from a document client awaiting review, as the authorization endpoint would: proposed once, the awaiting-review page, no code until approved', async () => {
      const clientId = host.serve('/agents/pushed-reviewed.json', agentDocument('Pushed reviewed agent'));
      const { verifier, challenge } = pkcePair();
      const push = async () => {
        const pushed = await postForm(gatehouse, '/oauth2/par', {
          client_id: clientId,
          response_type: 'code',
          redirect_uri: LOOPBACK,
          state: 'st',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        }).expect(201);
        const query = new URLSearchParams({ client_id: clientId, request_uri: (pushed.body as PushedDto).request_uri });
        return `/oauth2/authorize?${query.toString()}`;
      };
      const redeem = (code: string) =>
        postForm(gatehouse, '/oauth2/token', {
          grant_type: 'authorization_code',
          client_id: clientId,
          code,
          redirect_uri: LOOPBACK,
          code_verifier: verifier,
        });

      // The first push fetches the document and proposes the client, which the reviewers hear of.
      const waiting = await user.agent.get(await push()).expect(403);
      expect(waiting.text).toContain(t('authorize-review.title'));
      expect(waiting.headers.location).toBeUndefined();
      const inbox = await admin.agent.get('/api/me/notifications').expect(200);
      expect(JSON.stringify(inbox.body)).toContain('Pushed reviewed agent');
      const queue = await admin.agent.get('/api/admin/consumers').query({ stage: 'proposed' }).expect(200);
      const proposals = (queue.body as { consumers: { consumerKey: string; name: string }[] }).consumers.filter(
        (consumer) => consumer.name === 'Pushed reviewed agent',
      );
      expect(proposals).toHaveLength(1);
      // Pushed again while it waits: the same proposal, the same page, and still no code to redeem.
      await user.agent.get(await push()).expect(403);
      expect(((await redeem('0'.repeat(64)).expect(400)).body as { error: string }).error).toBe('invalid_grant');

      await admin.agent
        .post(`/api/admin/consumers/${proposals[0].consumerKey}/approve`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ reason: 'looked at its document' })
        .expect(200);
      const callback = await allow(user, await push());
      const code = callback.searchParams.get('code') ?? '';
      const tokens = await redeem(code).expect(200);
      expect((tokens.body as { access_token: string }).access_token).toBeTruthy();
    });

    it('gives a document client awaiting review no user code: unauthorized_client at the device authorization endpoint (RFC 8628 §3.1)', async () => {
      const clientId = host.serve('/agents/device-reviewed.json', agentDocument('Device reviewed agent'));
      // Met (and proposed) at the authorization endpoint first, so the device endpoint knows the URL.
      await user.agent.get(authorizationPath(clientId, pkcePair().challenge)).expect(403);
      const refused = await postForm(gatehouse, '/oauth2/device_authorization', {
        client_id: clientId,
        scope: 'basic',
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'unauthorized_client' });
      expect(refused.body).not.toHaveProperty('user_code');
    });
  });

  describe('DYNAMIC_REGISTRATION=off', () => {
    let gatehouse: TestApp;
    let user: SignedIn;

    beforeAll(async () => {
      gatehouse = await startTestApp({ env: documentEnv('off') });
      user = await createSignedInUser(gatehouse, 'Cimdoff');
    });

    afterAll(async () => {
      await gatehouse.close();
    });

    it('neither advertises documents nor fetches one: the URL is an unknown client', async () => {
      for (const document of await metadataOf(gatehouse)) {
        expect(document.client_id_metadata_document_supported).toBeUndefined();
      }
      const clientId = host.serve('/agents/off.json', agentDocument('Off agent'));
      const page = await user.agent.get(authorizationPath(clientId, pkcePair().challenge)).expect(401);
      expect(page.text).toContain('unknown client');
      expect(host.asked('/agents/off.json')).toBe(0);
    });
  });
});
