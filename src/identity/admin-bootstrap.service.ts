import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ConfigError } from '../config/config.error';
import { IdentityErrorCode, IdentityException } from './identity.exception';
import { IdentityService } from './identity.service';

/**
 * Creates the first `sysop` from `ADMIN_USERNAME`/`ADMIN_PASSWORD` when the service starts with no user at
 * all. Two instances starting together may both try; the unique name index lets only one succeed.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly identity: IdentityService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.config.identity.admin;
    if (!admin || (await this.identity.userCount()) > 0) {
      return;
    }
    try {
      const user = await this.identity.register({
        name: admin.username,
        password: admin.password,
        email: '',
        groups: ['sysop'],
      });
      this.logger.log(`Created the first administrator, ${user.name}, in group sysop`);
    } catch (error) {
      if (error instanceof IdentityException && error.code === IdentityErrorCode.WeakPassword) {
        throw new ConfigError([`ADMIN_PASSWORD is refused by the password policy: ${error.message}`]);
      }
      if (!(error instanceof IdentityException && error.code === IdentityErrorCode.UserExists)) {
        throw error;
      }
    }
  }
}
