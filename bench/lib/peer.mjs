// The two processes measured beside the service: node-oidc-provider (bench/peer/oidc-provider.mjs) and a bare Nest
// app (bench/peer/bare-nest.mjs), each pinned to the server's core like the service.
/* global fetch */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startPinned } from './pinned-process.mjs';
import { CALLBACK } from './setup.mjs';

const PEER_SCRIPT = fileURLToPath(new URL('../peer/oidc-provider.mjs', import.meta.url));
const BARE_SCRIPT = fileURLToPath(new URL('../peer/bare-nest.mjs', import.meta.url));

function baseEnv() {
  return { PATH: process.env.PATH, HOME: process.env.HOME ?? '/tmp', NODE_ENV: 'production' };
}

/**
 * Starts the peer, with its clients' credentials; answers { pid, base, version, client, introspector, mint, userToken,
 * stop }. `mint(kind, count)` answers that many token-request bodies minted in the peer (see the peer script);
 * `userToken` is an opaque access token of the user, from a code exchange.
 */
export async function startPeer({ work, core, cwd, cleanups }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const client = { id: 'bench-app', secret: randomBytes(32).toString('base64url') };
  const introspector = { id: 'bench-introspector', secret: randomBytes(32).toString('base64url') };
  const env = {
    ...baseEnv(),
    PORT: String(port),
    CLIENT_ID: client.id,
    CLIENT_SECRET: client.secret,
    INTROSPECTOR_ID: introspector.id,
    INTROSPECTOR_SECRET: introspector.secret,
    CALLBACK,
  };
  const started = await startPinned({
    name: 'oidc-provider',
    core,
    args: [PEER_SCRIPT],
    cwd,
    env,
    logPath: join(work, 'oidc-provider.log'),
    readyUrl: `${base}/.well-known/openid-configuration`,
    cleanups,
  });
  const mint = async (kind, count) => {
    const answer = await fetch(`${base}/bench/mint`, { method: 'POST', body: JSON.stringify({ kind, count }) });
    if (answer.status !== 200) {
      throw new Error(`oidc-provider: minting ${count} ${kind}: ${answer.status} ${await answer.text()}`);
    }
    return (await answer.json()).lines;
  };
  const [codeBody] = await mint('opaque-code', 1);
  const exchanged = await fetch(`${base}/token`, {
    method: 'POST',
    headers: { Authorization: basic(client), 'Content-Type': 'application/x-www-form-urlencoded' },
    body: codeBody,
  });
  const tokens = await exchanged.json();
  if (exchanged.status !== 200 || typeof tokens.access_token !== 'string') {
    throw new Error(`oidc-provider: code exchange for the user token: ${exchanged.status} ${JSON.stringify(tokens)}`);
  }
  const version = createRequire(PEER_SCRIPT)('oidc-provider/package.json').version;
  return { ...started, base, version, client, introspector, mint, userToken: tokens.access_token };
}

/** Starts the bare Nest app; answers { pid, base, stop }. */
export async function startBareNest({ work, core, cwd, cleanups }) {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const started = await startPinned({
    name: 'bare Nest app',
    core,
    args: [BARE_SCRIPT],
    cwd,
    env: { ...baseEnv(), PORT: String(port) },
    logPath: join(work, 'bare-nest.log'),
    readyUrl: `${base}/healthz`,
    cleanups,
  });
  return { ...started, base };
}

export function basic({ id, secret }) {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}
