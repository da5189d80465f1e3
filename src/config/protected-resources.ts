/** A resource server Gatehouse fronts (issue 23 §2): its identifier, its name for people, the grants it serves. */
export interface ProtectedResource {
  /** RFC 8707 §2 / RFC 9728 §1.2: an absolute https (or http) URI without fragment. */
  resource: string;
  name: string;
  /** The scopes its metadata lists (RFC 9728 §2 `scopes_supported`): Gatehouse's scopes are grant names. */
  grants: string[];
}

const MAX_RESOURCES = 100;
const GRANT_NAME = /^[\w:.-]{1,64}$/;

/**
 * `PROTECTED_RESOURCES`: a JSON array of `{ resource, name, grants }`. Each metadata document is served under the
 * path of its resource (RFC 9728 §3.1), so two resources may not share one.
 */
export function parseProtectedResources(value: string | undefined): ProtectedResource[] {
  if (value === undefined || value.trim() === '') {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error('is not valid JSON');
  }
  if (!Array.isArray(parsed) || parsed.length > MAX_RESOURCES) {
    throw new Error(`must be a JSON array of at most ${MAX_RESOURCES} resources`);
  }
  const resources = parsed.map((entry, index) => readResource(entry, index));
  const paths = resources.map((entry) => resourcePath(entry.resource));
  const clash = paths.find((path, index) => paths.indexOf(path) !== index);
  if (clash !== undefined) {
    throw new Error(`has two resources with the path ${clash}; each metadata document is served under its path`);
  }
  return resources;
}

function readResource(entry: unknown, index: number): ProtectedResource {
  const where = `entry ${index}`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new Error(`${where} must be an object with resource, name and grants`);
  }
  const { resource, name, grants, ...rest } = entry as Record<string, unknown>;
  if (Object.keys(rest).length > 0) {
    throw new Error(`${where} has unknown fields: ${Object.keys(rest).join(', ')}`);
  }
  if (typeof resource !== 'string' || !isResourceIndicator(resource) || !/^https?:/.test(resource)) {
    throw new Error(`${where} resource must be an absolute http(s) URL without fragment`);
  }
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200) {
    throw new Error(`${where} name must be a text of 1-200 characters`);
  }
  if (!Array.isArray(grants) || !grants.every((grant) => typeof grant === 'string' && GRANT_NAME.test(grant))) {
    throw new Error(`${where} grants must be an array of grant names`);
  }
  return { resource, name, grants: grants as string[] };
}

/**
 * RFC 8707 §2: a resource indicator is an absolute URI (RFC 3986 §4.3) without a fragment component. The raw text
 * is checked for `#`, since the WHATWG parser drops an empty fragment.
 */
export function isResourceIndicator(value: string): boolean {
  // RFC 3986 §2: a URI is printable ASCII; spaces, controls and raw non-ASCII text are not one.
  if (value.length > 2000 || value.includes('#') || /[^!-~]/.test(value)) {
    return false;
  }
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) {
    return false;
  }
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** The path its metadata document lives under: the resource's path, with no trailing slash (RFC 9728 §3.1). */
export function resourcePath(resource: string): string {
  return new URL(resource).pathname.replace(/\/+$/, '');
}
