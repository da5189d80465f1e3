import { type JWTVerifyGetKey, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { ASSERTION_ALGORITHMS } from '../../consumers/checks/check-client-keys';

/** RFC 7523 §2.2: the `client_assertion_type` of a JWT client assertion. */
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Clock skew allowed on `exp`, `nbf` and `iat` (RFC 7523 §3 items 4-6: "some small leeway"). */
export const ASSERTION_SKEW_SECONDS = 30;
/**
 * How far ahead an assertion may expire: clients make them for one request (oauth4webapi: 60 s), and every `jti`
 * is remembered until its `exp`, so a far `exp` would only grow the replay store.
 */
export const MAX_ASSERTION_LIFETIME_SECONDS = 300;
/** Longer than any client's random `jti`; bounds the replay store's keys. */
const MAX_JTI_LENGTH = 256;
/** An assertion is a few hundred bytes; refuse anything that only costs parsing. */
const MAX_ASSERTION_LENGTH = 8192;

/** Why an assertion is refused: the description of the `invalid_client` answer. */
export class AssertionRefusal extends Error {}

export interface AssertionRules {
  /** The client the assertion must be about (RFC 7523 §3 items 1, 2). */
  clientId: string;
  /** Values of `aud` that identify this server (RFC 7523 §3 item 3). */
  audiences: readonly string[];
  /** The client's public keys. */
  keys: JWTVerifyGetKey;
  /** Seconds since the epoch. */
  now: number;
}

export interface CheckedAssertion {
  jti: string;
  /** Seconds since the epoch. */
  exp: number;
}

/**
 * Whom an assertion says it is from, read before its signature can be checked (the keys to check it with are that
 * client's): RFC 7523 §3 items 1, 2 have `iss` and `sub` both be the client id (OpenID Connect Core §9). Undefined for
 * anything that is not a JWT with those two equal.
 */
export function assertionClientId(assertion: string): string | undefined {
  if (assertion.length > MAX_ASSERTION_LENGTH) {
    return undefined;
  }
  try {
    const claims = decodeJwt(assertion);
    return typeof claims.iss === 'string' && claims.iss === claims.sub ? claims.iss : undefined;
  } catch {
    return undefined;
  }
}

/**
 * RFC 7523 §3 and OpenID Connect Core §9, in order: an asymmetric `alg` (§3 item 9 leaves it to the server; a
 * symmetric one would be keyed with the secret a private_key_jwt client does not use), a signature by one of the
 * client's keys, `iss` = `sub` = the client id, this server in `aud`, an `exp` not past and not far off, `nbf` and
 * `iat` not in the future, and a `jti` (OpenID Connect Core §9 requires it; single use is the caller's, atomically
 * across instances). Throws an {@link AssertionRefusal} naming the first failed rule.
 */
export async function checkClientAssertion(assertion: string, rules: AssertionRules): Promise<CheckedAssertion> {
  let alg: unknown;
  try {
    alg = decodeProtectedHeader(assertion).alg;
  } catch {
    throw new AssertionRefusal('The client assertion is not a JWT');
  }
  if (typeof alg !== 'string' || !ASSERTION_ALGORITHMS.includes(alg)) {
    throw new AssertionRefusal(`The client assertion must be signed with one of ${ASSERTION_ALGORITHMS.join(', ')}`);
  }
  let claims: Record<string, unknown>;
  try {
    // jose checks exp and nbf as well; ours below are stricter (skew and lifetime) and come with clearer words.
    ({ payload: claims } = await jwtVerify(assertion, rules.keys, {
      algorithms: ASSERTION_ALGORITHMS,
      clockTolerance: ASSERTION_SKEW_SECONDS,
      currentDate: new Date(rules.now * 1000),
    }));
  } catch (error) {
    throw new AssertionRefusal(refusalOf(error));
  }
  if (claims.iss !== rules.clientId || claims.sub !== rules.clientId) {
    throw new AssertionRefusal('The client assertion must have iss and sub equal to the client id');
  }
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.some((audience) => typeof audience === 'string' && rules.audiences.includes(audience))) {
    throw new AssertionRefusal(`The client assertion's aud must name this server: ${rules.audiences[0]}`);
  }
  const { exp, nbf, iat, jti } = claims;
  if (typeof exp !== 'number') {
    throw new AssertionRefusal('The client assertion must have an exp');
  }
  if (exp <= rules.now - ASSERTION_SKEW_SECONDS) {
    throw new AssertionRefusal('The client assertion has expired');
  }
  if (exp > rules.now + MAX_ASSERTION_LIFETIME_SECONDS + ASSERTION_SKEW_SECONDS) {
    throw new AssertionRefusal(`The client assertion may expire at most ${MAX_ASSERTION_LIFETIME_SECONDS} s ahead`);
  }
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > rules.now + ASSERTION_SKEW_SECONDS)) {
    throw new AssertionRefusal('The client assertion is not valid yet (nbf)');
  }
  if (iat !== undefined && (typeof iat !== 'number' || iat > rules.now + ASSERTION_SKEW_SECONDS)) {
    throw new AssertionRefusal('The client assertion was issued in the future (iat)');
  }
  if (typeof jti !== 'string' || jti === '' || jti.length > MAX_JTI_LENGTH) {
    throw new AssertionRefusal(`The client assertion must have a jti of 1 to ${MAX_JTI_LENGTH} characters`);
  }
  return { jti, exp };
}

/** jose's failures, in words that say what to fix without echoing the token. */
const REFUSALS: Record<string, string> = {
  ERR_JWKS_NO_MATCHING_KEY: 'No key of the client matches the client assertion (kid, alg)',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'Several keys of the client match the client assertion; give it a kid',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'The client assertion signature does not verify',
  ERR_JWT_EXPIRED: 'The client assertion has expired',
  ERR_JWT_CLAIM_VALIDATION_FAILED: 'The client assertion is not valid yet (nbf)',
};

function refusalOf(error: unknown): string {
  const code = (error as { code?: string }).code ?? '';
  if (code === 'ERR_CLIENT_KEYS_UNAVAILABLE') {
    // Ours (ClientJwks): already in words for the client.
    return (error as Error).message;
  }
  return REFUSALS[code] ?? 'The client assertion is not a valid signed JWT';
}
