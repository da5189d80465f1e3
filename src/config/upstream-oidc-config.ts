import { parseJsonObject, readSecretFile } from './ldap-config';

/** The claims of the upstream's ID Token or UserInfo that fill Gatehouse's fields. */
export interface UpstreamClaimMap {
  name: string;
  email: string;
  realName: string;
  /** A claim holding a list of group names (or one name). */
  groups: string;
}

/** An upstream OpenID Provider whose people sign in here (issue 22 §2, identity brokering). */
export interface UpstreamOidcProvider {
  /** Gatehouse's name for it: in its sign-in path, and in the links' source `oidc:<name>`. */
  name: string;
  /** What the login page's button says: "Sign in with <displayName>". */
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  claims: UpstreamClaimMap;
  /** Upstream group name → Gatehouse group. */
  groupMap: Record<string, string>;
  /**
   * Whether the provider's back-channel logout also revokes every OAuth token of the account (its authorizations:
   * OAuth 2 access and refresh tokens, OAuth 1 access tokens), not only its sessions: for a provider whose logouts
   * mean the person left. Off by default.
   */
  backchannelLogoutRevokesTokens: boolean;
}

const DEFAULT_CLAIMS: UpstreamClaimMap = {
  name: 'preferred_username',
  email: 'email',
  realName: 'name',
  groups: 'groups',
};
const DEFAULT_SCOPES = ['openid', 'profile', 'email'];
const PROVIDER_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;
const GROUP_NAME = /^[\w-]{1,64}$/;
const CLAIM_NAME = /^[\w.:-]{1,64}$/;
const SCOPE = /^[\x21\x23-\x5b\x5d-\x7e]+$/;
const KNOWN_FIELDS = new Set([
  'name',
  'displayName',
  'issuer',
  'clientId',
  'clientSecret',
  'clientSecretFile',
  'scopes',
  'claims',
  'groupMap',
  'backchannelLogoutRevokesTokens',
]);
const SHAPE = 'a JSON array of providers such as [{"name":"corp","displayName":"Corp SSO","issuer":"https://…",…}]';

/** `UPSTREAM_OIDC_PROVIDERS`, read; every problem is thrown naming the provider and its field. */
export function readUpstreamOidcProviders(text: string | undefined): UpstreamOidcProvider[] {
  if (text === undefined || text.trim() === '') {
    return [];
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`is not valid JSON; it must be ${SHAPE}`);
  }
  if (!Array.isArray(parsed)) {
    throw new Error(`must be ${SHAPE}`);
  }
  const providers = parsed.map((entry, index) => provider(entry, index));
  const names = providers.map((one) => one.name);
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) {
    throw new Error(`names the provider ${twice} twice`);
  }
  return providers;
}

function provider(entry: unknown, index: number): UpstreamOidcProvider {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new Error(`entry ${index + 1} must be a JSON object`);
  }
  const fields = entry as Record<string, unknown>;
  const label = typeof fields.name === 'string' ? `provider ${fields.name}` : `entry ${index + 1}`;
  const fail = (message: string): never => {
    throw new Error(`${label}: ${message}`);
  };
  const unknown = Object.keys(fields).find((field) => !KNOWN_FIELDS.has(field));
  if (unknown !== undefined) {
    fail(`has an unknown field ${JSON.stringify(unknown)}`);
  }
  const text = (field: string): string => {
    const value = fields[field];
    return typeof value === 'string' && value.trim() !== '' ? value : fail(`needs ${field} (a non-empty string)`);
  };
  const name = text('name');
  if (!PROVIDER_NAME.test(name)) {
    fail('name must be 1 to 32 lower-case letters, digits and dashes');
  }
  if ((fields.clientSecret === undefined) === (fields.clientSecretFile === undefined)) {
    fail('needs exactly one of clientSecret and clientSecretFile');
  }
  try {
    return {
      name,
      displayName: text('displayName'),
      issuer: issuer(text('issuer')),
      clientId: text('clientId'),
      clientSecret: fields.clientSecret === undefined ? readSecretFile(text('clientSecretFile')) : text('clientSecret'),
      scopes: scopes(fields.scopes),
      claims: claimMap(fields.claims),
      groupMap: groupMap(fields.groupMap),
      backchannelLogoutRevokesTokens: flag(fields, 'backchannelLogoutRevokesTokens'),
    };
  } catch (error) {
    return fail((error as Error).message);
  }
}

/**
 * OpenID Connect Discovery 1.0 §3: the issuer is an https URL with no query or fragment. Plain http is taken only
 * on a loopback address (a provider on the same machine), where nothing crosses a network.
 */
function issuer(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('issuer must be a URL');
  }
  const loopback = ['127.0.0.1', '[::1]', 'localhost'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error('issuer must be an https URL (http only on a loopback address)');
  }
  if (url.search !== '' || url.hash !== '') {
    throw new Error('issuer must have no query or fragment (OpenID Connect Discovery §3)');
  }
  return text;
}

/** A yes-or-no field: JSON `true` or `false`, absent for `false`; a string such as "true" is refused, not guessed. */
function flag(fields: Record<string, unknown>, field: string): boolean {
  const value = fields[field];
  if (value !== undefined && typeof value !== 'boolean') {
    throw new Error(`${field} must be true or false`);
  }
  return value === true;
}

function scopes(value: unknown): string[] {
  if (value === undefined) {
    return DEFAULT_SCOPES;
  }
  if (!Array.isArray(value) || !value.every((scope) => typeof scope === 'string' && SCOPE.test(scope))) {
    throw new Error('scopes must be a list of scope names');
  }
  // OpenID Connect Core §3.1.2.1: without `openid` the request is plain OAuth 2 and no ID Token comes back.
  if (!value.includes('openid')) {
    throw new Error('scopes must include openid');
  }
  return value as string[];
}

function claimMap(value: unknown): UpstreamClaimMap {
  if (value === undefined) {
    return DEFAULT_CLAIMS;
  }
  const parsed = parseJsonObject(JSON.stringify(value), 'an object of Gatehouse field to claim name');
  for (const [field, claim] of Object.entries(parsed)) {
    if (!(field in DEFAULT_CLAIMS)) {
      throw new Error(
        `claims has an unknown field ${JSON.stringify(field)} (name, email, realName and groups are known)`,
      );
    }
    if (typeof claim !== 'string' || !CLAIM_NAME.test(claim)) {
      throw new Error(`claims maps ${field} to something that is not a claim name`);
    }
  }
  return { ...DEFAULT_CLAIMS, ...(parsed as Partial<UpstreamClaimMap>) };
}

function groupMap(value: unknown): Record<string, string> {
  if (value === undefined) {
    return {};
  }
  const parsed = parseJsonObject(JSON.stringify(value), 'an object of upstream group to Gatehouse group');
  for (const [upstream, group] of Object.entries(parsed)) {
    if (typeof group !== 'string' || !GROUP_NAME.test(group)) {
      throw new Error(`groupMap maps ${upstream} to something that is not a group name`);
    }
  }
  return parsed as Record<string, string>;
}
