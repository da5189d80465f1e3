import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oauth from 'oauth4webapi';
import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { temporaryDirectory } from './support/test-environment';
import { createSignedInUser } from './support/users';
import { CapturedLog } from './support/captured-log';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const PUBLIC_EXCHANGER = 'e'.repeat(32);

/** The payload of a JWT, read without checking it (the introspection answers check it). */
function payloadOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()) as Record<string, unknown>;
}

/** A STATIC_APPS_FILE with one public client that registered token exchange, which the API would refuse to make. */
function publicExchangerFile(): string {
  const path = join(temporaryDirectory(), 'static-apps.json');
  const app = {
    id: 900001,
    consumerKey: PUBLIC_EXCHANGER,
    name: 'Public exchanger',
    version: '1.0',
    description: 'A public client with token exchange',
    oauthVersion: 2,
    grants: ['basic', 'token-exchange'],
    userId: 1,
    callbackUrl: 'https://public.example/cb',
    oauth2IsConfidential: false,
    oauth2GrantTypes: ['authorization_code', TOKEN_EXCHANGE],
  };
  writeFileSync(path, JSON.stringify([app]));
  return path;
}

/**
 * Token exchange (RFC 8693, issue 14 item 5): a user authorizes a front-end app A and a back-end service B (whose
 * authorization includes `token-exchange`); B trades A's token for one of its own, for the same user, with no more
 * than A's token, B's grants and the user's authorization of B allow, and `act` naming B.
 */
describe('OAuth 2 token exchange (RFC 8693)', () => {
  const insecure = { [oauth.allowInsecureRequests]: true };
  const log = new CapturedLog();
  let gatehouse: TestApp;
  let user: SignedIn;
  let stranger: SignedIn;
  let frontend: Oauth2Client;
  let service: Oauth2Client;
  let relay: Oauth2Client;
  let withoutGrant: Oauth2Client;
  let as: oauth.AuthorizationServer;
  let subject: { access_token: string; refresh_token?: string; scope: string };

  const exchange = (client: Oauth2Client, form: Record<string, string>) =>
    postForm(
      gatehouse,
      '/oauth2/token',
      { grant_type: TOKEN_EXCHANGE, subject_token_type: ACCESS_TOKEN_TYPE, ...form },
      client,
    );
  const introspect = async (token: string, caller: Oauth2Client) =>
    (await postForm(gatehouse, '/oauth2/introspect', { token }, caller).expect(200)).body as Record<string, unknown>;
  const refused = async (client: Oauth2Client, form: Record<string, string>, error: string) => {
    const response = await exchange(client, form).expect(error === 'invalid_client' ? 401 : 400);
    expect(response.body.error, JSON.stringify(response.body)).toBe(error);
    return response.body as { error: string; error_description: string };
  };

  beforeAll(async () => {
    gatehouse = await startTestApp({
      env: {
        OAUTH2_ENABLED_GRANT_TYPES: `authorization_code,refresh_token,client_credentials,${TOKEN_EXCHANGE}`,
        STATIC_APPS_FILE: publicExchangerFile(),
      },
      logger: log.logger,
    });
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Exchangedev');
    user = await createSignedInUser(gatehouse, 'Exchangeuser');
    stranger = await createSignedInUser(gatehouse, 'Exchangestranger');
    frontend = await registerOauth2Client(dev, admin, {
      name: 'Front end',
      grants: ['basic', 'editpage', 'uploadfile'],
    });
    const exchanger = (name: string, grants: string[]) =>
      registerOauth2Client(dev, admin, { name, grants, grantTypes: ['authorization_code', TOKEN_EXCHANGE] });
    service = await exchanger('Back-end service', ['editpage', 'sendemail', 'token-exchange']);
    relay = await exchanger('Relay service', ['editpage', 'token-exchange']);
    withoutGrant = await exchanger('Service without the grant', ['editpage']);
    subject = await userTokens(gatehouse, user, frontend);
    // The user authorizes the services once, as any app; the consent names the exchange.
    for (const client of [service, relay, withoutGrant]) {
      await userTokens(gatehouse, user, client);
    }
    await userTokens(gatehouse, stranger, frontend);

    const issuer = new URL(gatehouse.url);
    as = await oauth.processDiscoveryResponse(
      issuer,
      await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...insecure }),
    );
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('advertises the grant type when it is enabled', () => {
    expect(as.grant_types_supported).toContain(TOKEN_EXCHANGE);
    expect(as.scopes_supported).toContain('token-exchange');
  });

  it("issues the service a token of its own for the user's subject token (oauth4webapi genericTokenEndpointRequest)", async () => {
    const client: oauth.Client = { client_id: service.clientId };
    const response = await oauth.genericTokenEndpointRequest(
      as,
      client,
      oauth.ClientSecretBasic(service.secret as string),
      TOKEN_EXCHANGE,
      { subject_token: subject.access_token, subject_token_type: ACCESS_TOKEN_TYPE, audience: service.clientId },
      insecure,
    );
    const result = await oauth.processGenericTokenEndpointResponse(as, client, response);
    expect(result).toMatchObject({
      token_type: 'bearer',
      issued_token_type: ACCESS_TOKEN_TYPE,
      scope: 'basic editpage',
    });
    expect(result.refresh_token).toBeUndefined();
    expect(result.expires_in).toBeLessThanOrEqual(3600);

    const subjectClaims = payloadOf(subject.access_token);
    const claims = payloadOf(result.access_token);
    expect(claims).toMatchObject({
      aud: service.clientId,
      client_id: service.clientId,
      sub: subjectClaims.sub,
      scope: 'basic editpage',
      scopes: ['basic', 'editpage'],
      grant_type: TOKEN_EXCHANGE,
      act: { sub: service.clientId, client_id: service.clientId },
    });
    expect(claims.exp).toBeLessThanOrEqual(subjectClaims.exp as number);

    const introspection = await introspect(result.access_token, service);
    expect(introspection).toMatchObject({
      active: true,
      client_id: service.clientId,
      aud: service.clientId,
      sub: subjectClaims.sub,
      username: 'Exchangeuser',
      scope: 'basic editpage',
      act: { sub: service.clientId, client_id: service.clientId },
    });
    // The front end no longer sees it as its own.
    expect(await introspect(result.access_token, frontend)).toEqual({ active: false });

    await new Promise((resolve) => setTimeout(resolve, 100));
    const audit = log.records().find((record) => record.action === 'token-exchange' && record.jti === claims.jti);
    expect(audit).toMatchObject({
      context: 'Audit',
      consumer: service.clientId,
      subjectConsumer: frontend.clientId,
      userId: Number(subjectClaims.sub),
      subjectJti: subjectClaims.jti,
      scope: 'basic editpage',
    });
    expect(log.text()).not.toContain(result.access_token);
    expect(log.text()).not.toContain(subject.access_token);
  });

  it('nests the earlier actor when an exchanged token is exchanged again', async () => {
    const first = (await exchange(service, { subject_token: subject.access_token }).expect(200)).body;
    const second = (await exchange(relay, { subject_token: first.access_token }).expect(200)).body;
    expect(second.scope).toBe('basic editpage');
    const actor = { sub: relay.clientId, client_id: relay.clientId };
    const previous = { sub: service.clientId, client_id: service.clientId };
    expect(payloadOf(second.access_token).act).toEqual({ ...actor, act: previous });
    expect((await introspect(second.access_token, relay)).act).toEqual({ ...actor, act: previous });
  });

  it('refuses widening: a scope the subject token did not carry, or the service was not granted', async () => {
    // sendemail: the service holds it and the user allowed it, but the front end's token does not carry it.
    const notCarried = await refused(
      service,
      { subject_token: subject.access_token, scope: 'editpage sendemail' },
      'invalid_scope',
    );
    expect(notCarried.error_description).toContain('sendemail');
    // uploadfile: the subject token carries it, the service was never granted it.
    await refused(service, { subject_token: subject.access_token, scope: 'uploadfile' }, 'invalid_scope');
    await refused(service, { subject_token: subject.access_token, scope: 'token-exchange' }, 'invalid_scope');
    const narrowed = await exchange(service, { subject_token: subject.access_token, scope: 'editpage' }).expect(200);
    expect(narrowed.body.scope).toBe('editpage');
  });

  it('refuses public clients and clients without the token-exchange grant', async () => {
    await refused({ clientId: PUBLIC_EXCHANGER }, { subject_token: subject.access_token }, 'unauthorized_client');
    const missing = await refused(withoutGrant, { subject_token: subject.access_token }, 'unauthorized_client');
    expect(missing.error_description).toContain('token-exchange');
    // A client that did not register the grant type is refused by the token endpoint itself.
    await refused(frontend, { subject_token: subject.access_token }, 'unauthorized_client');
  });

  it('refuses to register token exchange for a public client or an owner-only one with the grant', async () => {
    const dev = await createSignedInUser(gatehouse, 'Exchangedev2');
    const propose = (body: Record<string, unknown>) =>
      dev.agent
        .post('/api/consumers')
        .set('X-CSRF-Token', dev.csrfToken)
        .send({ oauthVersion: 2, version: '1.0', description: 'x', email: dev.email, ...body });
    const publicClient = await propose({
      name: 'Public',
      grants: ['basic', 'token-exchange'],
      callbackUrl: 'https://public.example/cb',
      oauth2IsConfidential: false,
      oauth2GrantTypes: ['authorization_code', TOKEN_EXCHANGE],
    }).expect(400);
    expect(publicClient.body.message).toContain('token exchange');
    const ownerOnly = await propose({ name: 'Mine', grants: ['token-exchange'], ownerOnly: true }).expect(400);
    expect(ownerOnly.body.code).toBe('invalid_grants');
  });

  it('refuses a subject token issued to the service itself', async () => {
    const own = await userTokens(gatehouse, user, service);
    const body = await refused(service, { subject_token: own.access_token }, 'invalid_request');
    expect(body.error_description).toContain('issued to this client');
  });

  it('refuses when the user never authorized the service', async () => {
    const theirs = await userTokens(gatehouse, stranger, frontend);
    const body = await refused(service, { subject_token: theirs.access_token }, 'invalid_request');
    expect(body.error_description).toContain('not authorized');
    // Authorizing the service without the exchange is not enough either.
    const chooser = await createSignedInUser(gatehouse, 'Exchangechooser');
    const chosen = await userTokens(gatehouse, chooser, frontend);
    expect((await userTokens(gatehouse, chooser, service, { scope: 'editpage' })).scope).not.toContain(
      'token-exchange',
    );
    await refused(service, { subject_token: chosen.access_token }, 'invalid_request');
  });

  it('refuses other token types, actor tokens and audiences or resources other than the service', async () => {
    const subjectToken = subject.access_token;
    for (const type of ['urn:ietf:params:oauth:token-type:id_token', 'urn:ietf:params:oauth:token-type:jwt']) {
      await refused(service, { subject_token: subjectToken, subject_token_type: type }, 'invalid_request');
    }
    await refused(service, { subject_token: subjectToken, subject_token_type: '' }, 'invalid_request');
    await refused(service, { subject_token_type: ACCESS_TOKEN_TYPE }, 'invalid_request');
    const refreshType = 'urn:ietf:params:oauth:token-type:refresh_token';
    await refused(service, { subject_token: subjectToken, requested_token_type: refreshType }, 'invalid_request');
    await refused(
      service,
      { subject_token: subjectToken, actor_token: subjectToken, actor_token_type: ACCESS_TOKEN_TYPE },
      'invalid_request',
    );
    await refused(service, { subject_token: subjectToken, audience: frontend.clientId }, 'invalid_target');
    await refused(service, { subject_token: subjectToken, resource: 'https://api.example/' }, 'invalid_target');
    await refused(service, { subject_token: 'not-a-token' }, 'invalid_request');
    const allowed = {
      subject_token: subjectToken,
      audience: service.clientId,
      requested_token_type: ACCESS_TOKEN_TYPE,
    };
    await exchange(service, allowed).expect(200);
  });

  it('refuses a revoked subject token, and ends exchanged tokens with the grant they came from', async () => {
    const fresh = await userTokens(gatehouse, user, frontend);
    const exchanged = (await exchange(service, { subject_token: fresh.access_token }).expect(200)).body;
    expect((await introspect(exchanged.access_token, service)).active).toBe(true);
    await postForm(gatehouse, '/oauth2/revoke', { token: fresh.access_token }, frontend).expect(200);
    const body = await refused(service, { subject_token: fresh.access_token }, 'invalid_request');
    expect(body.error_description).toContain('revoked');
    // Revoking the front end's refresh token revokes its grant (RFC 7009 §2.1), the exchanged token with it.
    await postForm(gatehouse, '/oauth2/revoke', { token: fresh.refresh_token as string }, frontend).expect(200);
    expect(await introspect(exchanged.access_token, service)).toEqual({ active: false });
  });

  it('ends exchanged tokens when the user revokes the authorization of the service', async () => {
    const fresh = await userTokens(gatehouse, stranger, frontend);
    await userTokens(gatehouse, stranger, service);
    const exchanged = (await exchange(service, { subject_token: fresh.access_token }).expect(200)).body;
    const grants = (await stranger.agent.get('/api/me/grants').expect(200)).body as {
      id: number;
      consumer: { consumerKey: string };
    }[];
    const authorization = grants.find((grant) => grant.consumer.consumerKey === service.clientId);
    await stranger.agent
      .delete(`/api/me/grants/${authorization?.id}`)
      .set('X-CSRF-Token', stranger.csrfToken)
      .expect(204);
    expect(await introspect(exchanged.access_token, service)).toEqual({ active: false });
    await refused(service, { subject_token: fresh.access_token }, 'invalid_request');
  });

  it('refuses an expired subject token', async () => {
    const fresh = await userTokens(gatehouse, user, frontend);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 2 * 3600 * 1000);
      const body = await refused(service, { subject_token: fresh.access_token }, 'invalid_request');
      expect(body.error_description).toContain('expired');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('OAuth 2 token exchange, switched off (the default)', () => {
  it('is neither advertised nor served', async () => {
    const gatehouse = await startTestApp();
    try {
      const metadata = await gatehouse.http().get('/.well-known/oauth-authorization-server').expect(200);
      expect(metadata.body.grant_types_supported).not.toContain(TOKEN_EXCHANGE);
      const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
      const dev = await createSignedInUser(gatehouse, 'Offdev');
      const client = await registerOauth2Client(dev, admin, { name: 'Off', grants: ['basic', 'token-exchange'] });
      const form = { grant_type: TOKEN_EXCHANGE, subject_token: 'x', subject_token_type: ACCESS_TOKEN_TYPE };
      const answer = await postForm(gatehouse, '/oauth2/token', form, client).expect(400);
      expect(answer.body.error).toBe('unsupported_grant_type');
    } finally {
      await gatehouse.close();
    }
  });
});
