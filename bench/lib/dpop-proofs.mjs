// DPoP proofs (RFC 9449 §4.2) for the DPoP-bound gateway scenarios, signed with plain node:crypto so the bench needs
// no TypeScript of the service: ES256, the key type most clients use, and PS256 (RSA 2048), whose verification costs
// the service about a third of ES256's. Every proof has its own jti: the service refuses a replayed one.
import { constants, createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/** A client's key for `alg`: the private key that signs, and the public JWK every proof carries. */
export function dpopKey(alg = 'ES256') {
  if (alg === 'PS256') {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const { kty, n, e } = publicKey.export({ format: 'jwk' });
    return { alg, privateKey, jwk: { kty, n, e } };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
  return { alg: 'ES256', privateKey, jwk: { kty, crv, x, y } };
}

/** RFC 7518 §3.4 (ECDSA as r || s) and §3.5 (PSS, salt as long as the hash). */
function signingKey(key) {
  return key.alg === 'PS256'
    ? { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
    : { key: key.privateKey, dsaEncoding: 'ieee-p1363' };
}

const encode = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A proof for `htm` `htu`; with `accessToken`, bound to it (`ath`) as a resource demands. */
export function dpopProof(key, htm, htu, accessToken, jti = randomBytes(12).toString('base64url')) {
  const header = encode({ typ: 'dpop+jwt', alg: key.alg, jwk: key.jwk });
  const claims = { jti, htm, htu, iat: Math.floor(Date.now() / 1000) };
  if (accessToken !== undefined) {
    claims.ath = createHash('sha256').update(accessToken).digest('base64url');
  }
  const input = `${header}.${encode(claims)}`;
  const signature = sign('sha256', Buffer.from(input), signingKey(key));
  return `${input}.${signature.toString('base64url')}`;
}

/**
 * Writes `count` proofs, one a line, each with its own jti, for `htm` `htu` and `accessToken`. The last line is signed
 * first, so the proofs wrk sends first are the freshest: a PS256 signature costs ~0.8 ms, a file of 86 000 (the floor
 * of 20 000 a second) a minute or more, and signed first to last its first proofs were past the service's 60 s window
 * before wrk sent them (refused, so the run measured refusals).
 */
export function writeProofFile(path, count, key, htm, htu, accessToken) {
  const prefix = randomBytes(6).toString('base64url');
  const lines = new Array(count);
  for (let i = count - 1; i >= 0; i -= 1) {
    lines[i] = dpopProof(key, htm, htu, accessToken, `${prefix}${i.toString(36)}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
