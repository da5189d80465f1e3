import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { ConsumerLogEntity } from './consumer-log.entity';

export interface LogFilter {
  consumerIds?: number[];
  beforeId?: number;
  limit: number;
}

/** Reads of the audit log; writes go with their change, in its transaction, through `ConsumerRepository`. */
@Injectable()
export class ConsumerLogRepository {
  constructor(@InjectRepository(ConsumerLogEntity) private readonly log: Repository<ConsumerLogEntity>) {}

  async list(filter: LogFilter): Promise<ConsumerLogEntity[]> {
    const base = filter.beforeId !== undefined ? { id: LessThan(filter.beforeId) } : {};
    const where = filter.consumerIds ? filter.consumerIds.map((consumerId) => ({ ...base, consumerId })) : base;
    return this.log.find({ where, order: { id: 'DESC' }, take: filter.limit });
  }
}
