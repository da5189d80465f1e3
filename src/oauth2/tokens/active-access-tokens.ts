import { Injectable } from '@nestjs/common';
import { CredentialCache } from '../../cache/credential-cache';
import { InvalidationBus } from '../../cache/invalidation-bus';
import { type ActiveAccessToken, AccessTokenVerifier } from './access-token.verifier';

/** Entries are also dropped after this long, so memory holds only what is in use. */
const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 100_000;

/**
 * The state behind access tokens in use, shared by the doors a gateway calls (`/gateway/verify`, introspection;
 * DESIGN §12): a token checked once is held in process memory under its full string, with its verified claims and
 * the state it rests on, until it expires. Every change that could stop it (the token or its family revoked, the
 * authorization, the consumer, the user changed) drops the entry on every instance through the invalidation bus,
 * so a hit needs no SQL and no second signature check, and revocation still takes effect at once. Keyed by the
 * whole token, never a part of it: only the exact string that was verified is answered from memory.
 */
@Injectable()
export class ActiveAccessTokens {
  private readonly cache: CredentialCache<ActiveAccessToken>;

  constructor(
    private readonly verifier: AccessTokenVerifier,
    bus: InvalidationBus,
  ) {
    this.cache = new CredentialCache(bus, CACHE_MAX_ENTRIES);
  }

  /** As `AccessTokenVerifier.check`; rejections are not cached, so a refused token is checked again each time. */
  async check(token: string): Promise<ActiveAccessToken> {
    // An entry expires with its token (`exp`, whole seconds): a hit is never an expired token.
    const cached = this.cache.get(token);
    if (cached) {
      return cached;
    }
    const write = this.cache.begin(token);
    const active = await this.verifier.check(token);
    write.set(
      active,
      {
        jti: active.claims.jti,
        familyId: active.familyId ?? undefined,
        acceptanceId: active.acceptance?.id,
        consumerId: active.consumer.id,
        userId: active.user?.id,
      },
      Math.min(active.claims.expiresAt * 1000, Date.now() + CACHE_TTL_MS),
    );
    return active;
  }
}
