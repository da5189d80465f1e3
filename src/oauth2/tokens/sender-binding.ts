import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The DPoP key (RFC 9449 §6.1: its RFC 7638 thumbprint) that the tokens issued while answering one token request
 * are bound to. The token endpoint checks the proof once, before the grant runs, and runs the grant inside
 * `bindTokensTo`; the access-token issuer and the refresh-token service read it here. So every grant type, the ones
 * to come included, issues bound tokens through the issuers it already calls, without a line of its own.
 */
const boundKey = new AsyncLocalStorage<string>();

export const SenderBinding = {
  /** Runs `issue` with every token issued inside bound to `jkt` (none when undefined). */
  bindTokensTo<T>(jkt: string | undefined, issue: () => Promise<T>): Promise<T> {
    return jkt === undefined ? issue() : boundKey.run(jkt, issue);
  },

  /** The thumbprint the tokens issued now are bound to; undefined outside a request with a DPoP proof. */
  currentKey(): string | undefined {
    return boundKey.getStore();
  },
};
