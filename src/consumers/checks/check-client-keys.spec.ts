import { type JWK, exportJWK, generateKeyPair } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { ConsumerException } from '../consumer.exception';
import { MAX_CLIENT_KEYS, MAX_JWKS_BYTES, checkClientKeys, checkJwks } from './check-client-keys';

const CONFIDENTIAL = { oauthVersion: 2 as const, confidential: true, ownerOnly: false };

function refusal(attempt: () => unknown): string {
  try {
    attempt();
  } catch (error) {
    expect(error).toBeInstanceOf(ConsumerException);
    return (error as Error).message;
  }
  throw new Error('not refused');
}

describe('checkClientKeys', () => {
  let ecKey: JWK;

  beforeAll(async () => {
    ecKey = {
      ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey)),
      kid: 'k1',
    };
  });

  it('defaults to the secret for confidential clients and to none for public ones', () => {
    expect(checkClientKeys({}, CONFIDENTIAL)).toEqual({
      tokenEndpointAuthMethod: 'client_secret_basic',
      jwks: null,
      jwksUri: null,
    });
    expect(checkClientKeys({}, { ...CONFIDENTIAL, confidential: false }).tokenEndpointAuthMethod).toBe('none');
  });

  it('keeps private_key_jwt with inline keys or an https jwks_uri', () => {
    const inline = checkClientKeys(
      { tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [ecKey] } },
      CONFIDENTIAL,
    );
    expect(inline.jwks).toEqual({ keys: [ecKey] });
    const remote = checkClientKeys(
      { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'https://app.example/jwks.json' },
      CONFIDENTIAL,
    );
    expect(remote.jwksUri).toBe('https://app.example/jwks.json');
  });

  it.each([
    [{ tokenEndpointAuthMethod: 'private_key_jwt' }, CONFIDENTIAL, 'exactly one'],
    [
      { tokenEndpointAuthMethod: 'private_key_jwt', jwks: { keys: [] }, jwksUri: 'https://app.example/k' },
      CONFIDENTIAL,
      'exactly one',
    ],
    [{ tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'http://app.example/k' }, CONFIDENTIAL, 'https'],
    [
      { tokenEndpointAuthMethod: 'private_key_jwt', jwksUri: 'https://app.example/k' },
      { ...CONFIDENTIAL, ownerOnly: true },
      'inline',
    ],
    [{ tokenEndpointAuthMethod: 'private_key_jwt' }, { ...CONFIDENTIAL, confidential: false }, 'public client'],
    [{ tokenEndpointAuthMethod: 'none' }, CONFIDENTIAL, 'cannot be none'],
    [{ tokenEndpointAuthMethod: 'client_secret_jwt' }, CONFIDENTIAL, 'must be'],
    [{ jwksUri: 'https://app.example/k' }, CONFIDENTIAL, 'private_key_jwt clients only'],
    [{ tokenEndpointAuthMethod: 'private_key_jwt' }, { ...CONFIDENTIAL, oauthVersion: 1 as const }, 'OAuth 2'],
  ])('refuses %j for %j', (input, rules, words) => {
    expect(refusal(() => checkClientKeys(input, rules))).toContain(words);
  });
});

describe('checkJwks', () => {
  it('accepts RSA, EC and OKP public keys, as an object or JSON text', async () => {
    const keys = await Promise.all(
      (['RS256', 'ES256', 'EdDSA'] as const).map(async (alg, index) => ({
        ...(await exportJWK((await generateKeyPair(alg, { extractable: true })).publicKey)),
        kid: `k${index}`,
      })),
    );
    expect(checkJwks({ keys }).keys).toHaveLength(3);
    expect(checkJwks(JSON.stringify({ keys })).keys).toHaveLength(3);
  });

  it('refuses private members, symmetric keys and unusable keys', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    expect(refusal(() => checkJwks({ keys: [{}] }))).toContain('RSA, EC or OKP');
    const privateJwk = await exportJWK(privateKey);
    expect(refusal(() => checkJwks({ keys: [privateJwk] }))).toContain('private key material (d)');
    expect(refusal(() => checkJwks({ keys: [{ kty: 'oct', k: 'c2VjcmV0' }] }))).toContain('RSA, EC or OKP');
    expect(refusal(() => checkJwks({ keys: [{ kty: 'EC', crv: 'P-256', x: 'AA', y: 'AA' }] }))).toContain(
      'not a usable public key',
    );
  });

  it('refuses short RSA keys, encryption keys, symmetric algorithms and repeated kids', async () => {
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    expect(refusal(() => checkJwks({ keys: [short] }))).toContain('2048');
    const ec = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
    expect(refusal(() => checkJwks({ keys: [{ ...ec, use: 'enc' }] }))).toContain('signing key');
    expect(refusal(() => checkJwks({ keys: [{ ...ec, alg: 'HS256' }] }))).toContain('alg HS256');
    expect(
      refusal(() =>
        checkJwks({
          keys: [
            { ...ec, kid: 'a' },
            { ...ec, kid: 'a' },
          ],
        }),
      ),
    ).toContain('kid');
  });

  it('refuses what is not a small set', async () => {
    const ec = await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey);
    expect(refusal(() => checkJwks('{not json'))).toContain('JSON');
    expect(refusal(() => checkJwks({ keys: [] }))).toContain('1 to');
    expect(refusal(() => checkJwks([ec]))).toContain('{"keys"');
    expect(refusal(() => checkJwks({ keys: Array.from({ length: MAX_CLIENT_KEYS + 1 }, () => ec) }))).toContain('1 to');
    expect(refusal(() => checkJwks({ keys: [{ ...ec, pad: 'x'.repeat(MAX_JWKS_BYTES) }] }))).toContain('bytes');
  });
});
