import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One of a user's one-time recovery codes, as a keyed hash only. */
@Entity('user_recovery_codes')
export class RecoveryCodeEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  /** HMAC-SHA-256 of the code under the server key (hex). */
  @Column({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash!: string;

  @Column({ name: 'used_at', type: 'datetime', nullable: true })
  usedAt!: Date | null;
}
