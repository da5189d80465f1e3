import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A user's TOTP secret (RFC 6238), sealed with the server key; usable once confirmed by a first code. */
@Entity('user_totp')
export class TotpCredentialEntity {
  @PrimaryColumn({ name: 'user_id', type: 'integer' })
  userId!: number;

  /** `SealedBox` of the base32 secret: a dump of the table yields no code generator. */
  @Column({ type: 'varchar', length: 255 })
  secret!: string;

  @Column({ name: 'confirmed_at', type: 'datetime', nullable: true })
  confirmedAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
