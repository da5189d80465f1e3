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
 * `count` token-request bodies of `kind` ('code': an authorization code; 'refresh': a refresh token from a code
 * exchange) for the service at `base`, minted as the bench's user with its remembered consent.
 */
export async function mintServiceBodies(base, credentials, kind, count) {
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
    while (lines.length < count) {
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
