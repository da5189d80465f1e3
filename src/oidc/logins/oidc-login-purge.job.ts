import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { type PurgeReport, ScheduledPurge } from '../../database/scheduled-purge.service';
import { OidcLoginRepository } from './oidc-login.repository';

export const OIDC_LOGIN_PURGE_JOB = 'oidc-login-purge';

/**
 * Deletes the record of an app sign-in `TOKEN_RETENTION` after nothing can need it (DESIGN §12's retention): its
 * session has ended, so no logout can name its `sid`, and its refresh tokens have expired, so no refresh asks for its
 * `auth_time`. A refresh of a family whose record is gone gets no ID Token, as one from before OpenID Connect.
 */
@Injectable()
export class OidcLoginPurgeJob implements OnApplicationBootstrap {
  constructor(
    private readonly purges: ScheduledPurge,
    private readonly logins: OidcLoginRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.purges.schedule(OIDC_LOGIN_PURGE_JOB, () => this.runOnce());
  }

  /** One purge now, as the schedule runs it; undefined when another instance holds the lease. */
  runOnce(): Promise<PurgeReport | undefined> {
    return this.purges.run(OIDC_LOGIN_PURGE_JOB, async (batches) => {
      const before = new Date(Date.now() - this.config.retention.tokenRetention * 1000);
      return { oidc_logins: await this.logins.purgeExpired(before, batches) };
    });
  }
}
