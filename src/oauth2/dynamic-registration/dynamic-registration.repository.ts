import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { sha256Hex } from '../../common/crypto/crypto';
import { IsNull, MoreThan, Repository } from 'typeorm';
import { type DynamicClientOrigin, DynamicClientEntity } from './dynamic-client.entity';
import { InitialAccessTokenEntity } from './initial-access-token.entity';

/** What a new dynamic client's row records; `clientIdUrl` only for a client known by its metadata document. */
export interface DynamicClientRow {
  consumerId: number;
  origin: DynamicClientOrigin;
  registrationTokenHash: string;
  initialTokenId: number | null;
  clientIdUrl?: string;
}

/** The only code that touches `oauth2_dynamic_clients` and `oauth2_initial_access_tokens`. */
@Injectable()
export class DynamicRegistrationRepository {
  constructor(
    @InjectRepository(DynamicClientEntity) private readonly clients: Repository<DynamicClientEntity>,
    @InjectRepository(InitialAccessTokenEntity) private readonly tokens: Repository<InitialAccessTokenEntity>,
  ) {}

  async addClient(client: DynamicClientRow): Promise<void> {
    const url = client.clientIdUrl ?? null;
    await this.clients.insert({
      ...client,
      clientIdUrl: url,
      clientIdUrlHash: url === null ? null : sha256Hex(url),
      createdAt: new Date(),
    });
  }

  findClient(consumerId: number): Promise<DynamicClientEntity | null> {
    return this.clients.findOneBy({ consumerId });
  }

  /** The client known by the metadata document at `url`, by the URL's unique hash. */
  findClientByUrl(url: string): Promise<DynamicClientEntity | null> {
    return this.clients.findOneBy({ clientIdUrlHash: sha256Hex(url) });
  }

  /** The registration access token stops working: the client deleted itself (RFC 7592 §2.3). */
  async forgetToken(consumerId: number): Promise<void> {
    await this.clients.update({ consumerId }, { registrationTokenHash: '' });
  }

  async addInitialToken(token: Omit<InitialAccessTokenEntity, 'id' | 'usedAt'>): Promise<InitialAccessTokenEntity> {
    // One row needs no transaction; TypeORM's would open on SQLite's shared connection and take in others' statements.
    return this.tokens.save(this.tokens.create({ ...token, usedAt: null }), { transaction: false });
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
