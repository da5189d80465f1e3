// The bench's scenarios: what each sends to which process, and how its answer is checked before it is measured.
// Processes: `service` (the build measured, RS256 key), `service-es256` (a second instance of it on the same
// database with an ES256 key: the key type is configuration, OAUTH2_PRIVATE_KEY), `peer` (node-oidc-provider) and
// `bare` (a bare Nest app). Scenarios with `pool` send single-use credentials, minted before each run (`lifetime`:
// the seconds they stay usable, when a run could outlast it; `mint(count, deadline)` may stop at the deadline).
import { decodeProtectedHeader } from 'jose';
import { SERVICE_POOL_LIFETIME, mintServiceBodies } from './token-pools.mjs';

/** The process each scenario measures (the others measure `service`). */
const PROCESS_OF = {
  'cc-es256': 'service-es256',
  'cc-es256-gw': 'service-es256',
  'bare-nest': 'bare',
  'peer-introspect': 'peer',
  'peer-cc': 'peer',
  'peer-cc-es256': 'peer',
  'peer-refresh': 'peer',
  'peer-code': 'peer',
};

/** The peer's row each of the service's rows is compared with (column "× oidc-provider"). */
export const PEER_OF = {
  'introspect-main': 'peer-introspect',
  'introspect-gw': 'peer-introspect',
  'cc-issue': 'peer-cc',
  'cc-issue-gw': 'peer-cc',
  'cc-es256': 'peer-cc-es256',
  'cc-es256-gw': 'peer-cc-es256',
  'refresh-main': 'peer-refresh',
  'refresh-gw': 'peer-refresh',
  'code-main': 'peer-code',
  'code-gw': 'peer-code',
};

export const ALL_IDS = [
  'baseline',
  'bare-nest',
  'bearer-main',
  'bearer-gw',
  'dpop-gw',
  'dpop-ps256-gw',
  'oauth1-main',
  'oauth1-gw',
  'introspect-main',
  'introspect-gw',
  'peer-introspect',
  'cc-issue',
  'cc-issue-gw',
  'peer-cc',
  'cc-es256',
  'cc-es256-gw',
  'peer-cc-es256',
  'refresh-main',
  'refresh-gw',
  'peer-refresh',
  'code-main',
  'code-gw',
  'peer-code',
  'gw-floor',
];

/** bench/large.mjs's: the paths that read or write the token tables, and the baseline as a yardstick of the machine. */
export const LARGE_IDS = [
  'baseline',
  'bearer-main',
  'bearer-gw',
  'introspect-main',
  'introspect-gw',
  'cc-issue',
  'cc-issue-gw',
];

export function processOf(id) {
  return PROCESS_OF[id] ?? 'service';
}

/** The scenarios to run: `wanted` (all when empty), always with the baseline. */
export function selectIds(wanted) {
  const unknown = wanted.filter((id) => !ALL_IDS.includes(id));
  if (unknown.length > 0) {
    throw new Error(`unknown scenario(s) ${unknown.join(', ')}; known: ${ALL_IDS.join(', ')}`);
  }
  return ALL_IDS.filter((id) => wanted.length === 0 || wanted.includes(id) || id === 'baseline');
}

/** The request an OAuth 1 scenario's `Authorization` headers sign: what the gateway's X-Original-* headers name. */
export const ORIGINAL_OAUTH1_URL = 'http://api.example.com/things';

const FORM = 'application/x-www-form-urlencoded';
const basic = ({ id, secret }) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const json = (answer) => {
  try {
    return JSON.parse(answer.text);
  } catch {
    return {};
  }
};
const signedWith = (alg) => (answer) => {
  const token = json(answer).access_token;
  return answer.status === 200 && typeof token === 'string' && decodeProtectedHeader(token).alg === alg;
};
const tokenPair = (answer) =>
  answer.status === 200 &&
  typeof json(answer).access_token === 'string' &&
  typeof json(answer).refresh_token === 'string';

/** The service's scenarios at `instance` ({ mainPort, gatewayPort }). */
function serviceScenarios(instance, es256, credentials) {
  const main = `http://127.0.0.1:${instance.mainPort}`;
  const gateway = `http://127.0.0.1:${instance.gatewayPort}`;
  const bearerHeaders = {
    Authorization: `Bearer ${credentials.bearer}`,
    'X-Original-URI': '/x',
    'X-Original-Method': 'GET',
    Host: 'api.example.com',
  };
  const oauth1Headers = {
    'X-Original-URI': '/things',
    'X-Original-Method': 'GET',
    'X-Forwarded-Host': 'api.example.com',
    'X-Forwarded-Proto': 'http',
  };
  const introspection = {
    method: 'POST',
    headers: { Authorization: basic(credentials.introspector), 'Content-Type': FORM },
    body: `token=${credentials.bearer}`,
    check: (answer) => answer.status === 200 && json(answer).active === true,
  };
  const clientCredentials = {
    method: 'POST',
    headers: { Authorization: basic(credentials.client), 'Content-Type': FORM },
    body: 'grant_type=client_credentials',
  };
  const singleUse = (kind) => ({
    method: 'POST',
    headers: { Authorization: basic(credentials.client), 'Content-Type': FORM },
    pool: {
      floor: 300,
      lifetime: SERVICE_POOL_LIFETIME[kind],
      mint: (count, deadline) => mintServiceBodies(main, credentials, kind, count, deadline),
    },
    check: tokenPair,
  });
  const bearerCheck = (answer) => answer.status === 200 && answer.headers.get('x-auth-user') === credentials.userName;
  const oauth1Check = (answer) => answer.status === 200 && answer.headers.get('x-auth-protocol') === 'oauth1';
  const scenarios = [
    {
      id: 'baseline',
      title: 'baseline: bare Nest route GET /healthz (main port)',
      url: `${main}/healthz`,
      check: (answer) => answer.status === 200,
    },
    {
      id: 'bearer-main',
      title: '/gateway/verify, bearer token, main port',
      url: `${main}/gateway/verify`,
      headers: bearerHeaders,
      check: bearerCheck,
    },
    {
      id: 'bearer-gw',
      title: '/gateway/verify, bearer token, dedicated listener',
      url: `${gateway}/gateway/verify`,
      headers: bearerHeaders,
      check: bearerCheck,
    },
    ...['ES256', 'PS256'].map((alg) => ({
      id: alg === 'ES256' ? 'dpop-gw' : 'dpop-ps256-gw',
      title: `/gateway/verify, DPoP-bound token + ${alg} proof (each once), dedicated listener`,
      url: `${gateway}/gateway/verify`,
      // The original request as bearerHeaders describes it, which each proof names (RFC 9449 §4.3 point 9); the host
      // also as X-Forwarded-Host, which the probe sends where fetch sets its own Host.
      headers: {
        ...bearerHeaders,
        Authorization: `DPoP ${credentials.dpop?.[alg].token}`,
        'X-Forwarded-Host': 'api.example.com',
      },
      dpop: { alg, htm: 'GET', htu: 'http://api.example.com/x' },
      check: bearerCheck,
    })),
    {
      id: 'oauth1-main',
      title: '/gateway/verify, OAuth 1 HMAC-SHA1, main port',
      url: `${main}/gateway/verify`,
      headers: oauth1Headers,
      oauth1: true,
      check: oauth1Check,
    },
    {
      id: 'oauth1-gw',
      title: '/gateway/verify, OAuth 1 HMAC-SHA1, dedicated listener',
      url: `${gateway}/gateway/verify`,
      headers: oauth1Headers,
      oauth1: true,
      check: oauth1Check,
    },
    {
      id: 'introspect-main',
      title: "POST /oauth2/introspect, a user's JWT access token, main port",
      url: `${main}/oauth2/introspect`,
      ...introspection,
    },
    {
      id: 'introspect-gw',
      title: "POST /oauth2/introspect, a user's JWT access token, dedicated listener",
      url: `${gateway}/oauth2/introspect`,
      ...introspection,
    },
    {
      id: 'cc-issue',
      title: 'POST /oauth2/token client_credentials (RS256), main port',
      url: `${main}/oauth2/token`,
      ...clientCredentials,
      check: signedWith('RS256'),
    },
    {
      id: 'cc-issue-gw',
      title: 'POST /oauth2/token client_credentials (RS256), dedicated listener',
      url: `${gateway}/oauth2/token`,
      ...clientCredentials,
      check: signedWith('RS256'),
    },
    {
      id: 'refresh-main',
      title: 'POST /oauth2/token refresh_token (each once), main port',
      url: `${main}/oauth2/token`,
      ...singleUse('refresh'),
    },
    {
      id: 'refresh-gw',
      title: 'POST /oauth2/token refresh_token (each once), dedicated listener',
      url: `${gateway}/oauth2/token`,
      ...singleUse('refresh'),
    },
    {
      id: 'code-main',
      title: 'POST /oauth2/token authorization_code + PKCE (each once), main port',
      url: `${main}/oauth2/token`,
      ...singleUse('code'),
    },
    {
      id: 'code-gw',
      title: 'POST /oauth2/token authorization_code + PKCE (each once), dedicated listener',
      url: `${gateway}/oauth2/token`,
      ...singleUse('code'),
    },
    {
      id: 'gw-floor',
      title: 'reference: 404 of the dedicated listener (bare node:http floor)',
      url: `${gateway}/nothing`,
      check: (answer) => answer.status === 404,
      expectErrorStatus: true,
      reference: true,
    },
  ];
  if (es256) {
    scenarios.push(
      {
        id: 'cc-es256',
        title: 'POST /oauth2/token client_credentials (ES256 instance), main port',
        url: `http://127.0.0.1:${es256.mainPort}/oauth2/token`,
        ...clientCredentials,
        check: signedWith('ES256'),
      },
      {
        id: 'cc-es256-gw',
        title: 'POST /oauth2/token client_credentials (ES256 instance), dedicated listener',
        url: `http://127.0.0.1:${es256.gatewayPort}/oauth2/token`,
        ...clientCredentials,
        check: signedWith('ES256'),
      },
    );
  }
  return scenarios;
}

/** The peer's counterparts (bench/peer/oidc-provider.mjs). */
function peerScenarios(peer) {
  const token = `${peer.base}/token`;
  const asClient = { method: 'POST', headers: { Authorization: basic(peer.client), 'Content-Type': FORM } };
  const singleUse = (kind) => ({
    ...asClient,
    pool: { floor: 1000, mint: (count) => peer.mint(kind, count) },
    check: tokenPair,
  });
  const name = `oidc-provider ${peer.version}`;
  return [
    {
      id: 'peer-introspect',
      // it refuses to introspect JWTs (lib/shared/reject_structured_tokens.js): the user's opaque token
      title: `${name}: introspection, a user's opaque access token`,
      url: `${token}/introspection`,
      method: 'POST',
      headers: { Authorization: basic(peer.introspector), 'Content-Type': FORM },
      body: `token=${peer.userToken}`,
      check: (answer) => answer.status === 200 && json(answer).active === true && json(answer).sub === 'bench-user',
    },
    {
      id: 'peer-cc',
      title: `${name}: client_credentials (RS256 JWT)`,
      url: token,
      ...asClient,
      body: 'grant_type=client_credentials&scope=basic%20editpage',
      check: signedWith('RS256'),
    },
    {
      id: 'peer-cc-es256',
      title: `${name}: client_credentials (ES256 JWT)`,
      url: token,
      ...asClient,
      body: 'grant_type=client_credentials&scope=basic%20editpage&resource=urn%3Abench%3Aes256',
      check: signedWith('ES256'),
    },
    {
      id: 'peer-refresh',
      title: `${name}: refresh_token (each once, RS256 JWT)`,
      url: token,
      ...singleUse('refresh'),
    },
    {
      id: 'peer-code',
      title: `${name}: authorization_code + PKCE (each once, RS256 JWT)`,
      url: token,
      ...singleUse('code'),
    },
  ];
}

/**
 * The scenarios of `ids`, given the processes started ({ service, serviceEs256, peer, bare }) and the service's
 * credentials, in the order of `ids`.
 */
export function buildScenarios(ids, { service, serviceEs256, peer, bare }, credentials) {
  const all = [
    ...serviceScenarios(service, serviceEs256, credentials),
    ...(peer ? peerScenarios(peer) : []),
    ...(bare
      ? [
          {
            id: 'bare-nest',
            title: 'second baseline: a bare NestJS + Express app, GET /healthz',
            url: `${bare.base}/healthz`,
            check: (answer) => answer.status === 200,
          },
        ]
      : []),
  ];
  return ids.map((id) => {
    const scenario = all.find((s) => s.id === id);
    if (!scenario) {
      throw new Error(`scenario ${id}: its process was not started`);
    }
    return { ...scenario, process: processOf(id) };
  });
}
