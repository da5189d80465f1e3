import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An RFC 7591 §3 initial access token an admin issued (`oauth2_initial_access_tokens`): stored as its SHA-256 only,
 * good for one registration before it expires, which lands approved with (at most) the grants it carries.
 */
@Entity('oauth2_initial_access_tokens')
export class InitialAccessTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ type: 'simple-json' })
  grants!: string[];

  /** What the admin said the token is for; shown in the audit trail of the clients registered with it. */
  @Column({ type: 'varchar', length: 255 })
  note!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 255 })
  createdBy!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt!: Date;

  @Column({ name: 'used_at', type: 'datetime', nullable: true })
  usedAt!: Date | null;
}
