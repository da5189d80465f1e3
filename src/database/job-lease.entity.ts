import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Who runs a scheduled job now (`job_leases`): one row per job, taken over once `expires_at` has passed. */
@Entity('job_leases')
export class JobLeaseEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  /** The instance holding the lease (host, process and a random part). */
  @Column({ type: 'varchar', length: 128 })
  holder!: string;

  /**
   * Epoch milliseconds: a number compares the same on both databases, and MariaDB's datetime keeps whole seconds,
   * too coarse for a lease.
   */
  @Column({ name: 'expires_at', type: 'bigint' })
  expiresAt!: number;
}
