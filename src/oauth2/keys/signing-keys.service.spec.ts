import { type KeyPairKeyObjectResult, generateKeyPairSync } from 'node:crypto';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import type { AppConfig } from '../../config/app-config';
import { SigningKeys } from './signing-keys.service';

const pem = (pair: KeyPairKeyObjectResult) => pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (pair: KeyPairKeyObjectResult) => pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function keysFor(privateKeys: string[], publicKeys: string[] = []): Promise<SigningKeys> {
  const keys = new SigningKeys({ oauth2: { privateKeys, publicKeys } } as unknown as AppConfig);
  await keys.onModuleInit();
  return keys;
}

describe('SigningKeys', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ed = generateKeyPairSync('ed25519');

  it('signs with the first key and publishes every key once, with thumbprint kids', async () => {
    const keys = await keysFor([pem(rsa), pem(ec)], [publicPem(ed), publicPem(rsa)]);
    expect(keys.current().alg).toBe('RS256');
    const published = keys.jwks().keys;
    expect(published.map((key) => key.alg)).toEqual(['RS256', 'ES256', 'EdDSA']);
    expect(published.every((key) => key.use === 'sig' && typeof key.kid === 'string' && !('d' in key))).toBe(true);
    expect(published[0].kid).toBe(keys.current().kid);
  });

  it('lets anyone verify a token against the published key chosen by kid', async () => {
    const keys = await keysFor([pem(ec)]);
    const { kid, alg, privateKey } = keys.current();
    const token = await new SignJWT({ sub: '1' }).setProtectedHeader({ alg, kid }).sign(privateKey);
    const jwk = keys.jwks().keys.find((key) => key.kid === kid);
    const { payload } = await jwtVerify(token, await importJWK(jwk as object, alg));
    expect(payload.sub).toBe('1');
  });

  it('keeps the kid across restarts', async () => {
    expect((await keysFor([pem(ed)])).current().kid).toBe((await keysFor([pem(ed)])).current().kid);
  });

  it('refuses key types it cannot sign with', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    await expect(keysFor([pem(p384)])).rejects.toThrow('OAUTH2_PRIVATE_KEY');
  });
});
