import { type Cache, createCache } from 'cache-manager';
import { Keyv, type KeyvStoreAdapter } from 'keyv';

/** cache-manager in its own namespace, so that clearing or evicting it never touches the temporary store. */
export function createGeneralCache(store: KeyvStoreAdapter, prefix: string): Cache {
  // The adapters keep namespaces apart themselves (a key prefix in Redis, a separate map in memory);
  // Keyv's own key prefix would only repeat the namespace inside every key.
  return createCache({ stores: [new Keyv({ store, namespace: `${prefix}cache`, useKeyPrefix: false })] });
}
