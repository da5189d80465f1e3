import { createHash } from 'node:crypto';
import { constantTimeEquals } from '../../common/crypto/crypto';

export type CodeChallengeMethod = 'S256' | 'plain';

/** RFC 7636 §4.1-4.2: verifiers and challenges are 43-128 unreserved characters. */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;

export function isPkceValue(value: string): boolean {
  return PKCE_VALUE.test(value);
}

/** RFC 7636 §4.6, compared in constant time. */
export function verifierMatches(verifier: string, challenge: string, method: CodeChallengeMethod): boolean {
  const derived = method === 'S256' ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  return isPkceValue(verifier) && constantTimeEquals(derived, challenge);
}
