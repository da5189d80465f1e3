import { Injectable } from '@nestjs/common';
import type { ProtectedResource } from '../config/protected-resources';
import { isResourceIndicator } from '../config/protected-resources';
import { ProtectedResources } from '../oauth2/resources/protected-resources';
import type { OriginalRequest, Requirements } from './gateway-request';

/**
 * The resource a gateway decision is about: `resource` is the audience a token must have (undefined: the gateway
 * guards no named resource), `entry` its `PROTECTED_RESOURCES` configuration when it has one (then its metadata
 * document exists).
 */
export interface GuardedResource {
  resource: string | undefined;
  entry: ProtectedResource | undefined;
}

/**
 * Which resource the gateway guards, and the challenges that send a client to its metadata. The gateway's own
 * configuration names it (`?resource=` on the decision URL, `X-Gateway-Require-Resource` for Envoy), else the
 * configured resource whose URL covers the original request's.
 */
@Injectable()
export class ResourceGuards {
  constructor(private readonly resources: ProtectedResources) {}

  /** `original`: the request the gateway describes, if it does. */
  of(original: OriginalRequest | undefined, requirements: Requirements): GuardedResource | 'misconfigured' {
    const named = requirements.resource;
    if (named !== undefined) {
      return isResourceIndicator(named) ? { resource: named, entry: this.resources.get(named) } : 'misconfigured';
    }
    const entry = original ? this.resources.guarding(original.baseUrl) : undefined;
    return { resource: entry?.resource, entry };
  }

  /**
   * RFC 9728 §5.1: a Bearer (or DPoP) challenge of a resource with metadata points to it, so a client that was
   * refused learns where to get a token; a challenge without an error (no credential at all) also names the scopes
   * the resource serves (RFC 6750 §3).
   */
  challenge(challenge: string, guarded: GuardedResource): string {
    const { entry } = guarded;
    if (!entry) {
      return challenge;
    }
    const metadata = `resource_metadata="${this.resources.metadataUrl(entry)}"`;
    const scope = /error="/.test(challenge) || entry.grants.length === 0 ? '' : `scope="${entry.grants.join(' ')}", `;
    return challenge.replace(/\b(?:Bearer|DPoP) realm="gatehouse"/g, (scheme) => `${scheme}, ${scope}${metadata}`);
  }
}
