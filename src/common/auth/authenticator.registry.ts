import { Injectable } from '@nestjs/common';
import type { AppRequest } from '../http/app-request';
import type { AuthContext } from './auth-context';
import type { RequestAuthenticator } from './request-authenticator';

/**
 * The authenticators the guard asks, in registration order. Feature modules register theirs at start-up,
 * so `common` needs no import of them (and no cycle with `identity`).
 */
@Injectable()
export class AuthenticatorRegistry {
  private readonly authenticators: RequestAuthenticator[] = [];

  register(authenticator: RequestAuthenticator): void {
    this.authenticators.push(authenticator);
  }

  /** Whether any authenticator sees a credential of its kind in the request. */
  carriesCredential(request: AppRequest): boolean {
    return this.authenticators.some((authenticator) => authenticator.offeredBy(request));
  }

  async authenticate(request: AppRequest): Promise<AuthContext | undefined> {
    for (const authenticator of this.authenticators) {
      if (!authenticator.offeredBy(request)) {
        continue;
      }
      const auth = await authenticator.authenticate(request);
      if (auth) {
        return auth;
      }
    }
    return undefined;
  }
}
