import { Inject, Injectable } from '@nestjs/common';
import { constantTimeEquals, hmacSha1Hex } from '../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

/**
 * MediaWiki's "hmacDBSecret": what clients hold is HMAC-SHA1(stored value, server key), so the database
 * alone yields no usable secret (DESIGN §6).
 */
@Injectable()
export class ConsumerSecrets {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  derive(stored: string): string {
    return hmacSha1Hex(stored, this.config.oauth.secretKey);
  }

  matches(stored: string | null, offered: string): boolean {
    return constantTimeEquals(stored === null ? '' : this.derive(stored), offered) && stored !== null;
  }
}
