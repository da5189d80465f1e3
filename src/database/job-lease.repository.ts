import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { JobLeaseEntity } from './job-lease.entity';
import { isUniqueViolation } from './unique-violation';

/**
 * Leases that let one instance of a deployment at a time run a scheduled job. Each decision is one atomic statement,
 * so two instances asking at the same moment never both get a lease: a conditional UPDATE of the job's row, or, for
 * a job that has none yet, an INSERT that fails on the primary key for the second one.
 */
@Injectable()
export class JobLeaseRepository {
  constructor(@InjectRepository(JobLeaseEntity) private readonly leases: Repository<JobLeaseEntity>) {}

  /** Takes the lease until `until` if it is free, has expired by `now`, or is already `holder`'s. */
  async acquire(name: string, holder: string, now: number, until: number): Promise<boolean> {
    const taken = await this.leases
      .createQueryBuilder()
      .update()
      .set({ holder, expiresAt: until })
      .where('name = :name AND (expires_at <= :now OR holder = :holder)', { name, now, holder })
      .execute();
    if ((taken.affected ?? 0) > 0) {
      return true;
    }
    try {
      await this.leases.insert({ name, holder, expiresAt: until });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) {
        return false;
      }
      throw error;
    }
  }

  /** Extends the lease to `until`; false when `holder` no longer has it (it expired and another took it). */
  async renew(name: string, holder: string, until: number): Promise<boolean> {
    const result = await this.leases.update({ name, holder }, { expiresAt: until });
    return (result.affected ?? 0) > 0;
  }

  /** Frees the lease at once, if `holder` still has it; a lease taken over by another instance stays theirs. */
  async release(name: string, holder: string): Promise<void> {
    await this.leases.update({ name, holder }, { expiresAt: 0 });
  }
}
