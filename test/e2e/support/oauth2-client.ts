import { createHash, randomBytes } from 'node:crypto';
import supertest from 'supertest';
import type { SignedIn } from './session-client';
import type { TestApp } from './test-app';

export const CALLBACK = 'https://app.example/callback';

export interface Oauth2Client {
  clientId: string;
  secret?: string;
  accessToken?: string;
}

export interface ClientProposal {
  name: string;
  grants?: string[];
  confidential?: boolean;
  grantTypes?: string[];
  ownerOnly?: boolean;
  callbackUrl?: string;
  postLogoutRedirectUris?: string[];
  backchannelLogoutUri?: string;
  dpopBoundAccessTokens?: boolean;
  tokenEndpointAuthMethod?: string;
  jwks?: unknown;
  jwksUri?: string;
  requirePushedAuthorizationRequests?: boolean;
  resources?: string[];
}

/** Registers an OAuth 2 client as `developer` through the JSON API and, unless owner-only, approves it as `admin`. */
export async function registerOauth2Client(
  developer: SignedIn & { email: string },
  admin: SignedIn,
  proposal: ClientProposal,
  approve = true,
): Promise<Oauth2Client> {
  const created = await developer.agent
    .post('/api/consumers')
    .set('X-CSRF-Token', developer.csrfToken)
    .send({
      oauthVersion: 2,
      name: proposal.name,
      version: '1.0',
      description: `${proposal.name} for the tests`,
      email: developer.email,
      grants: proposal.grants ?? ['basic', 'editpage'],
      callbackUrl: proposal.ownerOnly ? undefined : (proposal.callbackUrl ?? CALLBACK),
      ownerOnly: proposal.ownerOnly ?? false,
      oauth2IsConfidential: proposal.confidential ?? true,
      oauth2GrantTypes: proposal.grantTypes,
      postLogoutRedirectUris: proposal.postLogoutRedirectUris,
      backchannelLogoutUri: proposal.backchannelLogoutUri,
      dpopBoundAccessTokens: proposal.dpopBoundAccessTokens,
      tokenEndpointAuthMethod: proposal.tokenEndpointAuthMethod,
      jwks: proposal.jwks,
      jwksUri: proposal.jwksUri,
      requirePushedAuthorizationRequests: proposal.requirePushedAuthorizationRequests,
      resources: proposal.resources,
    })
    .expect(201);
  const body = created.body as { consumer: { consumerKey: string }; secret?: string; accessToken?: string };
  if (approve && !proposal.ownerOnly) {
    await admin.agent
      .post(`/api/admin/consumers/${body.consumer.consumerKey}/approve`)
      .set('X-CSRF-Token', admin.csrfToken)
      .send({ reason: 'ok' })
      .expect(200);
  }
  return { clientId: body.consumer.consumerKey, secret: body.secret, accessToken: body.accessToken };
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The consent page's hidden fields, read from its HTML. */
export function consentFields(html: string): { csrf: string; request: string } {
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const request = /name="request" value="([^"]+)"/.exec(html)?.[1] ?? '';
  return { csrf, request };
}

/**
 * `/oauth2/authorize` as `user`, answered `decision` on the consent page (when one is shown); answers the URL
 * the browser is finally sent to.
 */
export async function authorize(
  user: SignedIn,
  query: Record<string, string>,
  decision: 'allow' | 'cancel' = 'allow',
  path = '/oauth2/authorize',
): Promise<URL> {
  const page = await user.agent.get(path).query({ response_type: 'code', ...query });
  if (page.status === 302) {
    return new URL(page.headers.location);
  }
  if (page.status !== 200) {
    throw new Error(`authorize answered ${page.status}: ${page.text}`);
  }
  const fields = consentFields(page.text);
  const answer = await user.agent
    .post(path)
    .query({ response_type: 'code', ...query })
    .type('form')
    .send({ ...fields, decision })
    .expect(303);
  return new URL(answer.headers.location);
}

/** Runs the code flow with PKCE and answers the code with its verifier. */
export async function authorizationCode(
  user: SignedIn,
  client: Oauth2Client,
  query: Record<string, string> = {},
): Promise<{ code: string; verifier: string; redirect: URL }> {
  const { verifier, challenge } = pkcePair();
  const redirect = await authorize(user, {
    client_id: client.clientId,
    redirect_uri: CALLBACK,
    state: 'st-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...query,
  });
  const code = redirect.searchParams.get('code');
  if (!code) {
    throw new Error(`no code in ${redirect.toString()}`);
  }
  return { code, verifier, redirect };
}

/** POSTs a form to the token endpoint (or another form endpoint), with the client's secret in the body. */
export function postForm(
  gatehouse: Pick<TestApp, 'url'>,
  path: string,
  form: Record<string, string>,
  client?: Oauth2Client,
): supertest.Test {
  const credentials = client
    ? { client_id: client.clientId, ...(client.secret ? { client_secret: client.secret } : {}) }
    : {};
  return supertest(gatehouse.url)
    .post(path)
    .type('form')
    .send({ ...credentials, ...form });
}

/** The code flow through to tokens. */
export async function userTokens(
  gatehouse: TestApp,
  user: SignedIn,
  client: Oauth2Client,
  query: Record<string, string> = {},
): Promise<{ access_token: string; refresh_token?: string; scope: string; expires_in: number }> {
  const { code, verifier } = await authorizationCode(user, client, query);
  const response = await postForm(
    gatehouse,
    '/oauth2/token',
    { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier },
    client,
  ).expect(200);
  return response.body as { access_token: string; refresh_token?: string; scope: string; expires_in: number };
}
