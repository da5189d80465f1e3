import type { ProtocolDoorKind, RouteAccess } from '../../../src/common/auth/route-access';
import type { LiveRoute } from './live-routes';

/** The kinds of caller the matrix tries on every route. */
export interface CredentialKind {
  /** The column header in `docs/security.md`. */
  column: string;
  via: 'none' | 'session' | 'oauth1' | 'oauth2';
  /** The grants an OAuth credential was issued for, as the registration answered them. */
  grants?: readonly string[];
  /** A session that sends its CSRF token on unsafe methods. */
  csrf?: boolean;
  blocked?: boolean;
}

/**
 * What the guards must do with a credential: let it through (`pass`), refuse it (`refused`: 401/403, or for pages
 * the sign-in redirect or a 403 page), or let anyone reach a protocol door, which checks its own credential (`door`).
 */
export type Outcome = 'pass' | 'refused' | 'door';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The rule each declaration states, written out here on its own so that the test holds the guards to it rather
 * than to themselves. `held` is what the credential holds: for a session its user's rights, for an OAuth
 * credential its user's rights cut to those of its grants (MediaWiki's rule, DESIGN §7).
 */
export function expectedOutcome(
  access: RouteAccess | undefined,
  method: string,
  credential: CredentialKind,
  held: ReadonlySet<string>,
): Outcome {
  if (!access) {
    // The guard refuses a route without a declaration, whoever calls.
    return 'refused';
  }
  const unsafe = !SAFE_METHODS.has(method);
  const session = credential.via === 'session';
  const csrfOk = !unsafe || !session || credential.csrf === true;
  const holds = (rights: readonly string[]) => rights.every((right) => held.has(right));
  switch (access.kind) {
    case 'public':
      return 'pass';
    case 'protocol-door':
      return 'door';
    case 'page':
      if (access.rights.length === 0) {
        return !unsafe || (session && credential.csrf) ? 'pass' : 'refused';
      }
      return session && csrfOk && !credential.blocked && holds(access.rights) ? 'pass' : 'refused';
    case 'session':
      return session && csrfOk && !credential.blocked ? 'pass' : 'refused';
    case 'rights':
      return credential.via !== 'none' && csrfOk && !credential.blocked && holds(access.rights) ? 'pass' : 'refused';
  }
}

const DOORS: Record<ProtocolDoorKind, string> = {
  oauth1: 'protocol door: OAuth 1.0a signature, consent by session',
  'oauth2-client': 'protocol door: OAuth 2 client authentication',
  'oauth2-bearer': 'protocol door: OAuth 2 bearer token',
  'oauth2-consent': 'protocol door: OAuth 2 consent by session',
  gateway: 'protocol door: forwarded credential, gateway key',
};

function describeAccess(access: RouteAccess | undefined): string {
  if (!access) {
    return '**undeclared**';
  }
  switch (access.kind) {
    case 'rights':
      return `rights: ${access.rights.map((right) => `\`${right}\``).join(', ')}`;
    case 'session':
      return 'cookie session';
    case 'public':
      return 'public';
    case 'protocol-door':
      return DOORS[access.door];
    case 'page':
      return access.rights.length === 0
        ? 'page: anyone'
        : `page: ${access.rights.map((right) => `\`${right}\``).join(', ')}`;
  }
}

const CELL: Record<Outcome, string> = { pass: '✓', refused: '✗', door: 'door' };

/** The matrix as Markdown, from the declarations alone (one row per handler, every address in it). */
export function renderMatrix(
  routes: LiveRoute[],
  credentials: readonly CredentialKind[],
  held: (credential: CredentialKind) => ReadonlySet<string>,
): string {
  const header = ['method', 'path', 'declared', ...credentials.map((credential) => credential.column)];
  const rows = routes.map((route) => [
    route.method === 'ALL' ? 'any' : route.method,
    route.paths.map((path) => `\`${path.replace(/\\:/g, ':')}\``).join('<br>'),
    describeAccess(route.access),
    ...credentials.map((credential) => CELL[expectedOutcome(route.access, route.method, credential, held(credential))]),
  ]);
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    'Generated from the route declarations by `test/e2e/route-matrix.e2e-spec.ts`, which calls every address of',
    'every route of the running app and holds each answer to its cell (routes that need a caller with every',
    'credential, the others without one); regenerate with `npm run docs:security-matrix`. ✓: the guards let the',
    'credential through. ✗: refused, 401 or 403 (pages send people without a session to sign in). door: anyone',
    'reaches the protocol door, which authenticates its own credential. Every credential belongs to a `sysop`, so a',
    '✗ comes from the kind of credential, its grants, the CSRF token or the block, never from the account. OAuth',
    'credentials hold their user’s rights cut to those of their grants; `basic` is added to every grant set but the',
    'auth-only ones. `any` stands for every method. The Swagger console (`/docs`, `/docs-json`) is public.',
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
  ].join('\n');
}
