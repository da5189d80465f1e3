import { Global, type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { AuthenticatorRegistry } from './auth/authenticator.registry';
import { RequestIdMiddleware } from './http/request-id.middleware';
import { AccessLogMiddleware } from './logging/access-log.middleware';

/** What every module uses: the authenticator registry behind the global guard, request ids, access logs. */
@Global()
@Module({ providers: [AuthenticatorRegistry], exports: [AuthenticatorRegistry] })
export class CommonModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware, AccessLogMiddleware).forRoutes('*');
  }
}
