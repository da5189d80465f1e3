import { CacheableMemory } from '@cacheable/memory';
import { MemoryTemporaryStore } from '../cache/memory-temporary-store';
import type { AppConfig } from '../config/app-config';
import { RequestTokenStore } from './request-token.store';

describe('RequestTokenStore', () => {
  const config = { oauth: { secretKey: 'k'.repeat(32) } } as AppConfig;
  const memory = () => new CacheableMemory();
  const tokens = (cache = memory()) => new RequestTokenStore(new MemoryTemporaryStore(cache, 'test:'), config);

  it('issues 32-hex keys and secrets and finds them again', async () => {
    const store = tokens();
    const token = await store.issue('c'.repeat(32), 'oob');
    expect(token.key).toMatch(/^[0-9a-f]{32}$/);
    expect(token.secret).toMatch(/^[0-9a-f]{32}$/);
    expect(await store.find(token.key)).toEqual(token);
    expect(await store.find('0'.repeat(32))).toBeUndefined();
  });

  it('keeps the secret, the verifier and the access token sealed, under a hash of the key', async () => {
    const cache = memory();
    const store = tokens(cache);
    const token = await store.issue('c'.repeat(32), 'oob');
    await store.authorize(token, 'v'.repeat(32), 'a'.repeat(32));
    const contents = JSON.stringify([...cache.items]);
    for (const secret of [token.key, token.secret, 'v'.repeat(32), 'a'.repeat(32)]) {
      expect(contents).not.toContain(secret);
    }
    // Another server key opens nothing.
    const stranger = new RequestTokenStore(new MemoryTemporaryStore(cache, 'test:'), {
      oauth: { secretKey: 'x'.repeat(32) },
    } as AppConfig);
    expect(await stranger.find(token.key)).toBeUndefined();
  });

  it('keeps the consent with the token', async () => {
    const store = tokens();
    const token = await store.issue('c'.repeat(32), 'oob');
    await store.authorize(token, 'v'.repeat(32), 'a'.repeat(32));
    expect(await store.find(token.key)).toMatchObject({
      authorization: { verifier: 'v'.repeat(32), accessToken: 'a'.repeat(32) },
    });
  });

  it('knows which sessions were shown the consent dialog of a token', async () => {
    const store = tokens();
    const token = await store.issue('c'.repeat(32), 'oob');
    const other = await store.issue('c'.repeat(32), 'oob');
    await store.showConsent(token, 's'.repeat(64));
    expect(await store.consentShown(token.key, 's'.repeat(64))).toBe(true);
    expect(await store.consentShown(token.key, 't'.repeat(64))).toBe(false);
    expect(await store.consentShown(other.key, 's'.repeat(64))).toBe(false);
  });

  it('lets exactly one of many concurrent exchanges redeem a token, then says it was used', async () => {
    const store = tokens();
    const token = await store.issue('c'.repeat(32), 'oob');
    const results = await Promise.all(Array.from({ length: 50 }, () => store.redeem(token.key)));
    expect(results.filter((result) => 'token' in result)).toHaveLength(1);
    expect(results.filter((result) => 'refusal' in result && result.refusal === 'used')).toHaveLength(49);
    expect(await store.find(token.key)).toBe('used');
    expect(await store.redeem(token.key)).toEqual({ refusal: 'used' });
    expect(await store.redeem('0'.repeat(32))).toEqual({ refusal: 'not_found' });
  });
});
