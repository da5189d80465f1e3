import type { ProtectedResource } from './protected-resources';

/** What a registration without review may hold: grants (scopes) and resources (RFC 8707 §2). */
export interface DynamicRegistrationAllowance {
  grants: string[];
  /** Resource URLs, each one of `PROTECTED_RESOURCES`. */
  resources: string[];
}

/**
 * `DYNAMIC_REGISTRATION_GRANTS`: comma-separated grant names and resource URLs (issue 23: "within the grants and
 * resources listed in DYNAMIC_REGISTRATION_GRANTS"). A resource must be one Gatehouse fronts: an unreviewed client is
 * let near no resource server an operator did not configure. Unset: `basic` and no resource.
 */
export function readDynamicRegistrationGrants(
  items: string[] | undefined,
  protectedResources: ProtectedResource[],
): DynamicRegistrationAllowance {
  if (items === undefined) {
    return { grants: ['basic'], resources: [] };
  }
  const resources = items.filter((item) => /^https?:\/\//i.test(item));
  const fronted = new Set(protectedResources.map((entry) => entry.resource));
  const unknown = resources.filter((resource) => !fronted.has(resource));
  if (unknown.length > 0) {
    throw new Error(`names resources that are not in PROTECTED_RESOURCES: ${unknown.join(', ')}`);
  }
  return { grants: items.filter((item) => !resources.includes(item)), resources };
}
