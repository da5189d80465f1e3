import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ConfigError } from '../../config/config.error';
import { type ProtectedResource, resourcePath } from '../../config/protected-resources';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import type { ProtectedResourceMetadataDto } from './protected-resource-metadata.dto';

/** RFC 9728 §3: the well-known path segment its documents live under. */
export const METADATA_PREFIX = '/.well-known/oauth-protected-resource';

/**
 * The resource servers Gatehouse fronts (`PROTECTED_RESOURCES`): their RFC 9728 metadata documents, and which of them
 * a request the gateway describes is addressed to.
 */
@Injectable()
export class ProtectedResources {
  private readonly byPath = new Map<string, ProtectedResource>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    catalogue: GrantCatalogue,
  ) {
    const resources = config.oauth2.protectedResources;
    // The grants are checked here, where the catalogue (GRANTS_FILE included) is known: a scope no client can be
    // granted would be advertised in vain.
    const unknown = catalogue.unknown(resources.flatMap((entry) => entry.grants));
    if (unknown.length > 0) {
      throw new ConfigError([`PROTECTED_RESOURCES names unknown grants: ${[...new Set(unknown)].join(', ')}`]);
    }
    for (const entry of resources) {
      this.byPath.set(resourcePath(entry.resource), entry);
    }
  }

  /** Whether any resource is configured: without one, no request needs its URL read to find its resource. */
  get any(): boolean {
    return this.byPath.size > 0;
  }

  get(resource: string): ProtectedResource | undefined {
    return this.config.oauth2.protectedResources.find((entry) => entry.resource === resource);
  }

  /**
   * The resource a request is for: its URL is the resource's, or lies under it on a path-segment boundary (DESIGN
   * §9), so `https://h/mcp` covers `https://h/mcp/x` but not `https://h/mcpx`. The longest match wins.
   */
  guarding(url: string): ProtectedResource | undefined {
    let best: ProtectedResource | undefined;
    for (const entry of this.config.oauth2.protectedResources) {
      const base = entry.resource.replace(/\/+$/, '');
      const covers = url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
      if (covers && (!best || entry.resource.length > best.resource.length)) {
        best = entry;
      }
    }
    return best;
  }

  /** RFC 9728 §3.1: the document's address, the resource's path inserted after the well-known prefix. */
  metadataUrl(entry: ProtectedResource): string {
    return `${this.config.http.publicUrl}${METADATA_PREFIX}${resourcePath(entry.resource)}`;
  }

  /** RFC 9728 §2 and §3.2; undefined for a path no configured resource has. */
  document(path: string): ProtectedResourceMetadataDto | undefined {
    const entry = this.byPath.get(path.replace(/\/+$/, ''));
    if (!entry) {
      return undefined;
    }
    return {
      resource: entry.resource,
      authorization_servers: [this.config.http.publicUrl],
      scopes_supported: entry.grants,
      // RFC 6750 §2.1 only: the gateway reads the Authorization header, never a form body or the query.
      bearer_methods_supported: ['header'],
      resource_name: entry.name,
      ...(this.config.oauth2.dpop.enabled ? { dpop_bound_access_tokens_required: false } : {}),
    };
  }
}
