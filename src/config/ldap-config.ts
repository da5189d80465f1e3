import { existsSync, readFileSync } from 'node:fs';
import { parseDuration } from './duration';
import type { EnvSchema } from './env.schema';
import { readBoolean } from './env/values';

/** Gatehouse's fields that a directory entry fills in, and the attribute each comes from. */
export interface LdapAttributeMap {
  name: string;
  email: string;
  realName: string;
}

/** A directory Gatehouse federates (issue 22 §1); absent when `LDAP_URL` is unset. */
export interface LdapConfig {
  url: string;
  bindDn?: string;
  bindPassword?: string;
  userBase: string;
  /** An RFC 4515 filter with `{username}` where the escaped typed name goes. */
  userFilter: string;
  attributes: LdapAttributeMap;
  /** The attribute that never changes for an entry (`entryUUID`, RFC 4530; `objectGUID` on Active Directory). */
  idAttribute: string;
  groupBase?: string;
  /** Directory group DN (lower-cased, so that case differences in DNs do not matter) → Gatehouse group. */
  groupMap: Record<string, string>;
  startTls: boolean;
  /** PEM CA certificates trusted for ldaps:// and StartTLS, besides the system's. */
  ca?: string;
  /** Seconds between two scheduled syncs. */
  syncInterval: number;
}

export const DEFAULT_USER_FILTER = '(&(objectClass=inetOrgPerson)(uid={username}))';
const DEFAULT_ATTRIBUTES: LdapAttributeMap = { name: 'uid', email: 'mail', realName: 'cn' };
const ATTRIBUTE_NAME = /^[A-Za-z][\w-]*$/;
const GROUP_NAME = /^[\w-]{1,64}$/;

type Attempt = <T>(variable: string, read: () => T) => T | undefined;
type LdapEnv = Pick<EnvSchema, Extract<keyof EnvSchema, `LDAP_${string}`>>;

/** Builds the directory's configuration; every bad value is reported through `attempt` under its variable. */
export function readLdapConfig(env: LdapEnv, attempt: Attempt): LdapConfig | undefined {
  if (env.LDAP_URL === undefined) {
    return undefined;
  }
  const url = env.LDAP_URL;
  const startTls = readBoolean(env.LDAP_STARTTLS, false);
  attempt('LDAP_STARTTLS', () => {
    if (startTls && url.startsWith('ldaps:')) {
      throw new Error('is for ldap:// URLs; ldaps:// is TLS from the start');
    }
  });
  return {
    url,
    bindDn: env.LDAP_BIND_DN,
    bindPassword: attempt('LDAP_BIND_PASSWORD_FILE', () => bindPassword(env)),
    userBase: env.LDAP_USER_BASE ?? '',
    userFilter: env.LDAP_USER_FILTER ?? DEFAULT_USER_FILTER,
    attributes: attempt('LDAP_ATTRIBUTES', () => attributeMap(env.LDAP_ATTRIBUTES)) ?? DEFAULT_ATTRIBUTES,
    idAttribute: env.LDAP_ID_ATTRIBUTE ?? 'entryUUID',
    groupBase: env.LDAP_GROUP_BASE,
    groupMap: attempt('LDAP_GROUP_MAP', () => groupMap(env.LDAP_GROUP_MAP)) ?? {},
    startTls,
    ca: env.LDAP_CA_FILE ? attempt('LDAP_CA_FILE', () => readPem(env.LDAP_CA_FILE as string)) : undefined,
    syncInterval: attempt('LDAP_SYNC_INTERVAL', () => syncInterval(env.LDAP_SYNC_INTERVAL ?? 'PT15M')) ?? 0,
  };
}

function bindPassword(env: LdapEnv): string | undefined {
  if (env.LDAP_BIND_PASSWORD !== undefined && env.LDAP_BIND_PASSWORD_FILE !== undefined) {
    throw new Error('and LDAP_BIND_PASSWORD are both set; set one');
  }
  return env.LDAP_BIND_PASSWORD_FILE === undefined
    ? env.LDAP_BIND_PASSWORD
    : readSecretFile(env.LDAP_BIND_PASSWORD_FILE);
}

/** A secret kept in a file (a container secret, say). */
export function readSecretFile(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`names a file that does not exist: ${path}`);
  }
  // A trailing newline is how editors and `echo` end a file; it is never part of the secret.
  return readFileSync(path, 'utf8').replace(/\r?\n$/, '');
}

function attributeMap(text: string | undefined): LdapAttributeMap {
  if (text === undefined) {
    return DEFAULT_ATTRIBUTES;
  }
  const parsed = parseJsonObject(text, 'a JSON object such as {"name":"uid","email":"mail","realName":"cn"}');
  for (const [field, attribute] of Object.entries(parsed)) {
    if (!(field in DEFAULT_ATTRIBUTES)) {
      throw new Error(`has an unknown field ${JSON.stringify(field)} (name, email and realName are known)`);
    }
    if (typeof attribute !== 'string' || !ATTRIBUTE_NAME.test(attribute)) {
      throw new Error(`maps ${field} to something that is not an attribute name`);
    }
  }
  return { ...DEFAULT_ATTRIBUTES, ...(parsed as Partial<LdapAttributeMap>) };
}

function groupMap(text: string | undefined): Record<string, string> {
  if (text === undefined) {
    return {};
  }
  const parsed = parseJsonObject(text, 'a JSON object of directory group DN to Gatehouse group');
  const map: Record<string, string> = {};
  for (const [dn, group] of Object.entries(parsed)) {
    if (typeof group !== 'string' || !GROUP_NAME.test(group)) {
      throw new Error(`maps ${dn} to something that is not a group name`);
    }
    map[dn.toLowerCase()] = group;
  }
  return map;
}

export function parseJsonObject(text: string, shape: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`is not valid JSON; it must be ${shape}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`must be ${shape}`);
  }
  return parsed as Record<string, unknown>;
}

function readPem(path: string): string {
  if (!existsSync(path)) {
    throw new Error(`names a file that does not exist: ${path}`);
  }
  const pem = readFileSync(path, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new Error(`names a file with no PEM certificate: ${path}`);
  }
  return pem;
}

function syncInterval(text: string): number {
  const seconds = parseDuration(text) as number;
  if (!Number.isFinite(seconds) || seconds < 60) {
    throw new Error('must be a finite duration of at least PT1M');
  }
  return seconds;
}
