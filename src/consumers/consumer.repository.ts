import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, LessThan, Not, type FindOptionsWhere, Repository } from 'typeorm';
import { readsThatMayLag } from '../database/reads-that-may-lag';
import { Transactions } from '../database/transactions';
import type { Consumer } from './consumer';
import { ConsumerLogEntity } from './consumer-log.entity';
import { ConsumerStage } from './consumer-stage';
import { ConsumerEntity } from './consumer.entity';
import { toConsumer } from './consumer.mapper';

export interface ConsumerFilter {
  name?: string;
  ownerId?: number;
  stages?: ConsumerStage[];
  includeSuppressed: boolean;
  /** Cursor: only consumers with a smaller id (lists run newest first). */
  beforeId?: number;
  limit: number;
}

export type NewLogEntry = Omit<ConsumerLogEntity, 'id' | 'consumerId'>;

/**
 * The only code that touches `oauth_registered_consumer` and `oauth_log`. Every change is written in one
 * transaction with its audit entry, so the log can never miss a change nor record one that did not happen.
 */
@Injectable()
export class ConsumerRepository {
  constructor(
    @InjectRepository(ConsumerEntity) private readonly consumers: Repository<ConsumerEntity>,
    private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
  ) {}

  async findByKey(key: string): Promise<Consumer | undefined> {
    const row = await this.consumers.findOneBy({ consumerKey: key });
    return row ? toConsumer(row) : undefined;
  }

  async findByIds(ids: number[]): Promise<Consumer[]> {
    return ids.length ? (await this.consumers.findBy({ id: In(ids) })).map(toConsumer) : [];
  }

  /** Every version the owner registered under this name, newest registration first. */
  async findByNameAndOwner(name: string, ownerId: number): Promise<Consumer[]> {
    const rows = await this.consumers.find({ where: { name, ownerId }, order: { id: 'DESC' } });
    return rows.map(toConsumer);
  }

  async list(filter: ConsumerFilter): Promise<Consumer[]> {
    const where: FindOptionsWhere<ConsumerEntity> = {};
    if (filter.name !== undefined) {
      where.name = filter.name;
    }
    if (filter.ownerId !== undefined) {
      where.ownerId = filter.ownerId;
    }
    where.stage = filter.stages ? In(filter.stages) : Not(ConsumerStage.Configuration);
    if (!filter.includeSuppressed) {
      where.deleted = false;
    }
    if (filter.beforeId !== undefined) {
      where.id = LessThan(filter.beforeId);
    }
    const rows = await readsThatMayLag(this.dataSource, (replica) =>
      replica.find(ConsumerEntity, { where, order: { id: 'DESC' }, take: filter.limit }),
    );
    return rows.map(toConsumer);
  }

  /** How many consumers each stage holds (stages without any are left out); suppressed ones only if asked. */
  async countByStage(includeSuppressed: boolean): Promise<Map<ConsumerStage, number>> {
    const rows = await readsThatMayLag(this.dataSource, (replica) => {
      const query = replica
        .createQueryBuilder(ConsumerEntity, 'consumer')
        .select('consumer.stage', 'stage')
        .addSelect('COUNT(*)', 'count')
        .where('consumer.stage != :configuration', { configuration: ConsumerStage.Configuration })
        .groupBy('consumer.stage');
      if (!includeSuppressed) {
        query.andWhere('consumer.deleted = :deleted', { deleted: false });
      }
      return query.getRawMany<{ stage: number | string; count: number | string }>();
    });
    return new Map(rows.map((row) => [Number(row.stage) as ConsumerStage, Number(row.count)]));
  }

  /** One page of an owner's consumers of one protocol version, newest first, with the total; suppressed ones if asked. */
  async pageByOwner(
    ownerId: number,
    oauthVersion: 1 | 2,
    page: { offset: number; limit: number },
    includeSuppressed: boolean,
  ): Promise<{ consumers: Consumer[]; total: number }> {
    const [rows, total] = await readsThatMayLag(this.dataSource, (replica) =>
      replica.findAndCount(ConsumerEntity, {
        where: { ownerId, oauthVersion, ...(includeSuppressed ? {} : { deleted: false }) },
        order: { id: 'DESC' },
        skip: page.offset,
        take: page.limit,
      }),
    );
    return { consumers: rows.map(toConsumer), total };
  }

  async suppressedIds(): Promise<number[]> {
    const rows = await this.consumers.find({ select: { id: true }, where: { deleted: true } });
    return rows.map((row) => row.id);
  }

  async insert(row: Omit<ConsumerEntity, 'id'>, log: NewLogEntry): Promise<Consumer> {
    return this.transactions.run(async (manager) => {
      const saved = await manager.getRepository(ConsumerEntity).save(manager.getRepository(ConsumerEntity).create(row));
      await manager.getRepository(ConsumerLogEntity).insert({ ...log, consumerId: saved.id });
      return toConsumer(saved);
    });
  }

  /**
   * Applies `changes` only if nobody changed the consumer since `seen` was read (optimistic concurrency),
   * together with its log entries. Answers the updated consumer, or `undefined` when someone changed it meanwhile.
   */
  async update(seen: Consumer, changes: Partial<ConsumerEntity>, log: NewLogEntry[]): Promise<Consumer | undefined> {
    return this.transactions.run(async (manager) => {
      const repository = manager.getRepository(ConsumerEntity);
      const result = await repository.update(
        { id: seen.id, changeCounter: seen.changeCounter },
        { ...changes, changeCounter: seen.changeCounter + 1 },
      );
      if (result.affected !== 1) {
        return undefined;
      }
      for (const entry of log) {
        await manager.getRepository(ConsumerLogEntity).insert({ ...entry, consumerId: seen.id });
      }
      const row = await repository.findOneByOrFail({ id: seen.id });
      return toConsumer(row);
    });
  }

  /**
   * Keeps the id and key of a configuration-defined app taken in the database (MediaWiki's placeholder row,
   * reference §1.8), so registered consumers never get its id. Throws when a registered consumer holds them.
   */
  async reserveForConfiguration(consumer: Consumer, now: Date): Promise<void> {
    const existing = await this.consumers.findOne({ where: [{ id: consumer.id }, { consumerKey: consumer.key }] });
    if (existing) {
      if (
        existing.id !== consumer.id ||
        existing.consumerKey !== consumer.key ||
        existing.stage !== ConsumerStage.Configuration
      ) {
        throw new Error(
          `STATIC_APPS_FILE app ${consumer.key}: its id or key is taken by the registered consumer ${existing.consumerKey}`,
        );
      }
      return;
    }
    await this.consumers.insert({
      id: consumer.id,
      consumerKey: consumer.key,
      name: consumer.name,
      version: consumer.version,
      ownerId: consumer.ownerId,
      callbackUrl: '',
      callbackIsPrefix: false,
      description: 'Placeholder of a configuration-defined app',
      email: '',
      emailAuthenticated: null,
      developerAgreement: true,
      ownerOnly: true,
      wiki: consumer.wiki,
      grants: ['mwoauth-authonly'],
      registration: now,
      secretKey: null,
      rsaKey: null,
      restrictions: { IPAddresses: [] },
      stage: ConsumerStage.Configuration,
      stageTimestamp: now,
      deleted: false,
      oauthVersion: consumer.oauthVersion,
      oauth2GrantTypes: null,
      oauth2IsConfidential: true,
      changeCounter: 0,
    });
  }

  /** Proposals idle since before `cutoff` become expired; MediaWiki writes no log entry for this. */
  async expireProposals(cutoff: Date, now: Date): Promise<number> {
    const result = await this.consumers.update(
      { stage: ConsumerStage.Proposed, stageTimestamp: LessThan(cutoff) },
      { stage: ConsumerStage.Expired, stageTimestamp: now },
    );
    return result.affected ?? 0;
  }
}
