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

/** How long signing a file may take: its oldest proof must still be in the service's 60 s window when sent. */
const SIGNING_BUDGET_MS = 30_000;

/**
 * Writes up to `count` proofs, one a line, each with its own jti, for `htm` `htu` and `accessToken`, the last signed
 * first in the file, so the proofs wrk sends first are the freshest. Signing stops after SIGNING_BUDGET_MS: a PS256
 * signature costs ~0.8 ms (more on a loaded machine), a file of 86 000 (the floor of 20 000 a second) over a minute,
 * and its oldest proofs were past the 60 s window when wrk reached them (a profile run of dpop-ps256-gw had 4 332
 * of ~20 000 answers refused). Answers the number written: wrk starts over past the end, and the replays come back
 * 401, counted as errors of the row.
 */
export function writeProofFile(path, count, key, htm, htu, accessToken) {
  const prefix = randomBytes(6).toString('base64url');
  const lines = [];
  const stop = Date.now() + SIGNING_BUDGET_MS;
  while (lines.length < count && (lines.length % 256 !== 0 || Date.now() < stop)) {
    lines.push(dpopProof(key, htm, htu, accessToken, `${prefix}${lines.length.toString(36)}`));
  }
  lines.reverse();
  writeFileSync(path, `${lines.join('\n')}\n`);
  return lines.length;
}
