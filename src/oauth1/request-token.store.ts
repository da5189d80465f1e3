import { Injectable } from '@nestjs/common';
import { TemporaryStore } from '../cache/temporary-store';
import { sessionBoundKey } from '../common/auth/session-bound-key';
import { randomHex } from '../common/crypto/crypto';

/** MediaWiki keeps request tokens ten minutes (reference §1.4), also after they were used. */
export const REQUEST_TOKEN_TTL = 600;

/** A temporary credential of the OAuth 1 handshake, from /initiate to /token. */
export interface RequestToken {
  key: string;
  /** Random, not derived: it lives ten minutes in the cache only (reference §4.5). */
  secret: string;
  consumerKey: string;
  /** `oob` or the URL the consumer gave at /initiate. */
  callback: string;
  /** Set once the user allowed the consumer. */
  authorization?: { verifier: string; accessToken: string };
}

export type Redemption = { token: RequestToken } | { refusal: 'not_found' | 'used' };

const USED = '**USED**';

/** Request tokens in the temporary store, so any instance sharing Redis can continue a handshake. */
@Injectable()
export class RequestTokenStore {
  constructor(private readonly store: TemporaryStore) {}

  async issue(consumerKey: string, callback: string): Promise<RequestToken> {
    const token: RequestToken = { key: randomHex(16), secret: randomHex(16), consumerKey, callback };
    if (!(await this.store.add(this.storeKey(token.key), token, REQUEST_TOKEN_TTL))) {
      throw new Error('request token collision');
    }
    return token;
  }

  /** The token, `used` once it was exchanged (MediaWiki's E009), or `undefined` when unknown or expired. */
  async find(key: string): Promise<RequestToken | 'used' | undefined> {
    const stored = await this.store.get<RequestToken | typeof USED>(this.storeKey(key));
    return stored === USED ? 'used' : stored;
  }

  /** Remembers that this session was shown the consent dialog for the token, so that it alone may answer it. */
  async showConsent(token: RequestToken, sessionId: string): Promise<void> {
    await this.store.set(consentKey(token.key, sessionId), true, REQUEST_TOKEN_TTL);
  }

  async consentShown(key: string, sessionId: string): Promise<boolean> {
    return (await this.store.get<boolean>(consentKey(key, sessionId))) === true;
  }

  /**
   * The right to authorize a token, given once: of any number of concurrent consents, by any users on any
   * instances, exactly one may attach its account to the token, and never to one already authorized or used.
   */
  async claimAuthorization(token: RequestToken): Promise<boolean> {
    if (token.authorization) {
      return false;
    }
    return this.store.add(`${this.storeKey(token.key)}:authorized`, true, REQUEST_TOKEN_TTL);
  }

  /** Records the user's consent; the ten minutes start again, as in MediaWiki. */
  async authorize(token: RequestToken, verifier: string, accessToken: string): Promise<void> {
    await this.store.set(
      this.storeKey(token.key),
      { ...token, authorization: { verifier, accessToken } },
      REQUEST_TOKEN_TTL,
    );
  }

  /**
   * Takes the token for the exchange: of any number of concurrent calls, on any instance, exactly one gets it;
   * the others, and every later call, learn that it was used.
   */
  async redeem(key: string): Promise<Redemption> {
    const stored = await this.store.get<RequestToken | typeof USED>(this.storeKey(key));
    if (stored === undefined) {
      return { refusal: 'not_found' };
    }
    // The atomic add decides the one winner; reading the token first lets the losers tell "used" from "unknown".
    if (stored === USED || !(await this.store.add(`${this.storeKey(key)}:redeemed`, true, REQUEST_TOKEN_TTL))) {
      return { refusal: 'used' };
    }
    await this.store.set(this.storeKey(key), USED, REQUEST_TOKEN_TTL);
    return { token: stored };
  }

  private storeKey(key: string): string {
    return `oauth1:request:${key}`;
  }
}

function consentKey(key: string, sessionId: string): string {
  return sessionBoundKey('oauth1:consent', sessionId, key);
}
