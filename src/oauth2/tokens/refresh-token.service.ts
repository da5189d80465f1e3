import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomHex, sha256Hex } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { AtomicStep } from '../../database/atomic-write';
import type { Consumer } from '../../consumers/consumer';
import { Oauth2Error } from '../oauth2-error';
import { grantedResource } from '../resources/resource-indicator';
import {
  type IssuedToken,
  type NewRefreshTokenRow,
  type RefreshTokenRecord,
  RefreshTokenRepository,
} from './refresh-token.repository';
import { expiryAfter } from './token-lifetime';
import { TokenRevocation } from './token-revocation.service';

const REFRESH_TOKEN = /^[0-9a-f]{80}$/;

/**
 * A single-use decision that commits the INSERT of the refresh token issued on it (none when the client may not
 * refresh) in its own transaction, or throws when it was made before: a code's redemption.
 */
export type SingleUseDecision = (refreshTokenInsert: AtomicStep[]) => Promise<void>;

export interface NewRefreshToken {
  consumer: Consumer;
  userId: number;
  acceptanceId: number;
  scopes: string[];
  accessTokenJti: string;
  familyId: string;
  /** RFC 9449 §5: the DPoP key of the request; only a public client's token is bound to it. */
  senderKey: string | undefined;
  /** RFC 8707 §2: the resource granted; a refresh may ask for no other. */
  resource?: string;
}

/**
 * Opaque refresh tokens (DESIGN §6): 80 hex, stored as SHA-256, rotated on every use. The token rotated last may
 * be used once more within the grace period (a client that lost the answer), in place of its successor; any other
 * reuse of a used token is taken as theft and revokes the whole family with its access tokens (RFC 9700 §4.14.2).
 * A public client's token issued with a DPoP proof is bound to its key, and only a proof by that key redeems it
 * (RFC 9449 §5); a confidential client's is not, since its client authentication already binds it (§5).
 */
@Injectable()
export class RefreshTokenService {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly tokens: RefreshTokenRepository,
    private readonly revocation: TokenRevocation,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * A token that takes the place of none (a code exchange, a device grant). With `decision`, its row is stored in the
   * transaction of that single-use decision rather than on its own, so that a crash cannot keep one without the other.
   */
  async issue(request: NewRefreshToken, decision?: SingleUseDecision): Promise<string> {
    const token = randomHex(40);
    const row = this.row(request, token);
    await (decision ? decision(this.tokens.insertStep(row)) : this.tokens.insert(row));
    return token;
  }

  /** The stored token, whatever its state; undefined for anything that was never one of ours. */
  async lookup(token: string): Promise<RefreshTokenRecord | undefined> {
    return REFRESH_TOKEN.test(token) ? this.tokens.findByHash(sha256Hex(token)) : undefined;
  }

  /**
   * The stored token if it is this client's, still live and covers the `requested` scopes (no escalation, attack case
   * 15) and `resource` (RFC 8707 §2.2) and, when bound, comes with a proof by its key (`senderKey`). Only checks: a
   * refused request costs nothing, and `rotate` spends it.
   */
  async redeemable(
    token: string,
    consumer: Consumer,
    requested: string[] | undefined,
    senderKey: string | undefined,
    resource?: string,
  ): Promise<RefreshTokenRecord> {
    const record = await this.lookup(token);
    if (!record) {
      throw invalid('The refresh token is invalid');
    }
    if (record.consumerId !== consumer.id) {
      throw invalid('The refresh token was not issued to this client');
    }
    if (record.revoked) {
      throw invalid('The refresh token has been revoked');
    }
    if (record.expires.getTime() <= Date.now()) {
      throw invalid('The refresh token has expired');
    }
    if (record.dpopJkt !== null && record.dpopJkt !== senderKey) {
      throw invalid('The refresh token is bound to another DPoP key');
    }
    const escalated = requested?.filter((scope) => !record.scopes.includes(scope)) ?? [];
    if (escalated.length > 0) {
      throw new Oauth2Error('invalid_scope', `The refresh token was not granted: ${escalated.join(' ')}`);
    }
    grantedResource(record.resource ?? undefined, resource);
    return record;
  }

  /**
   * Exchanges a `redeemable` token for its `successor` (undefined when the client may no longer refresh): marks it
   * used and stores the successor, with the writes that go `alongside` (the new access token's row, the old one's
   * revocation), in one transaction, so a crash at any point leaves the token either unused (a retry rotates it) or
   * exchanged for a committed successor (a retry within the grace period replaces it), never used with nothing in its
   * place (issue 24). Of concurrent exchanges exactly one rotates it; the others follow the reuse rules. Answers the
   * successor's value.
   *
   * A transaction rather than a unique "rotation of" column on the successor: the compare-and-set on the used token
   * stays the one single-use decision, with the reuse rules unchanged, and needs no migration.
   */
  async rotate(
    record: RefreshTokenRecord,
    successor: NewRefreshToken | undefined,
    alongside: AtomicStep[],
  ): Promise<string | undefined> {
    const token = randomHex(40);
    const row = successor && this.row(successor, token);
    if (!(await this.tokens.rotate(record.id, new Date(), row, alongside))) {
      await this.reuse(record, row, alongside);
    }
    return row && token;
  }

  /**
   * A second use of a rotated token. Within the grace period, and while its successor is still unused, it is a
   * client that lost the answer: it gets a new pair, and the successor it was given before is revoked with its access
   * token, so the grant keeps one live branch (RFC 9700 §4.14.2, RFC 6819 §5.2.2.3). Any later reuse is theft.
   */
  private async reuse(
    record: RefreshTokenRecord,
    replacement: NewRefreshTokenRow | undefined,
    alongside: AtomicStep[],
  ): Promise<void> {
    const used = (await this.tokens.findByHash(record.tokenHash)) ?? record;
    if (used.revoked) {
      // Replaced by a retry, or its family is already revoked: there is nothing left to take from it.
      throw invalid('The refresh token has been revoked');
    }
    const rotatedAt = used.rotatedAt ?? new Date();
    const graceEnds = rotatedAt.getTime() + this.config.oauth2.refreshTokenGracePeriod * 1000;
    if (Date.now() < graceEnds) {
      const later = await this.tokens.issuedAfter(used.familyId, used.id);
      // Only the immediately preceding token gets a grace (peers §4 case 15): the chain must not have moved on.
      if (!later.some((token) => token.rotatedAt !== null)) {
        await this.replaceSuccessor(later, replacement, alongside);
        return;
      }
    }
    await this.revocation.revokeFamily(used.familyId);
    this.audit.warn(
      { action: 'refresh-token-reuse', consumerId: used.consumerId, userId: used.userId, familyId: used.familyId },
      'a used refresh token came back: its grant is revoked',
    );
    throw invalid('The refresh token has already been used; the grant is revoked');
  }

  /**
   * Takes the place of the one successor the token was exchanged for: revokes it and stores the `replacement`, with
   * what goes `alongside`, in one transaction. Refused, with the grant left alone, once that successor is used or a
   * retry has replaced it: one retry per token, and never two live successors.
   */
  private async replaceSuccessor(
    successors: IssuedToken[],
    replacement: NewRefreshTokenRow | undefined,
    alongside: AtomicStep[],
  ): Promise<void> {
    const [successor, ...replacements] = successors;
    if (!successor || replacements.length > 0 || !(await this.tokens.supersede(successor.id, replacement, alongside))) {
      throw invalid('The refresh token has just been used; use the one it was exchanged for');
    }
    await this.revocation.revokeAccessToken(successor.accessTokenJti);
  }

  private row(request: NewRefreshToken, token: string): NewRefreshTokenRow {
    return {
      tokenHash: sha256Hex(token),
      accessTokenJti: request.accessTokenJti,
      acceptanceId: request.acceptanceId,
      consumerId: request.consumer.id,
      userId: request.userId,
      scopes: request.scopes,
      familyId: request.familyId,
      expires: expiryAfter(new Date(), this.config.oauth2.refreshTokenTtl),
      dpopJkt: request.consumer.oauth2IsConfidential ? null : (request.senderKey ?? null),
      resource: request.resource ?? null,
    };
  }
}

function invalid(description: string): Oauth2Error {
  return new Oauth2Error('invalid_grant', description);
}
