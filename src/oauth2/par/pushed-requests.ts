import { Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { randomHex } from '../../common/crypto/crypto';

/** RFC 9126 §2.2: the `request_uri` is a URN of this form, its rest unguessable (here 32 random bytes, hex). */
export const REQUEST_URI_PREFIX = 'urn:ietf:params:oauth:request_uri:';
const REFERENCE = /^[0-9a-f]{64}$/;

/** An authorization request as its client pushed it: its parameters, all text, and whose they are. */
export interface PushedRequest {
  clientKey: string;
  parameters: Record<string, string>;
  /** Pushed again for a sign-in: when that sign-in must be over (seconds since the epoch). */
  signInBy?: number;
}

/**
 * Pushed authorization requests in the temporary store (DESIGN §5), each behind a fresh `request_uri`. Taking one is
 * an atomic get-and-delete, so it is used once across every instance sharing the store (RFC 9126 §4: "one-time use").
 */
@Injectable()
export class PushedRequests {
  constructor(private readonly store: TemporaryStore) {}

  /** Stores `request` for `lifetime` seconds; answers its `request_uri`. */
  async push(request: PushedRequest, lifetime: number): Promise<string> {
    const reference = randomHex(32);
    await this.store.set(storeKey(reference), request, lifetime);
    return `${REQUEST_URI_PREFIX}${reference}`;
  }

  /** The request behind `requestUri`, spent; undefined when it is unknown, spent already or expired. */
  async take(requestUri: string): Promise<PushedRequest | undefined> {
    const reference = requestUri.startsWith(REQUEST_URI_PREFIX) ? requestUri.slice(REQUEST_URI_PREFIX.length) : '';
    return REFERENCE.test(reference) ? this.store.take<PushedRequest>(storeKey(reference)) : undefined;
  }
}

function storeKey(reference: string): string {
  return `oauth2:par:${reference}`;
}
