import { Inject, Injectable, Logger } from '@nestjs/common';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SealedBox } from '../../common/crypto/sealed-box';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { SigningKeyRepository, type Retirement } from './signing-key.repository';

/** A row of `oauth2_signing_keys` with its private key opened; a configured key's retirement has none. */
export interface StoredSigningKey {
  kid: string;
  alg: string;
  privateKey?: KeyObject;
  createdAt: Date;
  activatesAt: Date;
  retiredAt?: Date;
}

/**
 * The signing keys kept in the database, their private halves sealed with the server key (DESIGN §6) as the other
 * secrets at rest are: a copy of the table signs nothing without `OAUTH_SECRET_KEY`.
 */
@Injectable()
export class SigningKeyStore {
  private readonly logger = new Logger(SigningKeyStore.name);
  private readonly box: SealedBox;

  constructor(
    private readonly repository: SigningKeyRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.box = new SealedBox(config.oauth.secretKey, 'oauth2-signing-key');
  }

  async load(): Promise<StoredSigningKey[]> {
    const rows = await this.repository.list();
    const keys: StoredSigningKey[] = [];
    for (const row of rows) {
      const key: StoredSigningKey = {
        kid: row.kid,
        alg: row.alg,
        createdAt: row.createdAt,
        activatesAt: row.activatesAt,
        retiredAt: row.retiredAt ?? undefined,
      };
      if (row.privateKey !== null) {
        const pem = this.box.open(row.privateKey);
        if (pem === undefined) {
          // Sealed under another OAUTH_SECRET_KEY: it can neither sign nor be trusted to match its kid.
          this.logger.error(`signing key ${row.kid} cannot be opened with this OAUTH_SECRET_KEY; it is left out`);
          continue;
        }
        key.privateKey = createPrivateKey(pem);
      }
      keys.push(key);
    }
    return keys;
  }

  create(
    key: { kid: string; alg: string; privateKey: KeyObject; createdAt: Date; activatesAt: Date },
    actor: string,
  ): Promise<void> {
    const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    return this.repository.create({ ...key, sealedPrivateKey: this.box.seal(pem) }, actor);
  }

  retire(retirement: Retirement): Promise<void> {
    return this.repository.retire(retirement);
  }
}
