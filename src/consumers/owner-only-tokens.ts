import { Injectable } from '@nestjs/common';
import type { Acceptance } from '../grants/acceptance';
import type { Consumer } from './consumer';

/** Makes the long-lived OAuth 2 token of an owner-only client (reference §3). */
export interface OwnerOnlyTokenIssuer {
  /** Revokes every earlier token of the client, then issues one acting for its owner under `acceptance`. */
  issue(consumer: Consumer, acceptance: Acceptance): Promise<string>;
}

/**
 * Where the `oauth2` module plugs in its issuer at start-up, so registration and secret reset can hand out
 * owner-only OAuth 2 tokens without `consumers` importing `oauth2` (which imports `consumers`).
 */
@Injectable()
export class OwnerOnlyTokens {
  private issuer?: OwnerOnlyTokenIssuer;

  register(issuer: OwnerOnlyTokenIssuer): void {
    this.issuer = issuer;
  }

  issue(consumer: Consumer, acceptance: Acceptance): Promise<string> {
    if (!this.issuer) {
      throw new Error('No OAuth 2 token issuer is registered');
    }
    return this.issuer.issue(consumer, acceptance);
  }
}
