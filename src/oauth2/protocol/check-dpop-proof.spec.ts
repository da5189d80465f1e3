import { CacheableMemory } from '@cacheable/memory';
import { type CryptoKey, type JWK, SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { createHmac, randomBytes } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryTemporaryStore, counterMemory } from '../../cache/memory-temporary-store';
import type { AppConfig } from '../../config/app-config';
import { DpopProofCheck, DpopProofRefused, type DpopProofRequest, accessTokenHash } from './check-dpop-proof';
import { DpopNonces } from './dpop-nonces';

const URI = 'https://auth.example/oauth2/token';
const TOKEN = 'header.payload.signature';

interface Signer {
  alg: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signer(alg: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, privateKey, jwk: await exportJWK(publicKey) };
}

const now = () => Math.floor(Date.now() / 1000);

/** A proof as a client makes it, with `claims` and `header` overriding the correct ones. */
async function proof(
  key: Signer,
  claims: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ jti: randomBytes(16).toString('base64url'), htm: 'POST', htu: URI, iat: now(), ...claims })
    .setProtectedHeader({ alg: key.alg, typ: 'dpop+jwt', jwk: key.jwk, ...header })
    .sign(key.privateKey);
}

/** A JWS signed with an HMAC key, which jose will make but no proof may be. */
function hmacProof(claims: Record<string, unknown>, jwk: JWK): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'HS256', typ: 'dpop+jwt', jwk })}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', 'secret').update(input).digest('base64url')}`;
}

function config(dpop: Partial<AppConfig['oauth2']['dpop']> = {}): AppConfig {
  return {
    oauth: { secretKey: 'x'.repeat(32) },
    oauth2: { dpop: { enabled: true, requireNonce: false, proofWindow: 60, ...dpop } },
  } as AppConfig;
}

describe(DpopProofCheck.name, () => {
  let es256: Signer;
  let check: DpopProofCheck;
  let store: MemoryTemporaryStore;

  const request = (value: string | string[] | undefined, extra: Partial<DpopProofRequest> = {}) => ({
    proof: value,
    method: 'POST',
    uri: URI,
    ...extra,
  });
  const refusal = async (value: string | string[] | undefined, extra: Partial<DpopProofRequest> = {}) => {
    const error: unknown = await check.check(request(value, extra)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DpopProofRefused);
    return (error as DpopProofRefused).message;
  };

  beforeAll(async () => {
    es256 = await signer('ES256');
  });

  beforeEach(() => {
    store = new MemoryTemporaryStore(new CacheableMemory({ useClone: false }), 'test:', counterMemory());
    const settings = config();
    check = new DpopProofCheck(store, new DpopNonces(settings), settings);
  });

  it.each(['ES256', 'ES384', 'PS256', 'RS256', 'EdDSA'])(
    'accepts a %s proof and answers the RFC 7638 thumbprint jose computes',
    async (alg) => {
      const key = await signer(alg);
      const verified = await check.check(request(await proof(key)));
      expect(verified.jkt).toBe(await calculateJwkThumbprint(key.jwk));
    },
  );

  it('accepts htu spelt differently but equal after normalization, with a query', async () => {
    const value = await proof(es256, { htu: 'HTTPS://Auth.Example:443/oauth2/./token' });
    await expect(check.check(request(value, { uri: `${URI}?x=1` }))).resolves.toBeDefined();
  });

  it('refuses a missing proof, two proofs, and a string that is no JWS', async () => {
    const value = await proof(es256);
    expect(await refusal(undefined)).toMatch(/required/);
    expect(await refusal([value, value])).toMatch(/More than one/);
    expect(await refusal(`${value}, ${value}`)).toMatch(/More than one/);
    expect(await refusal('not.a-jws')).toMatch(/compact JWS|not a JWT/);
  });

  it('refuses another typ', async () => {
    expect(await refusal(await proof(es256, {}, { typ: 'JWT' }))).toMatch(/typ/);
  });

  it('refuses alg none and HS256', async () => {
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'dpop+jwt', jwk: es256.jwk })).toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    expect(await refusal(unsigned)).toMatch(/compact JWS|algorithm/);
    const claims = { jti: 'j', htm: 'POST', htu: URI, iat: now() };
    expect(await refusal(hmacProof(claims, { kty: 'oct', k: 'c2VjcmV0' }))).toMatch(/algorithm/);
  });

  it('refuses a jwk with private members, of another kind than alg, or missing', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    expect(await refusal(await proof(es256, {}, { jwk: privateJwk }))).toMatch(/public key/);
    const rsa = await signer('RS256');
    expect(await refusal(await proof(es256, {}, { jwk: rsa.jwk }))).toMatch(/does not match its algorithm/);
    expect(await refusal(await proof(es256, {}, { jwk: 'nope' }))).toMatch(/jwk header/);
  });

  it('refuses a signature by another key than the jwk', async () => {
    const other = await signer('ES256');
    expect(await refusal(await proof(es256, {}, { jwk: other.jwk }))).toMatch(/signature/);
  });

  it('refuses a proof for another method or another URI', async () => {
    expect(await refusal(await proof(es256, { htm: 'GET' }))).toMatch(/htm/);
    expect(await refusal(await proof(es256, { htu: 'https://auth.example/oauth2/introspect' }))).toMatch(/htu/);
    expect(await refusal(await proof(es256, { htu: 'https://evil.example/oauth2/token' }))).toMatch(/htu/);
  });

  it('refuses an iat outside the window, either way', async () => {
    expect(await refusal(await proof(es256, { iat: now() - 61 }))).toMatch(/iat/);
    expect(await refusal(await proof(es256, { iat: now() + 30 }))).toMatch(/iat/);
    expect(await refusal(await proof(es256, { iat: String(now()) }))).toMatch(/iat/);
  });

  it('refuses a proof without jti, and a replay under the same key', async () => {
    expect(await refusal(await proof(es256, { jti: undefined }))).toMatch(/jti/);
    const value = await proof(es256);
    await check.check(request(value));
    expect(await refusal(value)).toMatch(/used before/);
  });

  it('takes exactly one of concurrent uses of the same proof', async () => {
    const value = await proof(es256);
    const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => check.check(request(value))));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
  });

  it('still checks every claim and the signature of a proof whose header was verified before', async () => {
    await check.check(request(await proof(es256)));
    // Signed by another key under the very same header (alg, typ and es256's jwk): the header is known, the
    // signature is not.
    const forger = { ...(await signer('ES256')), jwk: es256.jwk };
    expect(await refusal(await proof(forger))).toMatch(/signature/);
    const [encodedHeader, , signature] = (await proof(es256)).split('.');
    const claims = { jti: 'swapped', htm: 'POST', htu: URI, iat: now() };
    expect(
      await refusal(`${encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`),
    ).toMatch(/signature/);
    expect(await refusal(await proof(es256, { htm: 'GET' }))).toMatch(/htm/);
    expect(await refusal(await proof(es256, { htu: 'https://evil.example/oauth2/token' }))).toMatch(/htu/);
    expect(await refusal(await proof(es256, { iat: now() - 61 }))).toMatch(/iat/);
    expect(await refusal(await proof(es256), { accessToken: TOKEN })).toMatch(/ath/);
    const value = await proof(es256);
    await check.check(request(value));
    expect(await refusal(value)).toMatch(/used before/);
  });

  it('hashes ath as RFC 9449 §7.1 does', () => {
    expect(accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
  });

  it('checks ath against the access token at a resource', async () => {
    const right = await proof(es256, { ath: accessTokenHash(TOKEN) });
    await expect(check.check(request(right, { accessToken: TOKEN }))).resolves.toBeDefined();
    const wrong = await proof(es256, { ath: accessTokenHash('another.token.here') });
    expect(await refusal(wrong, { accessToken: TOKEN })).toMatch(/ath/);
    expect(await refusal(await proof(es256), { accessToken: TOKEN })).toMatch(/ath/);
  });

  describe('with nonces required', () => {
    let nonces: DpopNonces;

    beforeEach(() => {
      const settings = config({ requireNonce: true });
      nonces = new DpopNonces(settings);
      check = new DpopProofCheck(store, nonces, settings);
    });

    it('answers use_dpop_nonce without the current nonce, and spends no jti doing so', async () => {
      const jti = 'kept-for-the-retry';
      for (const nonce of [undefined, 'made-up']) {
        const error: unknown = await check
          .check(request(await proof(es256, { jti, nonce })))
          .catch((caught: unknown) => caught);
        expect(error).toMatchObject({ code: 'use_dpop_nonce' });
      }
      await expect(check.check(request(await proof(es256, { jti, nonce: nonces.current() })))).resolves.toBeDefined();
    });

    it('issues the same nonce on every instance (derived from the secret), and sends it', () => {
      expect(new DpopNonces(config({ requireNonce: true })).current()).toBe(nonces.current());
      expect(nonces.headers()).toEqual({ 'DPoP-Nonce': nonces.current() });
      expect(new DpopNonces(config()).headers()).toEqual({});
    });
  });
});
