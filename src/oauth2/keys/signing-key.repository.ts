import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { Transactions } from '../../database/transactions';
import { SigningKeyEventEntity } from './signing-key-event.entity';
import { SigningKeyEntity } from './signing-key.entity';

export interface NewSigningKey {
  kid: string;
  alg: string;
  sealedPrivateKey: string;
  createdAt: Date;
  activatesAt: Date;
}

export interface Retirement {
  kid: string;
  alg: string;
  /** A configured key has no row yet: its retirement is one. */
  configured: boolean;
  at: Date;
  actor: string;
  /** A pending key that starts signing at once, because the key it was to take over from signs no more. */
  handOverTo?: string;
}

/** The only code that touches `oauth2_signing_keys` and `oauth2_signing_key_log`; each change is logged with it. */
@Injectable()
export class SigningKeyRepository {
  constructor(
    @InjectRepository(SigningKeyEntity) private readonly keys: Repository<SigningKeyEntity>,
    private readonly transactions: Transactions,
  ) {}

  list(): Promise<SigningKeyEntity[]> {
    return this.keys.find({ order: { id: 'ASC' } });
  }

  async create(key: NewSigningKey, actor: string): Promise<void> {
    await this.transactions.run(async (manager) => {
      await manager.getRepository(SigningKeyEntity).insert({
        kid: key.kid,
        alg: key.alg,
        privateKey: key.sealedPrivateKey,
        createdAt: key.createdAt,
        activatesAt: key.activatesAt,
        retiredAt: null,
      });
      await manager
        .getRepository(SigningKeyEventEntity)
        .insert({ timestamp: key.createdAt, kid: key.kid, action: 'rotate', actor });
    });
  }

  async retire({ kid, alg, configured, at, actor, handOverTo }: Retirement): Promise<void> {
    await this.transactions.run(async (manager) => {
      const keys = manager.getRepository(SigningKeyEntity);
      const events = manager.getRepository(SigningKeyEventEntity);
      if (configured) {
        await keys.insert({ kid, alg, privateKey: null, createdAt: at, activatesAt: at, retiredAt: at });
      } else {
        await keys.update({ kid, retiredAt: IsNull() }, { retiredAt: at });
      }
      await events.insert({ timestamp: at, kid, action: 'retire', actor });
      if (handOverTo) {
        await keys.update({ kid: handOverTo }, { activatesAt: at });
        await events.insert({ timestamp: at, kid: handOverTo, action: 'activate', actor });
      }
    });
  }
}
