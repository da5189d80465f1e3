import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, LessThan, type FindOptionsWhere, Repository } from 'typeorm';
import type { Consumer } from './consumer';
import { ConsumerLogEntity } from './consumer-log.entity';
import { ConsumerStage } from './consumer-stage';
import { ConsumerEntity } from './consumer.entity';
import { mutableColumns, toConsumer } from './consumer.mapper';

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
    if (filter.stages) {
      where.stage = In(filter.stages);
    }
    if (!filter.includeSuppressed) {
      where.deleted = false;
    }
    if (filter.beforeId !== undefined) {
      where.id = LessThan(filter.beforeId);
    }
    const rows = await this.consumers.find({ where, order: { id: 'DESC' }, take: filter.limit });
    return rows.map(toConsumer);
  }

  /** One page of an owner's consumers of one protocol version, newest first, with the total. */
  async pageByOwner(
    ownerId: number,
    oauthVersion: 1 | 2,
    offset: number,
    limit: number,
  ): Promise<{ consumers: Consumer[]; total: number }> {
    const [rows, total] = await this.consumers.findAndCount({
      where: { ownerId, oauthVersion },
      order: { id: 'DESC' },
      skip: offset,
      take: limit,
    });
    return { consumers: rows.map(toConsumer), total };
  }

  async insert(row: Omit<ConsumerEntity, 'id'>, log: NewLogEntry): Promise<Consumer> {
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.getRepository(ConsumerEntity).save(manager.getRepository(ConsumerEntity).create(row));
      await manager.getRepository(ConsumerLogEntity).insert({ ...log, consumerId: saved.id });
      return toConsumer(saved);
    });
  }

  /**
   * Applies `changes` only if the consumer still holds what `seen` holds (optimistic concurrency), together
   * with its log entry. Answers the updated consumer, or `undefined` when someone changed it meanwhile.
   */
  async update(
    seen: Consumer,
    changes: Partial<ConsumerEntity>,
    log: NewLogEntry | undefined,
  ): Promise<Consumer | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ConsumerEntity);
      const guard = { id: seen.id, ...withoutNulls(mutableColumns(seen)) } as FindOptionsWhere<ConsumerEntity>;
      const result = await repository.update(guard, changes);
      if (result.affected !== 1) {
        return undefined;
      }
      if (log) {
        await manager.getRepository(ConsumerLogEntity).insert({ ...log, consumerId: seen.id });
      }
      const row = await repository.findOneByOrFail({ id: seen.id });
      return toConsumer(row);
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

/** `column = NULL` never matches in SQL; nullable columns that are null are left out of the guard. */
function withoutNulls(columns: Partial<ConsumerEntity>): Partial<ConsumerEntity> {
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== null));
}
