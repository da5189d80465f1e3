// Pools of single-use credentials for the code and refresh scenarios, minted before each run and sent once each
// (bench/wrk/bodies.lua): the service's over HTTP as a client gets them, the peer's in the peer process.
/* global URLSearchParams */
import { writeFileSync } from 'node:fs';
import { authorizeCode, codeExchangeForm, codeFlowTokens } from './setup.mjs';

/** Parallel requests while minting over HTTP: enough to keep the service's core busy, not more. */
const CONCURRENCY = 8;

/**
 * How many credentials a run of `seconds` needs at `rate` (the rate seen so far, at least `floor` a second: the first,
 * cold run understates it), with room to spare: wrk would otherwise run out and replay them.
 */
export function poolSize(rate, floor, seconds) {
  return Math.ceil(Math.max(rate ?? 0, floor) * seconds * 1.5) + 100;
}

/**
 * How long the service's credentials of `kind` stay usable once minted, in seconds: authorization codes live
 * CODE_TTL_SECONDS (src/oauth2/authorize/authorization-code.store.ts); refresh tokens outlive any run.
 */
export const SERVICE_POOL_LIFETIME = { code: 60, refresh: undefined };

/** Seconds a minted credential may wait besides the minting and the run: the pause after minting, wrk's start. */
const LIFETIME_MARGIN_SECONDS = 10;

/**
 * When minting for a run of `seconds` must stop (a Date.now() value) so that a credential living `lifetime` seconds
 * is still usable at the run's end: wrk sends them in the order they were minted, so the first minted is the oldest
 * when used, and on a loaded machine minting thousands of codes over HTTP took longer than they live (the 400s of
 * `code-main`/`code-gw`). Infinity when they outlive any run.
 */
export function mintingDeadline(lifetime, seconds, now = Date.now()) {
  return lifetime === undefined ? Infinity : now + (lifetime - seconds - LIFETIME_MARGIN_SECONDS) * 1000;
}

/**
 * The whole seconds (at least 1) of a run that `minted` credentials cover, when `wanted` were sized for `seconds`:
 * a pool cut short by its deadline gets a shorter run, not replays (which fail, and are not the row's figure).
 */
export function secondsCovered(seconds, minted, wanted) {
  return minted >= wanted ? seconds : Math.max(1, Math.floor((seconds * minted) / wanted));
}

/**
 * `count` token-request bodies of `kind` ('code': an authorization code; 'refresh': a refresh token from a code
 * exchange) for the service at `base`, minted as the bench's user with its remembered consent, in the order they
 * were minted; fewer when `deadline` (a Date.now() value) passes first.
 */
export async function mintServiceBodies(base, credentials, kind, count, deadline = Infinity) {
  const { user, client } = credentials;
  const lines = [];
  const mintOne = async () => {
    if (kind === 'code') {
      return new URLSearchParams(codeExchangeForm(await authorizeCode(base, user, client))).toString();
    }
    const tokens = await codeFlowTokens(base, user, client);
    return new URLSearchParams({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token }).toString();
  };
  const worker = async () => {
    while (lines.length < count && Date.now() < deadline) {
      const slot = lines.push('') - 1; // claimed before the request, so the workers stop at `count`
      lines[slot] = await mintOne();
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  return lines;
}

export function writeBodyFile(path, lines) {
  writeFileSync(path, `${lines.join('\n')}\n`);
}
