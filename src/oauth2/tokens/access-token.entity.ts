import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An issued OAuth 2 access token (`oauth2_access_tokens`): the JWT itself is never stored, only its `jti`. */
@Entity('oauth2_access_tokens')
export class AccessTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 255 })
  identifier!: string;

  @Column({ type: 'datetime' })
  expires!: Date;

  /** 0 for tokens bound to no authorization (client credentials of a shared client). */
  @Column({ name: 'acceptance_id', type: 'integer', default: 0 })
  acceptanceId!: number;

  @Column({ name: 'consumer_id', type: 'integer' })
  consumerId!: number;

  @Column({ type: 'boolean', default: false })
  revoked!: boolean;

  /**
   * The refresh-token family (the hash of the authorization code that started it); null for client credentials. A
   * token made by token exchange joins its subject token's family, so it dies when that grant is revoked.
   */
  @Column({ name: 'family_id', type: 'varchar', length: 80, nullable: true })
  familyId!: string | null;

  /** RFC 9449 §6.1: the thumbprint of the DPoP key the token is bound to; null when unbound. */
  @Column({ name: 'dpop_jkt', type: 'varchar', length: 43, nullable: true })
  dpopJkt!: string | null;
}
