import { type JWK, SignJWT, createLocalJWKSet, exportJWK, generateKeyPair } from 'jose';
import {
  ASSERTION_SKEW_SECONDS,
  AssertionRefusal,
  type AssertionRules,
  MAX_ASSERTION_LIFETIME_SECONDS,
  assertionClientId,
  checkClientAssertion,
} from './check-client-assertion';

const CLIENT = 'a'.repeat(32);
const ISSUER = 'https://auth.example';
const NOW = 1_800_000_000;

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('checkClientAssertion (RFC 7523 §3, OpenID Connect Core §9)', () => {
  let privateKey: PrivateKey;
  let rules: AssertionRules;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    const publicJwk: JWK = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    rules = {
      clientId: CLIENT,
      audiences: [ISSUER, `${ISSUER}/oauth2/token`],
      keys: createLocalJWKSet({ keys: [publicJwk] }),
      now: NOW,
    };
  });

  function assertion(
    claims: Record<string, unknown> = {},
    { key = privateKey, alg = 'ES256', kid = 'k1' }: { key?: PrivateKey | Uint8Array; alg?: string; kid?: string } = {},
  ): Promise<string> {
    return new SignJWT({ iss: CLIENT, sub: CLIENT, aud: ISSUER, exp: NOW + 60, iat: NOW, jti: 'j1', ...claims })
      .setProtectedHeader({ alg, kid })
      .sign(key);
  }

  async function refusal(token: string, given: Partial<AssertionRules> = {}): Promise<string> {
    const error = await checkClientAssertion(token, { ...rules, ...given }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AssertionRefusal);
    return (error as Error).message;
  }

  it('accepts a good assertion, with aud as the issuer, the token endpoint or a list', async () => {
    expect(await checkClientAssertion(await assertion(), rules)).toEqual({ jti: 'j1', exp: NOW + 60 });
    await checkClientAssertion(await assertion({ aud: `${ISSUER}/oauth2/token` }), rules);
    await checkClientAssertion(await assertion({ aud: ['https://other.example', ISSUER] }), rules);
  });

  it('reads the client from iss = sub, before the signature is checked', async () => {
    expect(assertionClientId(await assertion())).toBe(CLIENT);
    expect(assertionClientId(await assertion({ sub: 'b'.repeat(32) }))).toBeUndefined();
    expect(assertionClientId('not a jwt')).toBeUndefined();
    expect(assertionClientId('x'.repeat(9000))).toBeUndefined();
  });

  it('refuses what is not a JWT', async () => {
    expect(await refusal('a.b.c')).toContain('not a JWT');
  });

  it('refuses symmetric and unsigned algorithms', async () => {
    const hs256 = await assertion({}, { key: new TextEncoder().encode('s'.repeat(32)), alg: 'HS256' });
    expect(await refusal(hs256)).toContain('signed with one of');
    const [, payload] = (await assertion()).split('.');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    expect(await refusal(none)).toContain('signed with one of');
  });

  it('refuses a signature by another key, and a kid the client does not have', async () => {
    const stranger = (await generateKeyPair('ES256')).privateKey;
    expect(await refusal(await assertion({}, { key: stranger }))).toContain('does not verify');
    expect(await refusal(await assertion({}, { key: stranger, kid: 'k2' }))).toContain('No key of the client');
  });

  it('refuses iss or sub other than the client', async () => {
    expect(await refusal(await assertion({ iss: 'b'.repeat(32) }))).toContain('iss and sub');
    expect(await refusal(await assertion({ sub: 'b'.repeat(32) }))).toContain('iss and sub');
  });

  it('refuses an aud that does not name this server', async () => {
    expect(await refusal(await assertion({ aud: 'https://other.example' }))).toContain('aud');
    expect(await refusal(await assertion({ aud: undefined }))).toContain('aud');
  });

  it('refuses a missing, past or far exp', async () => {
    expect(await refusal(await assertion({ exp: undefined }))).toContain('must have an exp');
    expect(await refusal(await assertion({ exp: NOW - ASSERTION_SKEW_SECONDS - 1 }))).toContain('expired');
    const far = NOW + MAX_ASSERTION_LIFETIME_SECONDS + ASSERTION_SKEW_SECONDS + 1;
    expect(await refusal(await assertion({ exp: far }))).toContain('at most');
  });

  it('allows a little clock skew on exp', async () => {
    await checkClientAssertion(await assertion({ exp: NOW - ASSERTION_SKEW_SECONDS + 1 }), rules);
  });

  it('refuses nbf or iat in the future', async () => {
    expect(await refusal(await assertion({ nbf: NOW + ASSERTION_SKEW_SECONDS + 5 }))).toContain('nbf');
    expect(await refusal(await assertion({ iat: NOW + ASSERTION_SKEW_SECONDS + 5 }))).toContain('iat');
  });

  it('refuses a missing, empty or overlong jti', async () => {
    expect(await refusal(await assertion({ jti: undefined }))).toContain('jti');
    expect(await refusal(await assertion({ jti: '' }))).toContain('jti');
    expect(await refusal(await assertion({ jti: 'j'.repeat(257) }))).toContain('jti');
  });

  it('refuses when the keys cannot be had', async () => {
    const unavailable = Object.assign(new Error('The client has no registered keys'), {
      code: 'ERR_CLIENT_KEYS_UNAVAILABLE',
    });
    expect(await refusal(await assertion(), { keys: () => Promise.reject(unavailable) })).toBe(
      'The client has no registered keys',
    );
  });
});
