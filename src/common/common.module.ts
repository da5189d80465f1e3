import { Global, Module } from '@nestjs/common';
import { AuthenticatorRegistry } from './auth/authenticator.registry';
import { DoorLimits } from './rate-limits/door-limits';
import { RateLimitGuard } from './rate-limits/rate-limit.guard';

/** What every module uses: the registry of authenticators behind the global guard, the doors' abuse limits. */
@Global()
@Module({
  providers: [AuthenticatorRegistry, DoorLimits, RateLimitGuard],
  exports: [AuthenticatorRegistry, DoorLimits, RateLimitGuard],
})
export class CommonModule {}
