import { Global, Module } from '@nestjs/common';
import { AuthenticatorRegistry } from './auth/authenticator.registry';

/** What every module uses: the registry of authenticators behind the global guard. */
@Global()
@Module({ providers: [AuthenticatorRegistry], exports: [AuthenticatorRegistry] })
export class CommonModule {}
