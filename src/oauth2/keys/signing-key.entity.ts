import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A signing key made by rotation (`oauth2_signing_keys`), or the retirement of a configured key (no private key
 * then: the configuration holds it). The private key is sealed with the server key (DESIGN §6), so the table alone
 * signs nothing.
 */
@Entity('oauth2_signing_keys')
export class SigningKeyEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** RFC 7638 thumbprint of the public key. */
  @Column({ type: 'varchar', length: 64 })
  kid!: string;

  @Column({ type: 'varchar', length: 8 })
  alg!: string;

  /** PKCS #8 PEM sealed with `OAUTH_SECRET_KEY`; null for a configured key retired by an operator. */
  @Column({ name: 'private_key', type: 'text', nullable: true })
  privateKey!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'activates_at', type: 'datetime' })
  activatesAt!: Date;

  @Column({ name: 'retired_at', type: 'datetime', nullable: true })
  retiredAt!: Date | null;
}
