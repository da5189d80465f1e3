// DPoP proofs (RFC 9449 §4.2) for the DPoP-bound gateway scenario, signed with plain node:crypto (ES256, the key type
// most clients use) so the bench needs no TypeScript of the service. Every proof has its own jti: the service
// refuses a replayed one.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/** A client's P-256 key: the private key that signs, and the public JWK every proof carries. */
export function dpopKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { privateKey, jwk: { kty, crv, x, y } };
}

const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A proof for `htm` `htu`; with `accessToken`, bound to it (`ath`) as a resource demands. */
export function dpopProof(key, htm, htu, accessToken, jti = randomBytes(12).toString('base64url')) {
  const header = encode({ typ: 'dpop+jwt', alg: 'ES256', jwk: key.jwk });
  const claims = { jti, htm, htu, iat: Math.floor(Date.now() / 1000) };
  if (accessToken !== undefined) {
    claims.ath = createHash('sha256').update(accessToken).digest('base64url');
  }
  const input = `${header}.${encode(claims)}`;
  // JWS carries ECDSA signatures as r || s (RFC 7518 §3.4).
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** Writes `count` proofs, one a line, each with its own jti, for `htm` `htu` and `accessToken`. */
export function writeProofFile(path, count, key, htm, htu, accessToken) {
  const prefix = randomBytes(6).toString('base64url');
  const lines = new Array(count);
  for (let i = 0; i < count; i += 1) {
    lines[i] = dpopProof(key, htm, htu, accessToken, `${prefix}${i.toString(36)}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
