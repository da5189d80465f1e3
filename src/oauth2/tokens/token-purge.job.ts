import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type PurgeReport, ScheduledPurge } from '../../database/scheduled-purge.service';
import { CodeRedemptionRepository } from '../authorize/code-redemption.repository';
import { AccessTokenRepository } from './access-token.repository';
import { RefreshTokenRepository } from './refresh-token.repository';

export const TOKEN_PURGE_JOB = 'oauth2-token-purge';

/**
 * Deletes OAuth 2 token rows once their token has been expired for `TOKEN_RETENTION`. Before that, nothing goes:
 * a revoked access token's row stays until the token would have expired, and a rotated refresh token's row until it
 * expires, so reuse detection still sees it (RFC 9700 §4.14.2). After that, a missing row changes no answer: the
 * verifier refuses an access token past its `exp` (the row's `expires`) before it looks for the row, and refuses one
 * with no row; an expired refresh token is refused before any rotation or reuse check, and an unknown one likewise. A
 * code's redemption row goes once its replays stopped being recognised (`expires`), the code itself long expired.
 */
@Injectable()
export class TokenPurgeJob implements OnApplicationBootstrap {
  constructor(
    private readonly purges: ScheduledPurge,
    private readonly accessTokens: AccessTokenRepository,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly codeRedemptions: CodeRedemptionRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.purges.schedule(TOKEN_PURGE_JOB, () => this.runOnce());
  }

  /** One purge now, as the schedule runs it; undefined when another instance holds the lease. */
  runOnce(): Promise<PurgeReport | undefined> {
    return this.purges.run(TOKEN_PURGE_JOB, async (batches) => {
      const before = new Date(Date.now() - this.config.retention.tokenRetention * 1000);
      return {
        oauth2_access_tokens: await this.accessTokens.purgeExpired(before, batches),
        oauth2_refresh_tokens: await this.refreshTokens.purgeExpired(before, batches),
        oauth2_code_redemptions: await this.codeRedemptions.purgeExpired(before, batches),
      };
    });
  }
}
