// Credentials for the bench, made over HTTP as a person (or the e2e tests) would: users through the admin API,
// consumers through /api/consumers, approval as the admin, a user's access token through the code flow.
/* global fetch, URLSearchParams */
import { createHash, randomBytes } from 'node:crypto';
import { dpopKey, dpopProof } from './dpop-proofs.mjs';

export const CALLBACK = 'https://app.example/callback';

/** The first administrator every bench service starts with (ADMIN_USERNAME, ADMIN_PASSWORD). */
export const ADMIN = { username: 'Benchadmin', password: 'bench-admin-password-1' };

async function call(base, path, { method = 'GET', session, json, form, basic, redirect = 'manual', dpop } = {}) {
  const headers = dpop === undefined ? {} : { DPoP: dpop };
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form !== undefined) {
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(form).toString();
  }
  if (session) {
    headers.Cookie = session.cookie;
    if (method !== 'GET') {
      headers['X-CSRF-Token'] = session.csrfToken;
    }
  }
  if (basic) {
    headers.Authorization = `Basic ${Buffer.from(`${basic.id}:${basic.secret}`).toString('base64')}`;
  }
  const response = await fetch(base + path, { method, headers, body, redirect });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

function expect(response, status, what) {
  if (response.status !== status) {
    throw new Error(`${what}: expected HTTP ${status}, got ${response.status}: ${response.text.slice(0, 500)}`);
  }
  return response;
}

async function signIn(base, username, password) {
  const response = expect(
    await call(base, '/api/auth/login', { method: 'POST', json: { username, password } }),
    200,
    `login as ${username}`,
  );
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, csrfToken: response.json().csrfToken, user: response.json().user };
}

async function createUser(base, admin, name) {
  const password = `${name}-password-1`;
  const email = `${name.toLowerCase()}@example.com`;
  expect(
    await call(base, '/api/admin/users', {
      method: 'POST',
      session: admin,
      json: { name, password, email, groups: [], emailConfirmed: true },
    }),
    201,
    `create user ${name}`,
  );
  return { ...(await signIn(base, name, password)), email };
}

async function propose(base, developer, proposal) {
  const response = expect(
    await call(base, '/api/consumers', {
      method: 'POST',
      session: developer,
      json: { version: '1.0', description: `${proposal.name} (benchmark)`, email: developer.email, ...proposal },
    }),
    201,
    `register ${proposal.name}`,
  );
  return response.json();
}

async function approve(base, admin, key) {
  expect(
    await call(base, `/api/admin/consumers/${key}/approve`, {
      method: 'POST',
      session: admin,
      json: { reason: 'bench' },
    }),
    200,
    `approve ${key}`,
  );
}

/**
 * An authorization code with PKCE for `user`, through the consent page the first time; once the consent is
 * remembered the authorization request redirects straight back with a code. Answers the code and its verifier.
 */
export async function authorizeCode(base, user, client) {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: client.id,
    redirect_uri: CALLBACK,
    state: 'bench',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const page = await call(base, `/oauth2/authorize?${query}`, { session: user });
  let location;
  if (page.status === 302) {
    location = page.headers.get('location');
  } else {
    expect(page, 200, 'consent page');
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const request = /name="request" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const decided = expect(
      await call(base, `/oauth2/authorize?${query}`, {
        method: 'POST',
        session: { cookie: user.cookie },
        form: { csrf, request, decision: 'allow' },
      }),
      303,
      'consent',
    );
    location = decided.headers.get('location');
  }
  const code = new URL(location).searchParams.get('code');
  if (!code) {
    throw new Error(`no code in ${location}`);
  }
  return { code, verifier };
}

/** The form of the token request that exchanges `code` (RFC 6749 §4.1.3, RFC 7636 §4.5). */
export function codeExchangeForm({ code, verifier }) {
  return { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
}

/**
 * The authorization code flow with PKCE as `user`; answers the token response. With `dpopKey`, the token request
 * carries a proof by it and the tokens are bound to it (RFC 9449 §5).
 */
export async function codeFlowTokens(base, user, client, dpopKey) {
  const form = codeExchangeForm(await authorizeCode(base, user, client));
  const dpop = dpopKey === undefined ? undefined : dpopProof(dpopKey, 'POST', `${base}/oauth2/token`);
  return expect(
    await call(base, '/oauth2/token', { method: 'POST', basic: client, form, dpop }),
    200,
    'code exchange',
  ).json();
}

/**
 * Everything the scenarios need: a user's bearer token (code flow), others bound to DPoP keys with those keys
 * (`dpop.ES256`, `dpop.PS256`; RFC 9449), a confidential client allowed
 * client_credentials, an introspector (grant `introspect`), an owner-only OAuth 1 consumer with its access token, and
 * the user's session (`user`, for more authorization codes).
 */
export async function prepareCredentials(base, adminName, adminPassword) {
  const admin = await signIn(base, adminName, adminPassword);
  const developer = await createUser(base, admin, 'Benchdev');
  const user = await createUser(base, admin, 'Benchuser');

  const app = await propose(base, developer, {
    oauthVersion: 2,
    name: 'Bench app',
    grants: ['basic', 'editpage'],
    callbackUrl: CALLBACK,
    ownerOnly: false,
    oauth2IsConfidential: true,
    oauth2GrantTypes: ['authorization_code', 'refresh_token', 'client_credentials'],
  });
  await approve(base, admin, app.consumer.consumerKey);
  const client = { id: app.consumer.consumerKey, secret: app.secret };

  const gateway = await propose(base, developer, {
    oauthVersion: 2,
    name: 'Bench introspector',
    grants: ['basic', 'introspect'],
    callbackUrl: CALLBACK,
    ownerOnly: false,
    oauth2IsConfidential: true,
    oauth2GrantTypes: ['client_credentials'],
  });
  await approve(base, admin, gateway.consumer.consumerKey);
  const introspector = { id: gateway.consumer.consumerKey, secret: gateway.secret };

  const bot = await propose(base, developer, {
    oauthVersion: 1,
    name: 'Bench OAuth 1 bot',
    grants: ['basic', 'editpage'],
    ownerOnly: true,
  });
  const oauth1 = {
    consumerKey: bot.consumer.consumerKey,
    consumerSecret: bot.secret,
    token: bot.accessToken,
    tokenSecret: bot.accessSecret,
  };

  const tokens = await codeFlowTokens(base, user, client);
  const dpop = {};
  for (const alg of ['ES256', 'PS256']) {
    const key = dpopKey(alg);
    dpop[alg] = { key, token: (await codeFlowTokens(base, user, client, key)).access_token };
  }
  // a family of its own for the refresh_token steps: each exchange revokes the access token before it
  const refreshing = await codeFlowTokens(base, user, client);
  return {
    client,
    introspector,
    oauth1,
    bearer: tokens.access_token,
    dpop,
    refreshToken: refreshing.refresh_token,
    userName: user.user.name,
    user,
  };
}

/** One request, to check a scenario answers 200 before it is measured. */
export async function probe(url, { method = 'GET', headers = {}, body } = {}) {
  const response = await fetch(url, { method, headers, body, redirect: 'manual' });
  return { status: response.status, text: await response.text(), headers: response.headers };
}
