import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../cache/temporary-store';
import { sessionBoundKey } from '../common/auth/session-bound-key';
import { randomHex, sha256Hex } from '../common/crypto/crypto';
import { SealedBox } from '../common/crypto/sealed-box';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

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

/** Not base64url, so it can never be taken for a sealed token. */
const USED = '**USED**';

/**
 * Request tokens in the temporary store, so any instance sharing Redis can continue a handshake. The secret, the
 * verifier and the access token travel sealed with the server key, under a hash of the token's key, so the cache
 * holds nothing usable (RFC 5849 §4.5, RFC 6819 §5.1.4.1.3), as the database holds only derived secrets.
 */
@Injectable()
export class RequestTokenStore {
  private readonly box: SealedBox;

  constructor(
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SealedBox(config.oauth.secretKey, 'oauth1-request-token');
  }

  async issue(consumerKey: string, callback: string): Promise<RequestToken> {
    const token: RequestToken = { key: randomHex(16), secret: randomHex(16), consumerKey, callback };
    if (!(await this.store.add(this.storeKey(token.key), this.seal(token), REQUEST_TOKEN_TTL))) {
      throw new Error('request token collision');
    }
    return token;
  }

  /** The token, `used` once it was exchanged (MediaWiki's E009), or `undefined` when unknown or expired. */
  async find(key: string): Promise<RequestToken | 'used' | undefined> {
    const stored = await this.store.get<string>(this.storeKey(key));
    return stored === USED ? 'used' : this.open(stored);
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
      this.seal({ ...token, authorization: { verifier, accessToken } }),
      REQUEST_TOKEN_TTL,
    );
  }

  /**
   * Takes the token for the exchange: of any number of concurrent calls, on any instance, exactly one gets it;
   * the others, and every later call, learn that it was used.
   */
  async redeem(key: string): Promise<Redemption> {
    const stored = await this.find(key);
    if (stored === undefined) {
      return { refusal: 'not_found' };
    }
    // The atomic add decides the one winner; reading the token first lets the losers tell "used" from "unknown".
    if (stored === 'used' || !(await this.store.add(`${this.storeKey(key)}:redeemed`, true, REQUEST_TOKEN_TTL))) {
      return { refusal: 'used' };
    }
    await this.store.set(this.storeKey(key), USED, REQUEST_TOKEN_TTL);
    return { token: stored };
  }

  private storeKey(key: string): string {
    return `oauth1:request:${sha256Hex(key)}`;
  }

  private seal(token: RequestToken): string {
    return this.box.seal(JSON.stringify(token));
  }

  private open(sealed: string | undefined): RequestToken | undefined {
    const plain = sealed === undefined ? undefined : this.box.open(sealed);
    return plain === undefined ? undefined : (JSON.parse(plain) as RequestToken);
  }
}

function consentKey(key: string, sessionId: string): string {
  return sessionBoundKey('oauth1:consent', sessionId, key);
}
