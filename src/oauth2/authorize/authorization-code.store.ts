import { Injectable, Logger } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { randomHex, sha256Hex } from '../../common/crypto/crypto';
import type { AtomicStep } from '../../database/atomic-write';
import { Oauth2Error } from '../oauth2-error';
import { TokenRevocation } from '../tokens/token-revocation.service';
import { CodeRedemptionRepository } from './code-redemption.repository';
import type { CodeChallengeMethod } from './pkce';

/** Codes live a minute (attack case 12: at most 10 minutes, about 60 s advised). */
export const CODE_TTL_SECONDS = 60;
/** How long a spent code is remembered, so a replay is recognised (and punished) well after it expired. */
const SPENT_TTL_SECONDS = 24 * 3600;
const CODE = /^[0-9a-f]{80}$/;

/** What the code stands for (reference §5.1): bound to the client, the redirect URI, the user and the PKCE challenge. */
export interface AuthorizationCode {
  clientKey: string;
  userId: number;
  acceptanceId: number;
  scopes: string[];
  /** The redirect URI the code was sent to. */
  redirectUri: string;
  /** Whether the authorization request named it (then the token request must repeat it, RFC 6749 §4.1.3). */
  redirectUriGiven: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: CodeChallengeMethod;
  /** RFC 9449 §10: the thumbprint of the DPoP key that must prove the token request. */
  dpopJkt?: string;
  /** RFC 8707 §2: the resource the user authorized the client for. */
  resource?: string;
  /** What the extensions over OAuth 2 need at the exchange, by extension (OpenID Connect's nonce and session). */
  carried?: Record<string, unknown>;
}

/**
 * Authorization codes in the temporary store (DESIGN §5), under their hash. Each can be spent once, also across
 * instances: the single-use decision is the code's row in `oauth2_code_redemptions` (unique by hash), committed with
 * the refresh token it was exchanged for, and the code leaves the temporary store only after that commit. An exchange
 * cut short before the commit leaves the code as it was, so the client's retry exchanges it (issue 24); spending one
 * twice revokes whatever the first use issued (RFC 6749 §4.1.2, attack case 11). The tokens of a code form a family
 * named by the code's hash.
 */
@Injectable()
export class AuthorizationCodeStore {
  private readonly audit = new Logger('Audit');
  private readonly logger = new Logger(AuthorizationCodeStore.name);

  constructor(
    private readonly store: TemporaryStore,
    private readonly redemptions: CodeRedemptionRepository,
    private readonly revocation: TokenRevocation,
  ) {}

  async issue(code: AuthorizationCode): Promise<string> {
    const value = randomHex(40);
    await this.store.set(codeKey(sha256Hex(value)), code, CODE_TTL_SECONDS);
    return value;
  }

  /**
   * What the code stands for and the family its tokens join, without spending it (`spend` does). A code no longer in
   * the store that was redeemed is a replay.
   */
  async read(value: string): Promise<{ code: AuthorizationCode; familyId: string }> {
    if (!CODE.test(value)) {
      throw new Oauth2Error('invalid_grant', 'The authorization code is invalid');
    }
    const familyId = sha256Hex(value);
    const code = await this.store.get<AuthorizationCode>(codeKey(familyId));
    if (!code) {
      if (await this.redemptions.wasRedeemed(familyId)) {
        await this.replayed(familyId);
      }
      throw new Oauth2Error('invalid_grant', 'The authorization code is invalid or has expired');
    }
    return { code, familyId };
  }

  /**
   * Spends the code read by `read`, committing `refreshTokenInsert` (the token it was exchanged for; none for a
   * refused exchange or a client that may not refresh) in the same transaction. Refuses a code spent before, by this
   * instance or another, and revokes the tokens of its first use: they were committed before the unique key let this
   * one see it.
   */
  async spend(familyId: string, refreshTokenInsert: AtomicStep[] = []): Promise<void> {
    const expires = new Date(Date.now() + SPENT_TTL_SECONDS * 1000);
    if (!(await this.redemptions.record(familyId, expires, refreshTokenInsert))) {
      await this.replayed(familyId);
    }
    // Only tidiness now: while the code is still in the store, its use is a replay all the same (the unique key).
    await this.store.delete(codeKey(familyId)).catch((error: unknown) => {
      this.logger.warn(
        { familyId, error: String(error) },
        'a spent authorization code stays in the store until it expires',
      );
    });
  }

  private async replayed(familyId: string): Promise<never> {
    await this.revocation.revokeFamily(familyId);
    this.audit.warn(
      { action: 'code-replay', familyId },
      'an authorization code was used twice: its tokens are revoked',
    );
    throw new Oauth2Error('invalid_grant', 'The authorization code has already been used; its tokens are revoked');
  }
}

function codeKey(hash: string): string {
  return `oauth2:code:${hash}`;
}
