import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { AdminModule } from './admin/admin.module';
import { CacheModule } from './cache/cache.module';
import { AuthGuard } from './common/auth/auth.guard';
import { CommonModule } from './common/common.module';
import { ManagementExceptionFilter } from './common/errors/management-exception.filter';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import type { RunMode } from './config/run-mode';
import { ConsumersModule } from './consumers/consumers.module';
import { DatabaseModule } from './database/database.module';
import { GrantsModule } from './grants/grants.module';
import { IdentityModule } from './identity/identity.module';
import { Oauth1Module } from './oauth1/oauth1.module';
import { OAuth2Module } from './oauth2/oauth2.module';
import { OidcModule } from './oidc/oidc.module';
import { GatewayModule } from './gateway/gateway.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OperationsModule } from './operations/operations.module';
import { PagesModule } from './pages/pages.module';

/**
 * The whole service, built from a configuration loaded (and validated) before Nest starts; the operator commands
 * build it too (`mode` 'command', `src/cli`), so that they act through the very same services.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, mode: RunMode = 'service'): DynamicModule {
    return {
      module: AppModule,
      // Operations first: Express tries routes in the order they were registered, and the probes of /healthz and
      // /readyz come every few seconds from every orchestrator; last, they walked ~75 other routes each time.
      imports: [
        OperationsModule,
        ConfigModule.forRoot(config, mode),
        CommonModule,
        DatabaseModule,
        CacheModule,
        EventEmitterModule.forRoot(),
        mode === 'service' ? ScheduleModule.forRoot() : IDLE_SCHEDULER,
        IdentityModule,
        GrantsModule,
        ConsumersModule,
        AdminModule,
        OAuth2Module,
        OidcModule,
        Oauth1Module,
        GatewayModule,
        NotificationsModule,
        PagesModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ManagementExceptionFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            stopAtFirstError: false,
          }),
        },
      ],
    };
  }
}

/**
 * A command's scheduler: the registry the jobs' services are built with, but not the module's explorer, which would
 * start every `@Interval` and `@Cron` of the service.
 */
const IDLE_SCHEDULER: DynamicModule = {
  module: class IdleSchedulerModule {},
  global: true,
  providers: [SchedulerRegistry],
  exports: [SchedulerRegistry],
};
