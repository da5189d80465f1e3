// The peer measured in the same bench run: node-oidc-provider (the pinned devDependency) configured as close to
// Gatehouse as it allows. Started by bench/lib/peer.mjs, pinned to the server's core; configuration from the
// environment:
//   PORT, CLIENT_ID, CLIENT_SECRET, INTROSPECTOR_ID, INTROSPECTOR_SECRET, CALLBACK
//
// - one confidential client (client_secret_basic) allowed authorization_code, refresh_token and client_credentials,
//   and an introspector client allowed to see its tokens (features.introspection.allowedPolicy);
// - resource indicators: urn:bench:rs256 (the default resource) and urn:bench:es256 give JWT access tokens signed
//   RS256 / ES256 from one key set (RSA 2048 + P-256), urn:bench:opaque gives opaque ones;
// - refresh tokens issued with every code and rotated on every use, as Gatehouse does;
// - storage: its own in-memory adapter (lib/adapters/memory_adapter.js, the default), on a larger store (its LRU
//   holds 1 000 entries by default), so the bench's pre-minted codes and refresh tokens are not evicted before their
//   turn.
//
// POST /bench/mint {"kind": "code" | "refresh" | "opaque-code", "count": n} (bench only, not oidc-provider's) answers
// {"lines": [...]}, each the form body of one token request, minted through the provider's models: an
// authorization code (with PKCE S256) or a refresh token, each in a grant of its own as after a fresh consent.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const oidcEntry = import.meta.resolve('oidc-provider');
const { default: Provider, errors } = await import(oidcEntry);
const { default: MemoryAdapter } = await import(new URL('adapters/memory_adapter.js', oidcEntry));
const { default: LRU } = await import(new URL('helpers/lru.js', oidcEntry));

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const callback = process.env.CALLBACK;
const clientId = process.env.CLIENT_ID;
const introspectorId = process.env.INTROSPECTOR_ID;
const ACCOUNT = 'bench-user';
const SCOPE = 'basic editpage';

// what the default adapter is (lib/helpers/initialize_adapter.js: one MemoryAdapter store shared by every model),
// on a store of a million entries instead of 1 000
const store = new LRU({ maxSize: 1_000_000 });

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

const resources = {
  'urn:bench:rs256': { accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } },
  'urn:bench:es256': { accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } },
  'urn:bench:opaque': { accessTokenFormat: 'opaque' },
};

const provider = new Provider(issuer, {
  adapter: (model) => new MemoryAdapter(model, store),
  clients: [
    {
      client_id: clientId,
      client_secret: process.env.CLIENT_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types: ['code'],
      redirect_uris: [callback],
    },
    {
      client_id: introspectorId,
      client_secret: process.env.INTROSPECTOR_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
  ],
  jwks: {
    keys: [
      { ...rsa, alg: 'RS256', use: 'sig', kid: 'rs' },
      { ...ec, alg: 'ES256', use: 'sig', kid: 'ec' },
    ],
  },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      allowedPolicy: (ctx, client, token) => client.clientId === introspectorId || client.clientId === token.clientId,
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, _client, oneOf) => oneOf ?? 'urn:bench:rs256',
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (!resources[resource]) {
          throw new errors.InvalidTarget();
        }
        return { scope: SCOPE, accessTokenTTL: 3600, ...resources[resource] };
      },
    },
  },
  issueRefreshToken: () => true,
  rotateRefreshToken: true,
  ttl: {
    AccessToken: 3600,
    AuthorizationCode: 600,
    ClientCredentials: 3600,
    Grant: 14 * 24 * 3600,
    RefreshToken: 14 * 24 * 3600,
    Session: 14 * 24 * 3600,
    Interaction: 3600,
  },
});
const handle = provider.callback();

async function grantFor(resource) {
  const grant = new provider.Grant({ accountId: ACCOUNT, clientId });
  grant.addResourceScope(resource, SCOPE);
  return grant.save();
}

/** One token request body: a code exchange or a refresh, for a grant of its own. */
async function mint(kind, client) {
  const resource = kind === 'opaque-code' ? 'urn:bench:opaque' : 'urn:bench:rs256';
  const grantId = await grantFor(resource);
  if (kind === 'refresh') {
    const token = new provider.RefreshToken({
      accountId: ACCOUNT,
      client,
      grantId,
      gty: 'authorization_code',
      resource,
      rotations: 0,
      scope: SCOPE,
    });
    return `grant_type=refresh_token&refresh_token=${await token.save()}`;
  }
  const verifier = randomBytes(32).toString('base64url');
  const code = new provider.AuthorizationCode({
    accountId: ACCOUNT,
    client,
    grantId,
    redirectUri: callback,
    resource,
    scope: SCOPE,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    codeChallengeMethod: 'S256',
    authTime: Math.floor(Date.now() / 1000),
  });
  return (
    `grant_type=authorization_code&code=${await code.save()}` +
    `&redirect_uri=${encodeURIComponent(callback)}&code_verifier=${verifier}`
  );
}

async function mintRoute(request, response) {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
  }
  const { kind, count } = JSON.parse(body);
  const client = await provider.Client.find(clientId);
  const lines = [];
  for (let i = 0; i < count; i += 1) {
    lines.push(await mint(kind, client));
  }
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify({ lines }));
}

createServer((request, response) => {
  if (request.url === '/bench/mint' && request.method === 'POST') {
    mintRoute(request, response).catch((error) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error?.stack ?? error));
    });
    return;
  }
  handle(request, response);
}).listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
