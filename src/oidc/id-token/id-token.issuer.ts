import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { UserProfile } from '../../identity/user-profile';
import { ID_TOKEN_MAX_LIFETIME_SECONDS } from '../../oauth2/keys/signed-token-lifetimes';
import { type SigningAlgorithm, SigningKeys } from '../../oauth2/keys/signing-keys.service';
import { scopeClaims } from '../claims/scope-claims';

/** ID Tokens outlive no access token and no hour: they prove a sign-in, they are not a credential to keep. */
const MAX_LIFETIME_SECONDS = ID_TOKEN_MAX_LIFETIME_SECONDS;

export interface IdTokenRequest {
  /** The client's `client_id`: its key, or its metadata document's URL (OpenID Connect Core §2 `aud`, `azp`). */
  clientId: string;
  user: UserProfile;
  scopes: string[];
  accessToken: string;
  /** Seconds the access token it comes with lives. */
  expiresIn: number;
  nonce?: string;
  sid: string;
  authTime: number;
  amr: string[];
}

/**
 * OpenID Connect Core §2 and §3.1.3.6: `iss` (the public URL), `sub` (the central user id, as MediaWiki's
 * `identify`), `aud` and `azp` (the client), `exp`, `iat`, `auth_time`, `nonce` when the request sent one, `at_hash`,
 * `sid` (Back-Channel Logout §2.4), `amr` (RFC 8176) when known, and the standard claims of the granted scopes.
 * Signed with the server's current published key, `typ: JWT`, so it never passes as an access token (`at+jwt`).
 */
@Injectable()
export class IdTokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  issue(request: IdTokenRequest): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      iss: this.config.http.publicUrl,
      ...scopeClaims(request.user, request.scopes),
      aud: request.clientId,
      azp: request.clientId,
      exp: now + Math.min(request.expiresIn, MAX_LIFETIME_SECONDS),
      iat: now,
      at_hash: tokenHash(request.accessToken, this.keys.current().alg),
      sid: request.sid,
    };
    if (request.authTime > 0) {
      claims.auth_time = request.authTime;
    }
    if (request.nonce !== undefined) {
      claims.nonce = request.nonce;
    }
    if (request.amr.length > 0) {
      claims.amr = request.amr;
    }
    return this.keys.sign(claims, 'JWT');
  }
}

/**
 * Core §3.1.3.6 `at_hash`: the left half of the token's hash under the hash of the JWS algorithm, base64url. EdDSA
 * with Ed25519 hashes with SHA-512, as the OpenID Foundation's errata set it.
 */
export function tokenHash(token: string, algorithm: SigningAlgorithm): string {
  const digest = createHash(algorithm === 'EdDSA' ? 'sha512' : 'sha256')
    .update(token)
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
