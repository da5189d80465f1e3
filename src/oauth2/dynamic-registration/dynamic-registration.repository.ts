import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { type DynamicClientOrigin, DynamicClientEntity } from './dynamic-client.entity';
import { InitialAccessTokenEntity } from './initial-access-token.entity';

/** The only code that touches `oauth2_dynamic_clients` and `oauth2_initial_access_tokens`. */
@Injectable()
export class DynamicRegistrationRepository {
  constructor(
    @InjectRepository(DynamicClientEntity) private readonly clients: Repository<DynamicClientEntity>,
    @InjectRepository(InitialAccessTokenEntity) private readonly tokens: Repository<InitialAccessTokenEntity>,
  ) {}

  async addClient(client: {
    consumerId: number;
    origin: DynamicClientOrigin;
    registrationTokenHash: string;
    initialTokenId: number | null;
  }): Promise<void> {
    await this.clients.insert({ ...client, createdAt: new Date() });
  }

  findClient(consumerId: number): Promise<DynamicClientEntity | null> {
    return this.clients.findOneBy({ consumerId });
  }

  /** The registration access token stops working: the client deleted itself (RFC 7592 §2.3). */
  async forgetToken(consumerId: number): Promise<void> {
    await this.clients.update({ consumerId }, { registrationTokenHash: '' });
  }

  async addInitialToken(token: Omit<InitialAccessTokenEntity, 'id' | 'usedAt'>): Promise<InitialAccessTokenEntity> {
    return this.tokens.save(this.tokens.create({ ...token, usedAt: null }));
  }

  findUsableInitialToken(tokenHash: string, now: Date): Promise<InitialAccessTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash, usedAt: IsNull(), expiresAt: MoreThan(now) });
  }

  /** Spends a token once: of concurrent registrations with it, exactly one gets true. */
  async spendInitialToken(id: number, now: Date): Promise<boolean> {
    const result = await this.tokens.update({ id, usedAt: IsNull() }, { usedAt: now });
    return (result.affected ?? 0) === 1;
  }
}
