import { Injectable, Logger } from '@nestjs/common';
import { type JWTVerifyGetKey, createRemoteJWKSet } from 'jose';
import { TemporaryStore } from '../../cache/temporary-store';
import { sha256Hex } from '../../common/crypto/crypto';
import { AcceptanceService } from '../../grants/acceptance.service';
import { AccountSessions } from '../account-sessions.service';
import { ExternalIdentityRepository } from './external-identity.repository';
import { LOGOUT_TOKEN_MAX_AGE_SECONDS, LogoutTokenRefused, verifyLogoutToken } from './upstream-logout-token';
import { UpstreamSessions } from './upstream-sessions';
import { UpstreamSignIn } from './upstream-sign-in';

/** JWS algorithms with public keys: what an upstream's JWKS can verify (a MAC would need our client secret). */
const ASYMMETRIC = /^(RS|PS|ES)(256|384|512)$|^EdDSA$|^Ed25519$/;
const JWKS_TIMEOUT_MS = 5000;
/** The replay memory outlives the token's acceptance (`iat` + max age, plus the clock tolerance). */
const JTI_SECONDS = LOGOUT_TOKEN_MAX_AGE_SECONDS + 60;

/**
 * Gatehouse as a relying party of OpenID Connect Back-Channel Logout 1.0 (issue 22, leavers): an upstream provider
 * that ends a person's session tells Gatehouse with a logout token, and the Gatehouse sessions that came from it end
 * on every instance (sessions live in the shared store). Which ones (§2.7): those its `sid` made here, recorded at
 * sign-in, after the second factor where the account has one (`UpstreamSessions`); when it names no recorded session
 * (no `sid`, or one that made no session here), every session of the account linked under (issuer, `sub`).
 *
 * A provider configured with `backchannelLogoutRevokesTokens` (a leaver process) also has every OAuth token of the
 * account the token names (by `sub`, or by the sessions its `sid` made) revoked, even with no session left, as an
 * admin's `tokens:revoke --user` would: the account's authorizations go, and with them its OAuth 2 access and refresh
 * tokens and its OAuth 1 access tokens, refused at once on every instance (the invalidation bus). Tokens are the
 * account's, not a session's, so any logout of that provider does it.
 */
@Injectable()
export class UpstreamLogoutReceiver {
  private readonly logger = new Logger(UpstreamLogoutReceiver.name);
  private readonly audit = new Logger('Audit');
  private readonly keys = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly upstreams: UpstreamSignIn,
    private readonly store: TemporaryStore,
    private readonly origins: UpstreamSessions,
    private readonly links: ExternalIdentityRepository,
    private readonly sessions: AccountSessions,
    private readonly acceptances: AcceptanceService,
  ) {}

  /** Acts on the logout token the provider `name` sent; answers how many sessions ended; throws when refused. */
  async receive(name: string, token: string): Promise<number> {
    const { provider, configuration } = await this.upstreams.configurationOf(name);
    const metadata = configuration.serverMetadata();
    if (!metadata.jwks_uri) {
      throw new LogoutTokenRefused(`${provider.displayName} publishes no keys (jwks_uri)`);
    }
    const algorithms = (metadata.id_token_signing_alg_values_supported ?? ['RS256']).filter((alg) =>
      ASYMMETRIC.test(alg),
    );
    const logout = await verifyLogoutToken(token, {
      issuer: metadata.issuer,
      clientId: provider.clientId,
      keys: this.keysOf(name, metadata.jwks_uri),
      algorithms,
    });
    // §2.6 point 7: a token acts once, on every instance (set-if-absent in the shared store).
    const spent = `upstream-logout-jti:${sha256Hex(`${metadata.issuer}\n${logout.jti}`)}`;
    if (!(await this.store.add(spent, 1, JTI_SECONDS))) {
      throw new LogoutTokenRefused('its jti was used already');
    }
    try {
      return await this.act(name, provider, { issuer: metadata.issuer, ...logout });
    } catch (error) {
      // Not done, or not all of it (the database down): the provider's retry of the same token (§2.8: it may retry
      // on an error) must act, not be refused as a replay. Ending sessions and revoking tokens twice is harmless.
      await this.store.delete(spent).catch(() => undefined);
      throw error;
    }
  }

  /** Ends the sessions the verified logout token names and, when the provider says so, revokes their tokens. */
  private async act(
    name: string,
    provider: { backchannelLogoutRevokesTokens: boolean },
    upstream: { issuer: string; sub?: string; sid?: string },
  ): Promise<number> {
    const link = upstream.sub === undefined ? null : await this.links.findBySubject(upstream.issuer, upstream.sub);
    if (upstream.sub !== undefined && !link) {
      // Nobody here is linked under this (issuer, sub): nothing to end (§2.8: the logout succeeded).
      return 0;
    }
    const recorded = upstream.sid === undefined ? [] : await this.origins.madeBy(upstream.issuer, upstream.sid);
    // With both, the `sid` counts only for sessions of the account the `sub` names.
    const named = recorded.filter((session) => !link || session.userId === link.userId);
    let ended = 0;
    const accounts = new Set(named.map((session) => session.userId));
    for (const userId of accounts) {
      const sids = named.filter((session) => session.userId === userId).map((session) => session.sid);
      ended += await this.sessions.endFromUpstream(userId, sids, upstream);
    }
    if (named.length === 0 && link) {
      accounts.add(link.userId);
      ended = await this.sessions.endFromUpstream(link.userId, 'all', upstream);
    }
    if (provider.backchannelLogoutRevokesTokens) {
      for (const userId of accounts) {
        await this.revokeTokens(name, userId, upstream);
      }
    }
    this.logger.log({ provider: name, ended }, 'back-channel logout from an upstream provider');
    return ended;
  }

  private async revokeTokens(
    provider: string,
    userId: number,
    upstream: { issuer: string; sub?: string; sid?: string },
  ): Promise<void> {
    const authorizations = await this.acceptances.revokeAllOfUser(userId);
    this.audit.log(
      { action: 'revoke-tokens', userId, provider, upstream, authorizations },
      'every token of a user revoked by the back-channel logout of an upstream provider',
    );
  }

  /** The provider's keys, fetched when a token names a key not seen yet (jose caches and rate-limits the fetches). */
  private keysOf(name: string, jwksUri: string): JWTVerifyGetKey {
    let keys = this.keys.get(name);
    if (!keys) {
      keys = createRemoteJWKSet(new URL(jwksUri), { timeoutDuration: JWKS_TIMEOUT_MS });
      this.keys.set(name, keys);
    }
    return keys;
  }
}
