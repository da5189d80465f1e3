import { CacheableMemory } from '@cacheable/memory';
import { MemoryTemporaryStore } from '../../cache/memory-temporary-store';
import type { AppConfig } from '../../config/app-config';
import { type Credentials, OneTimeCredentials } from './one-time-credentials';

describe('OneTimeCredentials', () => {
  const config = { oauth: { secretKey: 'server-key-for-the-test' } } as AppConfig;
  const credentials: Credentials = {
    purpose: 'registered',
    consumer: { key: 'k'.repeat(32), name: 'App', version: '1.0', stage: 'proposed' },
    key: 'k'.repeat(32),
    secret: 'the-client-secret-0123456789',
    warnings: [],
  };

  it('keeps the secret sealed, hands it out once, and only to its person', async () => {
    const memory = new CacheableMemory();
    const store = new MemoryTemporaryStore(memory, 'test:');
    const kept = new OneTimeCredentials(store, config);
    const id = await kept.keep(7, credentials);

    const stored = await store.get<string>(`pages:credentials:7:${id}`);
    expect(JSON.stringify(stored)).not.toContain('the-client-secret');

    expect(await kept.take(8, id)).toBeUndefined();
    expect(await kept.take(7, id)).toEqual(credentials);
    expect(await kept.take(7, id)).toBeUndefined();
  });
});
