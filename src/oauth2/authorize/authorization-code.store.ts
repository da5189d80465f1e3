import { Injectable, Logger } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { randomHex, sha256Hex } from '../../common/crypto/crypto';
import { Oauth2Error } from '../oauth2-error';
import { TokenRevocation } from '../tokens/token-revocation.service';
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
 * instances sharing Redis; spending one twice revokes whatever the first use issued (attack case 11). The tokens
 * of a code form a family named by the code's hash.
 */
@Injectable()
export class AuthorizationCodeStore {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly store: TemporaryStore,
    private readonly revocation: TokenRevocation,
  ) {}

  async issue(code: AuthorizationCode): Promise<string> {
    const value = randomHex(40);
    await this.store.set(codeKey(sha256Hex(value)), code, CODE_TTL_SECONDS);
    return value;
  }

  /** Spends the code; answers what it stands for and the family its tokens join. */
  async redeem(value: string): Promise<{ code: AuthorizationCode; familyId: string }> {
    if (!CODE.test(value)) {
      throw new Oauth2Error('invalid_grant', 'The authorization code is invalid');
    }
    const familyId = sha256Hex(value);
    const code = await this.store.get<AuthorizationCode>(codeKey(familyId));
    if (!code) {
      if (await this.store.get(spentKey(familyId))) {
        await this.replayed(familyId);
      }
      throw new Oauth2Error('invalid_grant', 'The authorization code is invalid or has expired');
    }
    if (!(await this.store.add(spentKey(familyId), true, SPENT_TTL_SECONDS))) {
      await this.replayed(familyId);
    }
    await this.store.delete(codeKey(familyId));
    return { code, familyId };
  }

  /**
   * Called once the first use has recorded its tokens: a replay that raced it may have come and gone before they
   * existed, in which case they are revoked now.
   */
  async confirmIssued(familyId: string): Promise<void> {
    if (await this.store.get(replayKey(familyId))) {
      await this.revocation.revokeFamily(familyId);
      throw new Oauth2Error('invalid_grant', 'The authorization code was used twice; its tokens are revoked');
    }
  }

  private async replayed(familyId: string): Promise<never> {
    // Flag first, then revoke: whichever way this interleaves with the first use, its tokens end up revoked.
    await this.store.set(replayKey(familyId), true, SPENT_TTL_SECONDS);
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

function spentKey(hash: string): string {
  return `oauth2:code-spent:${hash}`;
}

function replayKey(hash: string): string {
  return `oauth2:code-replayed:${hash}`;
}
