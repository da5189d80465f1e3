import type { Right } from './rights';

/** The metadata key of a route's declaration, read by the global guard, `PageGuard` and the route matrix test. */
export const ROUTE_ACCESS = 'gatehouse:route-access';

/**
 * The protocol doors, each of which authenticates its caller itself, in its protocol's way:
 * - `oauth1`: OAuth 1.0a signatures (RFC 5849 §3) and the consent dialog of the signed-in person;
 * - `oauth2-client`: client authentication at the token, revocation and introspection endpoints (RFC 6749 §2.3);
 * - `oauth2-bearer`: an access token at the resource endpoints (RFC 6750 §2);
 * - `oauth2-consent`: the authorization endpoint, the signed-in person's consent (RFC 6749 §3.1), and OpenID Connect's
 *   logout endpoint, the signed-in person's sign-out (RP-Initiated Logout 1.0 §2);
 * - `gateway`: the credential a gateway forwards, and its own `X-Gateway-Key`.
 */
export type ProtocolDoorKind = 'oauth1' | 'oauth2-client' | 'oauth2-bearer' | 'oauth2-consent' | 'gateway';

/**
 * What a route needs, declared once by its decorator (`@Authorize`, `@Public`, `@ProtocolDoor`, `@PageAccess`):
 * - `rights`: a signed-in caller holding every right; an OAuth caller holds its user's rights cut to its grants';
 * - `session`: a cookie session, whatever its rights (signing out means nothing to a token);
 * - `public`: anyone; a caller is still identified when a credential comes along;
 * - `protocol-door`: anyone reaches the door, which authenticates the caller itself;
 * - `page`: an HTML page for people with a cookie session holding `rights`; no rights means anyone may look.
 * `duringSetup` marks the few session routes a person with a required setup (a new password after an admin's reset,
 * a second factor their group requires) may use before it is done: the setup itself, and signing out.
 */
export type RouteAccess =
  | { kind: 'rights'; rights: readonly Right[] }
  | { kind: 'session'; duringSetup?: true }
  | { kind: 'public' }
  | { kind: 'protocol-door'; door: ProtocolDoorKind }
  | { kind: 'page'; rights: readonly Right[]; duringSetup?: true };

/** The declarations under which the caller's credential itself decides; the others let anyone reach the handler. */
export type CallerAccess = Extract<RouteAccess, { kind: 'rights' | 'session' | 'page' }>;
