import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { And, DataSource, LessThan, MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { readsThatMayLag } from '../database/reads-that-may-lag';
import { ConsumerLogEntity } from './consumer-log.entity';

export interface LogFilter {
  consumerIds?: number[];
  beforeId?: number;
  limit: number;
}

/** A stretch of time, from `since` (inclusive) to `until` (exclusive, open when absent). */
export interface LogRange {
  since: Date;
  until?: Date;
}

/** Reads of the audit log; writes go with their change, in its transaction, through `ConsumerRepository`. */
@Injectable()
export class ConsumerLogRepository {
  constructor(
    @InjectRepository(ConsumerLogEntity) private readonly log: Repository<ConsumerLogEntity>,
    private readonly dataSource: DataSource,
  ) {}

  async list(filter: LogFilter): Promise<ConsumerLogEntity[]> {
    const base = filter.beforeId !== undefined ? { id: LessThan(filter.beforeId) } : {};
    const where = filter.consumerIds ? filter.consumerIds.map((consumerId) => ({ ...base, consumerId })) : base;
    return readsThatMayLag(this.dataSource, (replica) =>
      replica.find(ConsumerLogEntity, { where, order: { id: 'DESC' }, take: filter.limit }),
    );
  }

  /**
   * The next `limit` entries of `range` after the entry `afterId`, oldest first: an export pages through the log by
   * primary key, so each page starts where the last one ended, however long the log.
   */
  async range(range: LogRange, afterId: number, limit: number): Promise<ConsumerLogEntity[]> {
    const timestamp = range.until
      ? And(MoreThanOrEqual(range.since), LessThan(range.until))
      : MoreThanOrEqual(range.since);
    return this.log.find({ where: { id: MoreThan(afterId), timestamp }, order: { id: 'ASC' }, take: limit });
  }
}
