import { readFileSync } from 'node:fs';
import { DEFAULT_GRANTS } from './default-grants';
import {
  AUTH_ONLY_GRANTS,
  GRANT_RISKS,
  type GrantDefinition,
  type GrantRisk,
  HIDDEN_GROUP,
  OIDC_SCOPES,
} from './grant-definition';

const NAME = /^[a-z0-9_-]{1,64}$/;
/** Rights travel space-separated in `X-Auth-Rights` and in introspection answers: visible ASCII only. */
const RIGHT = /^[!-~]{1,255}$/;
const FIELDS = ['name', 'group', 'risk', 'rights', 'description'];
/** Grants the protocols rely on: `basic` is added to every normal consumer, the auth-only ones drive identify. */
const REQUIRED = ['basic', ...AUTH_ONLY_GRANTS];

/**
 * The grant catalogue: the built-in one (MediaWiki's defaults), changed by `GRANTS_FILE` when it is set.
 *
 * `GRANTS_FILE` holds one JSON object:
 * `{ "mode": "extend" | "replace", "grants": [{ "name", "group", "risk", "rights": [], "description" }] }`.
 * - `extend` adds the file's grants to the built-in ones; a grant with a built-in name replaces that one in place.
 * - `replace` uses only the file's grants, which must still define `basic`, `mwoauth-authonly` and
 *   `mwoauth-authonlyprivate`.
 * Every field is required: `name` and `group` match `^[a-z0-9_-]{1,64}$`; `risk` is one of low, vandalism,
 * security, internal; `rights` lists right names (visible ASCII, no spaces); `description` is English text.
 * `basic` must stay in the group `hidden`; the auth-only grants, and OpenID Connect's scopes (`openid`, `profile`,
 * `email`, `offline_access`) where the file defines them, must carry no rights. A `replace` file without `openid`
 * turns OpenID Connect off: no client can be granted it.
 *
 * Throws an Error whose message starts with `GRANTS_FILE ` and names the problem, so start-up stops there.
 */
export function loadGrants(path: string | undefined): GrantDefinition[] {
  if (!path) {
    return [...DEFAULT_GRANTS];
  }
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`GRANTS_FILE ${path} cannot be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  return applyGrantsFile(content);
}

/** The catalogue a parsed `GRANTS_FILE` describes (see `loadGrants`). */
export function applyGrantsFile(content: unknown): GrantDefinition[] {
  if (!isRecord(content) || !sameKeys(content, ['mode', 'grants']) || !Array.isArray(content.grants)) {
    throw new Error('GRANTS_FILE must hold an object { "mode": "extend" | "replace", "grants": [...] }');
  }
  if (content.mode !== 'extend' && content.mode !== 'replace') {
    throw new Error(`GRANTS_FILE mode must be "extend" or "replace" (got ${JSON.stringify(content.mode)})`);
  }
  const fileGrants = content.grants.map(toGrant);
  const byName = new Map<string, GrantDefinition>();
  for (const grant of content.mode === 'extend' ? DEFAULT_GRANTS : []) {
    byName.set(grant.name, grant);
  }
  const seen = new Set<string>();
  for (const grant of fileGrants) {
    if (seen.has(grant.name)) {
      throw new Error(`GRANTS_FILE defines the grant ${grant.name} twice`);
    }
    seen.add(grant.name);
    byName.set(grant.name, grant);
  }
  checkRequiredGrants(byName);
  return [...byName.values()];
}

function checkRequiredGrants(byName: Map<string, GrantDefinition>): void {
  const missing = REQUIRED.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    throw new Error(`GRANTS_FILE must define the grants ${missing.join(', ')}, which the protocols rely on`);
  }
  if (byName.get('basic')?.group !== HIDDEN_GROUP) {
    throw new Error(`GRANTS_FILE must keep the grant basic in the group ${HIDDEN_GROUP}`);
  }
  for (const name of [...AUTH_ONLY_GRANTS, ...OIDC_SCOPES]) {
    if (byName.get(name)?.rights.length) {
      throw new Error(`GRANTS_FILE grant ${name} must carry no rights: it only verifies identity`);
    }
  }
}

function toGrant(entry: unknown, index: number): GrantDefinition {
  const fail = (reason: string) => new Error(`GRANTS_FILE grant #${index + 1}: ${reason}`);
  if (!isRecord(entry)) {
    throw fail('must be an object');
  }
  if (!sameKeys(entry, FIELDS)) {
    throw fail(`must have exactly the fields ${FIELDS.join(', ')}`);
  }
  const { name, group, risk, rights, description } = entry;
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw fail(`name ${JSON.stringify(name)} must match ${NAME.source}`);
  }
  if (typeof group !== 'string' || !NAME.test(group)) {
    throw fail(`group ${JSON.stringify(group)} of ${name} must match ${NAME.source}`);
  }
  if (!GRANT_RISKS.includes(risk as GrantRisk)) {
    throw fail(`unknown risk ${JSON.stringify(risk)} of ${name} (expected one of ${GRANT_RISKS.join(', ')})`);
  }
  if (!Array.isArray(rights) || !rights.every((right) => typeof right === 'string' && RIGHT.test(right))) {
    throw fail(`rights of ${name} must be an array of right names (visible ASCII, no spaces)`);
  }
  if (typeof description !== 'string' || description.trim() === '') {
    throw fail(`description of ${name} must be a non-empty string`);
  }
  return { name, group, risk: risk as GrantRisk, rights: [...new Set(rights as string[])], description };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sameKeys(value: Record<string, unknown>, keys: string[]): boolean {
  const present = Object.keys(value);
  return present.length === keys.length && keys.every((key) => Object.hasOwn(value, key));
}
