import { Inject, Injectable, Logger } from '@nestjs/common';
import { type JWTVerifyGetKey, createLocalJWKSet } from 'jose';
import { rootCertificates } from 'node:tls';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { checkJwks } from '../../consumers/checks/check-client-keys';
import type { Consumer, JsonWebKeySet } from '../../consumers/consumer';
import { isUsableBy } from '../../consumers/consumer-usability';
import { boundedHttpsGet } from './bounded-https-get';

/** A JWKS host that does not answer within this is treated as down (issue 14: a fetch timeout). */
export const JWKS_FETCH_TIMEOUT_MS = 5000;
/** Bytes read of a JWKS document at most (issue 14: a size limit); ten large RSA keys fit. */
export const MAX_JWKS_DOCUMENT_BYTES = 64 * 1024;
/** How long fetched keys are used before they are fetched again. */
const CACHE_SECONDS = 300;
/**
 * An assertion naming a key the cached set lacks makes us fetch again (the client rotated), but no more often than
 * this per address, so unknown `kid`s cannot make us hammer the client's host.
 */
const REFETCH_INTERVAL_SECONDS = 30;
/** Addresses whose keys are remembered; the oldest is forgotten first. */
const MAX_CACHED_ADDRESSES = 1000;

interface FetchedKeys {
  keys: JWTVerifyGetKey;
  fetchedAt: number;
  /** When an unknown key last made us fetch again. */
  refetchedAt?: number;
}

/** The client's keys could not be had; the assertion is refused with this message. */
export class ClientKeysUnavailable extends Error {
  readonly code = 'ERR_CLIENT_KEYS_UNAVAILABLE';
}

/**
 * The public keys a `private_key_jwt` client signs its assertions with (RFC 7591 §2): inline, or fetched from its
 * https `jwks_uri` with a timeout and a size limit, checked as registered keys are, and cached. Keys are fetched
 * only for a client an admin approved: an address nobody reviewed must not make this server call into the network.
 */
@Injectable()
export class ClientJwks {
  private readonly logger = new Logger(ClientJwks.name);
  private readonly cache = new Map<string, FetchedKeys>();
  private readonly inFlight = new Map<string, Promise<FetchedKeys>>();
  /** When fetching each address last failed: a host that is down is not asked again at every assertion. */
  private readonly failedAt = new Map<string, number>();
  private readonly ca: string[] | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.ca = config.oauth2.jwksUriCa === undefined ? undefined : [...rootCertificates, config.oauth2.jwksUriCa];
  }

  keysOf(consumer: Consumer): JWTVerifyGetKey {
    if (consumer.jwks) {
      return createLocalJWKSet(consumer.jwks);
    }
    const uri = consumer.jwksUri;
    if (!uri) {
      return () => Promise.reject(new ClientKeysUnavailable('The client has no registered keys'));
    }
    if (!isUsableBy(consumer, undefined)) {
      return () => Promise.reject(new ClientKeysUnavailable('The jwks_uri of a client is used once it is approved'));
    }
    return async (header, token) => {
      const cached = await this.load(uri, false);
      try {
        return await cached.keys(header, token);
      } catch (error) {
        if ((error as { code?: string }).code !== 'ERR_JWKS_NO_MATCHING_KEY') {
          throw error;
        }
        const fresh = await this.load(uri, true);
        if (fresh === cached) {
          throw error;
        }
        return fresh.keys(header, token);
      }
    };
  }

  private async load(uri: string, unknownKey: boolean): Promise<FetchedKeys> {
    const cached = this.cache.get(uri);
    const now = Date.now() / 1000;
    if (cached && !unknownKey && now - cached.fetchedAt < CACHE_SECONDS) {
      return cached;
    }
    if (cached && unknownKey) {
      if (now - (cached.refetchedAt ?? -Infinity) < REFETCH_INTERVAL_SECONDS) {
        return cached;
      }
      cached.refetchedAt = now;
    }
    if (now - (this.failedAt.get(uri) ?? -Infinity) < REFETCH_INTERVAL_SECONDS) {
      throw new ClientKeysUnavailable("The client's keys could not be fetched from its jwks_uri; try again shortly");
    }
    let pending = this.inFlight.get(uri);
    if (!pending) {
      pending = this.fetch(uri, cached?.refetchedAt).finally(() => this.inFlight.delete(uri));
      this.inFlight.set(uri, pending);
    }
    return pending;
  }

  private async fetch(uri: string, refetchedAt: number | undefined): Promise<FetchedKeys> {
    let set: JsonWebKeySet;
    try {
      set = checkJwks(JSON.parse(await this.download(uri)) as unknown);
    } catch (error) {
      // The client's problem, but its operator's to see: the assertion's refusal does not say what went wrong.
      this.logger.warn({ jwksUri: uri, reason: (error as Error).message }, 'client keys could not be fetched');
      remember(this.failedAt, uri, Date.now() / 1000);
      throw new ClientKeysUnavailable("The client's keys could not be fetched from its jwks_uri");
    }
    const fetched = { keys: createLocalJWKSet(set), fetchedAt: Date.now() / 1000, refetchedAt };
    this.failedAt.delete(uri);
    remember(this.cache, uri, fetched);
    return fetched;
  }

  /** A GET without redirects (RFC 7591 §2 registers the address itself), within the timeout and the size limit. */
  private async download(uri: string): Promise<string> {
    const answer = await boundedHttpsGet(uri, {
      accept: 'application/json, application/jwk-set+json',
      maxBytes: MAX_JWKS_DOCUMENT_BYTES,
      timeoutMs: JWKS_FETCH_TIMEOUT_MS,
      ca: this.ca,
    });
    if (answer.status !== 200) {
      throw new Error(`status ${answer.status}`);
    }
    return answer.body;
  }
}

/** Sets `key` as the newest entry of `map`, forgetting the oldest beyond the bound. */
function remember<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_CACHED_ADDRESSES) {
    map.delete(map.keys().next().value as string);
  }
}
