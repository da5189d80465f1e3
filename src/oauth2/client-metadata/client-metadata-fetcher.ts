import { Inject, Injectable, Logger } from '@nestjs/common';
import CachePolicy from 'http-cache-semantics';
import { lookup as resolve } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { boundedHttpsGet } from '../protocol/bounded-https-get';
import { isClientIdUrl } from './client-id-url';
import {
  type ClientMetadataDocument,
  ClientMetadataRefused,
  checkClientMetadataDocument,
} from './client-metadata-document';
import type { AddressScope, ClientMetadataHosts } from '../../config/client-metadata-hosts';
import { isPublicAddress } from './public-address';

/** The draft's §6.6 suggests 5 kilobytes; a client's metadata is a few hundred bytes. */
export const MAX_DOCUMENT_BYTES = 5 * 1024;
/** The whole fetch, connection to last byte: the authorization request waits on it. */
export const FETCH_TIMEOUT_MS = 5000;
/** A document is kept no longer than this whatever its `Cache-Control` says, so a changed one is seen within a day. */
const MAX_CACHE_SECONDS = 24 * 3600;
/** After a failed fetch the address is not asked again for this long: a `client_id` cannot make us hammer a host. */
const RETRY_AFTER_FAILURE_SECONDS = 30;
const MAX_CACHED_DOCUMENTS = 1000;

interface CachedDocument {
  document: ClientMetadataDocument;
  expiresAt: number;
}

/**
 * Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document, adopted by MCP): fetches the document
 * an https `client_id` names, safely against SSRF (§6.5: only hosts `CLIENT_METADATA_HOSTS` allows, no private or
 * loopback address unless the host is named exactly, the connection made to the address that was checked so a
 * second DNS answer cannot swap it, no redirect, bounded size and time), checks it, and caches it as HTTP caching
 * allows (§6.2), within a day.
 */
@Injectable()
export class ClientMetadataFetcher {
  private readonly logger = new Logger(ClientMetadataFetcher.name);
  private readonly hosts: ClientMetadataHosts | undefined;
  private readonly ca: string[] | undefined;
  private readonly cache = new Map<string, CachedDocument>();
  private readonly inFlight = new Map<string, Promise<ClientMetadataDocument>>();
  private readonly failedAt = new Map<string, number>();

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.hosts = config.oauth2.clientMetadata.hosts;
    const extraCa = config.oauth2.clientMetadata.ca;
    this.ca = extraCa === undefined ? undefined : [...rootCertificates, extraCa];
  }

  /** Whether documents are fetched at all (advertised as `client_id_metadata_document_supported`). */
  get supported(): boolean {
    return this.hosts !== undefined;
  }

  /** Whether `clientId` is one this server would look up as a metadata document. */
  isDocumentClientId(clientId: string): boolean {
    return this.supported && isClientIdUrl(clientId);
  }

  /** The checked document of `clientId`; refused with the reason when it cannot be had or is not acceptable. */
  async documentOf(clientId: string): Promise<ClientMetadataDocument> {
    const cached = this.cache.get(clientId);
    if (cached && cached.expiresAt > Date.now()) {
      return cached.document;
    }
    if (Date.now() / 1000 - (this.failedAt.get(clientId) ?? -Infinity) < RETRY_AFTER_FAILURE_SECONDS) {
      throw new ClientMetadataRefused('The client metadata document could not be fetched; try again shortly');
    }
    let pending = this.inFlight.get(clientId);
    if (!pending) {
      pending = this.fetch(clientId).finally(() => this.inFlight.delete(clientId));
      this.inFlight.set(clientId, pending);
    }
    return pending;
  }

  private async fetch(clientId: string): Promise<ClientMetadataDocument> {
    try {
      const url = new URL(clientId);
      const scope = this.isDocumentClientId(clientId) ? this.hosts?.scopeOf(url) : undefined;
      if (scope === undefined) {
        throw new ClientMetadataRefused('The host of this client_id is not one whose metadata documents are fetched');
      }
      checkLiteralAddress(url, scope);
      const answer = await boundedHttpsGet(clientId, {
        accept: 'application/json',
        maxBytes: MAX_DOCUMENT_BYTES,
        timeoutMs: FETCH_TIMEOUT_MS,
        ca: this.ca,
        lookup: lookupWithin(scope),
      });
      if (answer.status !== 200) {
        // Redirects too: the document must be at the client_id itself (§4.1 compares the two).
        throw new ClientMetadataRefused(`The client metadata document answered ${answer.status}`);
      }
      const document = checkClientMetadataDocument(clientId, answer.body);
      this.remember(clientId, document, answer.headers);
      this.failedAt.delete(clientId);
      return document;
    } catch (error) {
      this.logger.warn({ clientId, reason: (error as Error).message }, 'client metadata document refused');
      bounded(this.failedAt, clientId, Date.now() / 1000);
      throw error instanceof ClientMetadataRefused
        ? error
        : new ClientMetadataRefused('The client metadata document could not be fetched');
    }
  }

  private remember(clientId: string, document: ClientMetadataDocument, headers: Record<string, unknown>): void {
    const policy = new CachePolicy(
      { url: clientId, method: 'GET', headers: { accept: 'application/json' } },
      { status: 200, headers: headers as CachePolicy.Headers },
      { shared: true },
    );
    const ttl = policy.storable() ? Math.min(policy.timeToLive(), MAX_CACHE_SECONDS * 1000) : 0;
    if (ttl > 0) {
      bounded(this.cache, clientId, { document, expiresAt: Date.now() + ttl });
    } else {
      this.cache.delete(clientId);
    }
  }
}

/** A host written as an address is connected to without a lookup, so it is judged here. */
function checkLiteralAddress(url: URL, scope: AddressScope): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0 && scope === 'public' && !isPublicAddress(host)) {
    throw new ClientMetadataRefused('The client_id names an address that is not public');
  }
}

/**
 * Resolves as Node would, then keeps only the addresses `scope` allows: the connection is made to one of those,
 * never to whatever a second lookup (DNS rebinding) would answer.
 */
function lookupWithin(scope: AddressScope): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { all: true, family: options.family, hints: options.hints }, (error, addresses) => {
      if (error) {
        return callback(error, '', 0);
      }
      const usable = scope === 'any' ? addresses : addresses.filter((entry) => isPublicAddress(entry.address));
      if (usable.length === 0) {
        return callback(new ClientMetadataRefused(`${hostname} has no public address`), '', 0);
      }
      if (options.all) {
        return (callback as unknown as (error: null, addresses: typeof usable) => void)(null, usable);
      }
      callback(null, usable[0].address, usable[0].family);
    });
  };
}

function bounded<T>(map: Map<string, T>, key: string, value: T): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_CACHED_DOCUMENTS) {
    map.delete(map.keys().next().value as string);
  }
}
