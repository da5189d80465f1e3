import { Inject, Injectable } from '@nestjs/common';
import { type KeyObject, constants, createHash, createPublicKey, hash, verify } from 'node:crypto';
import { TemporaryStore } from '../../cache/temporary-store';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DpopNonces } from './dpop-nonces';

/**
 * The algorithms a proof may use (RFC 9449 §4.3 point 5: asymmetric only, never `none` nor an HMAC), with the key
 * type each demands, so a proof cannot pair an algorithm with a key of another kind.
 */
const ALGORITHMS: Record<string, Algorithm> = {
  ES256: { kty: 'EC', crv: 'P-256', hash: 'sha256' },
  ES384: { kty: 'EC', crv: 'P-384', hash: 'sha384' },
  ES512: { kty: 'EC', crv: 'P-521', hash: 'sha512' },
  RS256: { kty: 'RSA', hash: 'sha256' },
  RS384: { kty: 'RSA', hash: 'sha384' },
  RS512: { kty: 'RSA', hash: 'sha512' },
  PS256: { kty: 'RSA', hash: 'sha256', pss: true },
  PS384: { kty: 'RSA', hash: 'sha384', pss: true },
  PS512: { kty: 'RSA', hash: 'sha512', pss: true },
  EdDSA: { kty: 'OKP', crv: 'Ed25519', hash: null },
  Ed25519: { kty: 'OKP', crv: 'Ed25519', hash: null },
};

interface Algorithm {
  kty: 'EC' | 'RSA' | 'OKP';
  crv?: string;
  hash: string | null;
  pss?: boolean;
}

/** RFC 9449 §5.1 `dpop_signing_alg_values_supported`. */
export const DPOP_ALGORITHMS = Object.keys(ALGORITHMS);

/** RFC 7638 §3.2: the members of each key type that its thumbprint covers, in lexicographic order. */
const THUMBPRINT_MEMBERS = { EC: ['crv', 'kty', 'x', 'y'], RSA: ['e', 'kty', 'n'], OKP: ['crv', 'kty', 'x'] };
/** RFC 7517 §9.2 / RFC 7518 §6: members only a private (or symmetric) key has; a proof must carry a public key. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];
/** A proof is a small JWS (a key and five claims); anything far larger is refused before it is parsed. */
const MAX_PROOF_LENGTH = 8192;
const MAX_JTI_LENGTH = 256;
/** RFC 9449 §11.1: a proof from a clock slightly ahead of ours is accepted, no further. */
const FUTURE_SKEW_SECONDS = 5;
/** Imported keys, and verified headers, kept for the next proof of the same client (see `publicKey`, `check`). */
const KEY_CACHE_ENTRIES = 10_000;
/**
 * Headers longer than this are checked in full every time, so the cache of verified headers holds a few MB at most:
 * a P-256 key's header is ~250 characters, an RSA 2048 one's ~560, an RSA 4096 one's ~900.
 */
const MAX_CACHED_HEADER_LENGTH = 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** RFC 7515 §7.1: three base64url parts, tested in one pass. */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Why a proof is refused: RFC 9449 §7.1's codes, mapped by each door to its own answer. */
export class DpopProofRefused extends Error {
  constructor(
    readonly code: 'invalid_dpop_proof' | 'use_dpop_nonce',
    message: string,
  ) {
    super(message);
  }
}

/** What a door knows of the request a proof must be for. */
export interface DpopProofRequest {
  /** The `DPoP` header as received; several values are refused (RFC 9449 §4.3 point 1). */
  proof: string | string[] | undefined;
  method: string;
  /** The request's absolute URI as the client addressed it; its query and fragment are ignored. */
  uri: string;
  /** The access token the proof comes with, at a resource (RFC 9449 §4.3 point 12, §7.1). */
  accessToken?: string;
}

/** What a proof's header stands for once checked: its algorithm, its key and that key's RFC 7638 thumbprint. */
interface ProofSigner {
  algorithm: Algorithm;
  jkt: string;
  key: KeyObject;
}

/** A proof that passed every check: the RFC 7638 thumbprint of its key, which tokens are bound to (§6.1). */
export interface VerifiedDpopProof {
  jkt: string;
}

/**
 * RFC 9449 §4.3's checks of a DPoP proof, the one check of the token endpoint, the resources, UserInfo, the API and
 * the gateway: one `DPoP` header holding a JWS with `typ: dpop+jwt`, an asymmetric `alg` and the public `jwk` it
 * verifies with; `htm` and `htu` naming this request; `iat` within the window; the server's nonce when nonces are
 * required; `ath` binding it to the access token at a resource; and a `jti` never seen before under this key,
 * recorded atomically in the shared store so a replay fails on every instance (§11.1).
 *
 * JWS verification is node:crypto's, not jose's: measured on this machine, jose's `compactVerify` of an ES256 proof
 * costs ~205 µs of CPU and its `importJWK` ~150 µs, against ~78 µs and ~74 µs here (the gateway's bearer decision
 * costs ~40 µs in all, and the bench holds DPoP to twice that). The RFC 7638 thumbprint is hashed here too (~3 µs,
 * jose's `calculateJwkThumbprint` ~30 µs); the unit spec checks both against jose.
 *
 * A client sends the same header with every proof (its key does not change), so a header whose proof verified is
 * kept with what it stands for: the next proof with it skips decoding it, checking its members, hashing the
 * thumbprint and finding the key (~6 µs of a PS256 proof's ~30 µs besides the signature, bench/dpop-check.mjs).
 * Only a proof's signature can put a header there, and what a header stands for depends on nothing else.
 */
@Injectable()
export class DpopProofCheck {
  private readonly keys = new Map<string, KeyObject>();
  private readonly signers = new Map<string, ProofSigner>();

  constructor(
    private readonly store: TemporaryStore,
    private readonly nonces: DpopNonces,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async check(request: DpopProofRequest): Promise<VerifiedDpopProof> {
    // §4.3 points 1-2: exactly one header, a well-formed compact JWS.
    if (Array.isArray(request.proof) || request.proof?.includes(',')) {
      throw refused('More than one DPoP header');
    }
    const proof = request.proof;
    if (!proof || proof.length > MAX_PROOF_LENGTH) {
      throw refused('A DPoP proof is required');
    }
    if (!COMPACT_JWS.test(proof)) {
      throw refused('The DPoP proof is not a compact JWS');
    }
    const headerEnd = proof.indexOf('.');
    const payloadEnd = proof.lastIndexOf('.');
    const encodedHeader = proof.slice(0, headerEnd);
    const known = this.signers.get(encodedHeader);
    const header = known ? undefined : jsonObject(encodedHeader);
    const payload = jsonObject(proof.slice(headerEnd + 1, payloadEnd));
    if ((!known && !header) || !payload) {
      throw refused('The DPoP proof is not a JWT');
    }
    // §4.3 points 3-5: the type, and an asymmetric algorithm (checked when the header was kept).
    const algorithm = known?.algorithm ?? headerAlgorithm(header as Record<string, unknown>);
    const { jti, htm, htu, iat, ath, nonce } = payload;
    if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH) {
      throw refused('The DPoP proof needs a jti');
    }
    // §4.3 points 8-9: this method, this URI without query and fragment, compared after normalization; a client
    // sends the very URI it called, and equal strings are equal once normalized.
    if (htm !== request.method.toUpperCase()) {
      throw refused('The DPoP proof htm does not match the request method');
    }
    if (typeof htu !== 'string' || (htu !== request.uri && normalizedUri(htu) !== normalizedUri(request.uri))) {
      throw refused('The DPoP proof htu does not match the request URI');
    }
    // §4.3 point 11, §11.1: recent, by the proof's own clock within a small skew.
    const now = Math.floor(Date.now() / 1000);
    const window = this.config.oauth2.dpop.proofWindow;
    if (typeof iat !== 'number' || !Number.isFinite(iat) || iat < now - window || iat > now + FUTURE_SKEW_SECONDS) {
      throw refused('The DPoP proof iat is outside the accepted window');
    }
    // §4.3 point 12, §7.1: at a resource, the proof names the token it comes with.
    if (request.accessToken !== undefined && ath !== accessTokenHash(request.accessToken)) {
      throw refused('The DPoP proof ath does not match the access token');
    }
    // §4.3 point 10, §8, §9: the server's nonce, checked before the jti is spent so the retry may reuse nothing.
    if (this.config.oauth2.dpop.requireNonce && (typeof nonce !== 'string' || !this.nonces.isCurrent(nonce))) {
      throw new DpopProofRefused('use_dpop_nonce', 'Authorization server requires nonce in DPoP proof');
    }
    // §4.3 points 6-7, last of the checks that cost nothing to a sender: the key and the signature (most of the cost).
    const signer = known ?? this.publicKey((header as Record<string, unknown>).jwk, algorithm);
    const input = Buffer.from(proof.slice(0, payloadEnd));
    const signature = Buffer.from(proof.slice(payloadEnd + 1), 'base64url');
    if (!verifies(algorithm, signer.key, input, signature)) {
      throw refused('The DPoP proof signature does not verify with its jwk');
    }
    if (!known && encodedHeader.length <= MAX_CACHED_HEADER_LENGTH) {
      remember(this.signers, encodedHeader, signer);
    }
    // §11.1: single use, by key and jti, for as long as the proof could be accepted.
    if (!(await this.store.spend(`dpop-jti:${signer.jkt}:${jti}`, window + FUTURE_SKEW_SECONDS))) {
      throw refused('The DPoP proof was used before');
    }
    return { jkt: signer.jkt };
  }

  /**
   * The proof's key, imported from its thumbprint members only (RFC 7638 §3.2), and that thumbprint. A client
   * proves with the same key on every call, and importing it is the costliest step after the signature (~74 µs
   * for P-256, against ~1 µs for a lookup), so imported keys are kept by thumbprint, a bounded number of them.
   */
  private publicKey(jwk: unknown, algorithm: Algorithm): ProofSigner {
    if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) {
      throw refused('The DPoP proof needs a jwk header');
    }
    const members = jwk as Record<string, unknown>;
    if (PRIVATE_MEMBERS.some((member) => member in members)) {
      throw refused('The DPoP proof jwk must be a public key');
    }
    if (members.kty !== algorithm.kty || (algorithm.crv !== undefined && members.crv !== algorithm.crv)) {
      throw refused('The DPoP proof jwk does not match its algorithm');
    }
    const required: Record<string, string> = {};
    for (const member of THUMBPRINT_MEMBERS[algorithm.kty]) {
      const value = members[member];
      if (typeof value !== 'string' || (member !== 'kty' && member !== 'crv' && !BASE64URL.test(value))) {
        throw refused('The DPoP proof jwk is incomplete');
      }
      required[member] = value;
    }
    const canonical = JSON.stringify(required);
    const jkt = createHash('sha256').update(canonical).digest('base64url');
    let key = this.keys.get(jkt);
    if (!key) {
      try {
        key = createPublicKey({ key: required, format: 'jwk' });
      } catch {
        throw refused('The DPoP proof jwk is not a valid key');
      }
      if (algorithm.kty === 'RSA' && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
        throw refused('The DPoP proof RSA key must have at least 2048 bits');
      }
      remember(this.keys, jkt, key);
    }
    return { algorithm, jkt, key };
  }
}

/** §4.3 points 3-5 of a proof's JOSE header: `typ`, an algorithm of ours, and no `crit` this server cannot honour. */
function headerAlgorithm(header: Record<string, unknown>): Algorithm {
  if (header.typ !== 'dpop+jwt') {
    throw refused('The DPoP proof must have typ dpop+jwt');
  }
  const algorithm = typeof header.alg === 'string' ? ALGORITHMS[header.alg] : undefined;
  if (!algorithm) {
    throw refused(`The DPoP proof algorithm must be one of ${DPOP_ALGORITHMS.join(', ')}`);
  }
  if ('crit' in header) {
    throw refused('The DPoP proof has critical header parameters this server does not understand');
  }
  return algorithm;
}

/** Keeps at most KEY_CACHE_ENTRIES: Map order is insertion order, so the oldest goes first. */
function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= KEY_CACHE_ENTRIES) {
    cache.delete(cache.keys().next().value as string);
  }
  cache.set(key, value);
}

/**
 * RFC 9449 §4.2 `ath`: base64url of the SHA-256 of the access token's ASCII. One-shot `hash` (the token is ASCII,
 * RFC 6750 §2.1): ~0.8 µs for a JWT access token against ~2 µs through `createHash`.
 */
export function accessTokenHash(accessToken: string): string {
  return hash('sha256', accessToken, 'base64url');
}

/**
 * RFC 9449 §4.3 point 9: scheme, host, port and path compared after RFC 3986 §6.2.2-6.2.3 normalization (case of
 * scheme and host, default ports, dot segments, percent-encoding), as WHATWG URL parsing does; query and fragment
 * are not part of `htu`. Undefined for a string that is no absolute URI.
 */
function normalizedUri(uri: string): string | undefined {
  try {
    const url = new URL(uri);
    return `${url.origin}${url.pathname}`;
  } catch {
    return undefined;
  }
}

function verifies(algorithm: (typeof ALGORITHMS)[string], key: KeyObject, input: Buffer, signature: Buffer): boolean {
  try {
    if (algorithm.kty === 'EC') {
      // JWS carries ECDSA signatures as r || s (RFC 7518 §3.4), not DER.
      return verify(algorithm.hash, input, { key, dsaEncoding: 'ieee-p1363' }, signature);
    }
    if (algorithm.pss) {
      // RFC 7518 §3.5: the salt is as long as the hash.
      const saltLength = Number(algorithm.hash?.slice(3)) / 8;
      return verify(algorithm.hash, input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
    }
    return verify(algorithm.hash, input, key, signature);
  } catch {
    return false;
  }
}

function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function refused(message: string): DpopProofRefused {
  return new DpopProofRefused('invalid_dpop_proof', message);
}
