import { Injectable, Logger } from '@nestjs/common';
import { randomHex, sha256Hex } from '../../common/crypto/crypto';
import type { AppRequest } from '../../common/http/app-request';
import { CommonErrorCode, CommonException } from '../../common/errors/common.exception';
import { GrantCatalogue } from '../../grants/grant-catalogue';
import { Oauth2Error } from '../oauth2-error';
import type { InitialAccessTokenDto } from './dynamic-registration.dto';
import { DynamicRegistrationRepository } from './dynamic-registration.repository';
import type { InitialAccessTokenEntity } from './initial-access-token.entity';
import { bearerToken } from './bearer-token';

const DEFAULT_LIFETIME_SECONDS = 86400;

/**
 * RFC 7591 §3 initial access tokens: issued by an admin (API or command), stored as their SHA-256 like every other
 * secret (DESIGN §6), good for one registration within their lifetime. Looking one up by its hash is a comparison
 * of hashes, which tells a timing observer nothing about the token.
 */
@Injectable()
export class InitialAccessTokens {
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly repository: DynamicRegistrationRepository,
    private readonly catalogue: GrantCatalogue,
  ) {}

  async issue(
    grants: string[],
    note: string,
    actor: string,
    lifetimeSeconds = DEFAULT_LIFETIME_SECONDS,
  ): Promise<InitialAccessTokenDto> {
    const unknown = this.catalogue.unknown(grants);
    if (unknown.length > 0) {
      throw new CommonException(CommonErrorCode.ValidationFailed, `Unknown grants: ${unknown.join(', ')}`);
    }
    const token = randomHex(40);
    const now = new Date();
    const saved = await this.repository.addInitialToken({
      tokenHash: sha256Hex(token),
      grants: [...new Set(grants)],
      note,
      createdBy: actor,
      createdAt: now,
      expiresAt: new Date(now.getTime() + lifetimeSeconds * 1000),
    });
    this.audit.log({ actor, action: 'issue-initial-access-token', id: saved.id, grants: saved.grants }, note);
    return { id: saved.id, token, grants: saved.grants, expires_at: saved.expiresAt.toISOString() };
  }

  /** The token a registration bears, if any; a token that is unknown, spent or expired is RFC 6750 §3.1's 401. */
  async presented(request: AppRequest): Promise<InitialAccessTokenEntity | undefined> {
    if (request.header('authorization') === undefined) {
      return undefined;
    }
    const token = bearerToken(request);
    const found = token ? await this.repository.findUsableInitialToken(sha256Hex(token), new Date()) : null;
    if (!found) {
      throw new Oauth2Error('invalid_token', 'The initial access token is unknown, expired or already used', {
        headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      });
    }
    return found;
  }

  spend(token: InitialAccessTokenEntity): Promise<boolean> {
    return this.repository.spendInitialToken(token.id, new Date());
  }
}
