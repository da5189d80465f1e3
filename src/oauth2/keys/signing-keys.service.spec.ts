import { type KeyPairKeyObjectResult, generateKeyPairSync, sign as cryptoSign } from 'node:crypto';
import { importJWK, jwtVerify, SignJWT } from 'jose';
import { LocalInvalidationBus } from '../../cache/invalidation-bus';
import type { AppConfig } from '../../config/app-config';
import type { SigningKeyStore, StoredSigningKey } from './signing-key.store';
import { SigningKeys } from './signing-keys.service';

const pem = (pair: KeyPairKeyObjectResult) => pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicPem = (pair: KeyPairKeyObjectResult) => pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();

async function keysFor(privateKeys: string[], publicKeys: string[] = []): Promise<SigningKeys> {
  const noStoredKeys = { load: () => Promise.resolve([]) } as unknown as SigningKeyStore;
  const config = { oauth2: { privateKeys, publicKeys, accessTokenTtl: 3600 } } as unknown as AppConfig;
  const keys = new SigningKeys(config, noStoredKeys, new LocalInvalidationBus());
  await keys.onModuleInit();
  return keys;
}

describe('SigningKeys with stored keys', () => {
  const configured = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rotated = generateKeyPairSync('ec', { namedCurve: 'P-256' });

  it('publishes a stored key at once, signs with it once it is due, and reloads when the bus says so', async () => {
    let stored: StoredSigningKey[] = [];
    const store = { load: () => Promise.resolve(stored) } as unknown as SigningKeyStore;
    const bus = new LocalInvalidationBus();
    const config = { oauth2: { privateKeys: [pem(configured)], publicKeys: [], accessTokenTtl: 60 } };
    const keys = new SigningKeys(config as unknown as AppConfig, store, bus);
    await keys.onModuleInit();
    const configuredKid = keys.current().kid;

    const now = Date.now();
    const pending = { alg: 'ES256', privateKey: rotated.privateKey, createdAt: new Date(now) };
    stored = [{ ...pending, kid: 'next', activatesAt: new Date(now + 3_600_000) }];
    await bus.publish({ consumerId: 1 });
    await keys.settled();
    expect(keys.jwks().keys.map((key) => key.kid)).toEqual([configuredKid]);

    await bus.publish({ signingKeys: true });
    await keys.settled();
    expect(keys.jwks().keys.map((key) => key.kid)).toEqual([configuredKid, 'next']);
    expect(keys.current().kid).toBe(configuredKid);
    expect(keys.signingAlgorithms()).toEqual(['RS256', 'ES256']);

    stored = [{ ...pending, kid: 'next', activatesAt: new Date(now - 1000) }];
    await bus.publish({ all: true });
    await keys.settled();
    expect(keys.current()).toMatchObject({ kid: 'next', alg: 'ES256' });
    expect(keys.jwks().keys.map((key) => key.kid)).toEqual(['next', configuredKid]);
    // The configured key was retired when the stored one took over; its tokens still verify until they expire.
    const token = new SignJWT({ sub: '1' }).setProtectedHeader({ alg: 'RS256', kid: configuredKid });
    expect(keys.verify(await token.sign(configured.privateKey))).toBeDefined();
  });
});

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

  describe('verify', () => {
    const sign = (keys: SigningKeys, header: Record<string, unknown>, privateKey = keys.current().privateKey) =>
      new SignJWT({ sub: '1' }).setProtectedHeader({ alg: keys.current().alg, ...header }).sign(privateKey);

    it.each([
      ['RS256', rsa],
      ['ES256', ec],
      ['EdDSA', ed],
    ])('verifies a %s token by its kid, or by its algorithm when it names no kid', async (_alg, pair) => {
      const keys = await keysFor([pem(pair)], [publicPem(rsa === pair ? ec : rsa)]);
      for (const header of [{ kid: keys.current().kid }, {}]) {
        expect(keys.verify(await sign(keys, header))?.payload).toEqual({ sub: '1' });
      }
    });

    it('refuses alg none, another algorithm than the named key has, an unknown kid and a foreign key', async () => {
      const keys = await keysFor([pem(rsa)], [publicPem(ec)]);
      const { kid } = keys.current();
      const genuine = await sign(keys, { kid });
      const [header, payload] = genuine.split('.');
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      expect(keys.verify(`${encode({ alg: 'none', kid })}.${payload}.`)).toBeUndefined();
      expect(keys.verify(`${encode({ alg: 'ES256', kid })}.${payload}.${genuine.split('.')[2]}`)).toBeUndefined();
      expect(keys.verify(await sign(keys, { kid: 'unknown' }))).toBeUndefined();
      const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
      expect(keys.verify(await sign(keys, { kid }, stranger.privateKey))).toBeUndefined();
      expect(keys.verify(`${header}.${encode({ sub: '2' })}.${genuine.split('.')[2]}`)).toBeUndefined();
    });

    it('refuses crit and b64 headers, and parts that are not strict base64url', async () => {
      const keys = await keysFor([pem(rsa)]);
      const { kid } = keys.current();
      // signed by hand: jose signs no header it does not understand
      const signed = (header: object) => {
        const input = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid, ...header })).toString('base64url')}.${Buffer.from('{"sub":"1"}').toString('base64url')}`;
        return `${input}.${cryptoSign('sha256', Buffer.from(input), rsa.privateKey).toString('base64url')}`;
      };
      expect(keys.verify(signed({}))).toBeDefined();
      expect(keys.verify(signed({ crit: ['exp'], exp: 1 }))).toBeUndefined();
      expect(keys.verify(signed({ b64: true, crit: ['b64'] }))).toBeUndefined();
      const genuine = await sign(keys, { kid });
      expect(keys.verify(genuine)).toBeDefined();
      expect(keys.verify(`${genuine}!`)).toBeUndefined();
      expect(keys.verify(`${genuine}.extra`)).toBeUndefined();
    });
  });
});
