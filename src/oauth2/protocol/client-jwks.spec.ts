import { type JWK, SignJWT, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { aConsumer } from '../../../test/fixtures/consumer.fixture';
import type { AppConfig } from '../../config/app-config';
import { ConsumerStage } from '../../consumers/consumer-stage';
import { ClientJwks } from './client-jwks';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

async function key(kid: string): Promise<{ privateKey: PrivateKey; jwk: JWK }> {
  const pair = await generateKeyPair('ES256', { extractable: true });
  return { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid } };
}

const sign = (privateKey: PrivateKey, kid: string) =>
  new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);

describe('ClientJwks', () => {
  const config = { oauth2: {} } as AppConfig;
  const remote = aConsumer({
    oauthVersion: 2,
    tokenEndpointAuthMethod: 'private_key_jwt',
    jwksUri: 'https://app.example/jwks.json',
  });
  let jwks: ClientJwks;
  let documents: string[];
  let download: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    jwks = new ClientJwks(config);
    documents = [];
    download = vi.fn(() => {
      const next = documents.shift();
      return next === undefined ? Promise.reject(new Error('down')) : Promise.resolve(next);
    });
    (jwks as unknown as { download: typeof download }).download = download;
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('verifies with inline keys without fetching anything', async () => {
    const one = await key('one');
    const keys = jwks.keysOf(
      aConsumer({
        oauthVersion: 2,
        tokenEndpointAuthMethod: 'private_key_jwt',
        jwks: { keys: [one.jwk as Record<string, string>] },
      }),
    );
    await jwtVerify(await sign(one.privateKey, 'one'), keys);
    expect(download).not.toHaveBeenCalled();
  });

  it('refuses a client without keys, and fetches no address of an unapproved client', async () => {
    const none = jwks.keysOf(aConsumer({ oauthVersion: 2 }));
    await expect(jwtVerify('x.y.z', none)).rejects.toThrow();
    const proposed = jwks.keysOf({ ...remote, stage: ConsumerStage.Proposed });
    await expect(proposed({ alg: 'ES256' }, { payload: '', signature: '', protected: '' })).rejects.toThrow(
      'once it is approved',
    );
    expect(download).not.toHaveBeenCalled();
  });

  it('caches fetched keys, fetches again for an unknown kid at most once per interval', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const one = await key('one');
    const two = await key('two');
    const three = await key('three');
    documents.push(JSON.stringify({ keys: [one.jwk] }), JSON.stringify({ keys: [one.jwk, two.jwk] }));
    await jwtVerify(await sign(one.privateKey, 'one'), jwks.keysOf(remote));
    await jwtVerify(await sign(one.privateKey, 'one'), jwks.keysOf(remote));
    expect(download).toHaveBeenCalledTimes(1);

    await jwtVerify(await sign(two.privateKey, 'two'), jwks.keysOf(remote));
    expect(download).toHaveBeenCalledTimes(2);
    await expect(jwtVerify(await sign(three.privateKey, 'three'), jwks.keysOf(remote))).rejects.toMatchObject({
      code: 'ERR_JWKS_NO_MATCHING_KEY',
    });
    expect(download).toHaveBeenCalledTimes(2);

    vi.setSystemTime(Date.now() + 31_000);
    documents.push(JSON.stringify({ keys: [three.jwk] }));
    await jwtVerify(await sign(three.privateKey, 'three'), jwks.keysOf(remote));
    expect(download).toHaveBeenCalledTimes(3);
  });

  it('turns a failed fetch or a document that is not a public key set into unavailable keys', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const one = await key('one');
    await expect(jwtVerify(await sign(one.privateKey, 'one'), jwks.keysOf(remote))).rejects.toMatchObject({
      code: 'ERR_CLIENT_KEYS_UNAVAILABLE',
    });
    // A host that failed is not asked again at once.
    await expect(jwtVerify(await sign(one.privateKey, 'one'), jwks.keysOf(remote))).rejects.toMatchObject({
      code: 'ERR_CLIENT_KEYS_UNAVAILABLE',
    });
    expect(download).toHaveBeenCalledTimes(1);
    vi.setSystemTime(Date.now() + 31_000);
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    documents.push(JSON.stringify({ keys: [{ ...(await exportJWK(privateKey)), kid: 'one' }] }));
    await expect(jwtVerify(await sign(one.privateKey, 'one'), jwks.keysOf(remote))).rejects.toMatchObject({
      code: 'ERR_CLIENT_KEYS_UNAVAILABLE',
    });
  });
});
