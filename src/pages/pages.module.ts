import { Module } from '@nestjs/common';
import { ConsumersModule } from '../consumers/consumers.module';
import { GrantsModule } from '../grants/grants.module';
import { IdentityModule } from '../identity/identity.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { OAuth2Module } from '../oauth2/oauth2.module';
import { AdminConsumersPageController } from './admin/admin-consumers.controller';
import { ChangePasswordPageController } from './account/change-password.controller';
import { PreferencesPageController } from './account/preferences.controller';
import { SecurityPageController } from './account/security.controller';
import { TwoFactorPageController } from './account/two-factor.controller';
import { AdminUsersPageController } from './admin/admin-users.controller';
import { AssetsController } from './assets.controller';
import { ConsumerListController } from './consumers/consumer-list.controller';
import { MyConsumersController } from './consumers/my-consumers.controller';
import { DevicePageController } from './device/device.controller';
import { OneTimeCredentials } from './consumers/one-time-credentials';
import { RegistrationController } from './consumers/registration.controller';
import { UpdateController } from './consumers/update.controller';
import { MyGrantsPagesController } from './grants/my-grants.controller';
import { HomeController } from './home/home.controller';
import { InboxPagesController } from './notifications/inbox.controller';
import { PageChromeService } from './page-chrome.service';
import { PageExceptionFilter } from './page-exception.filter';
import { PageRenderer } from './page-renderer';
import { PageGuard } from './page.guard';

/**
 * Server-rendered HTML for people (DESIGN §2 `pages`): no logic of its own, the same services as the JSON API
 * behind every form. One folder per area of pages.
 */
@Module({
  imports: [IdentityModule, GrantsModule, ConsumersModule, NotificationsModule, OAuth2Module],
  controllers: [
    AssetsController,
    HomeController,
    MyGrantsPagesController,
    InboxPagesController,
    AdminConsumersPageController,
    AdminUsersPageController,
    ChangePasswordPageController,
    SecurityPageController,
    PreferencesPageController,
    TwoFactorPageController,
    // `/consumers/register…`, `/consumers/mine`, `/consumers/registered/:id` before `/consumers/:key`.
    RegistrationController,
    MyConsumersController,
    UpdateController,
    ConsumerListController,
    DevicePageController,
  ],
  providers: [PageChromeService, PageRenderer, PageGuard, PageExceptionFilter, OneTimeCredentials],
})
export class PagesModule {}
