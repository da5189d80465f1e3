import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One app signed into through one login session (`oidc_logins`): the token family an OpenID Connect code exchange
 * started, with what its ID Tokens must repeat on refresh (Core §12.2: the original `auth_time`, and the `sid`), and
 * the session it belongs to, so logging out can find every app to tell.
 */
@Entity('oidc_logins')
export class OidcLoginEntity {
  /** A number, as the batched purge deletes by id. */
  @PrimaryGeneratedColumn()
  id!: number;

  /** The token family (the code's hash), as refresh tokens name it. */
  @Column({ name: 'family_id', type: 'varchar', length: 64, unique: true })
  familyId!: string;

  @Index('ix_oidc_logins_sid')
  @Column({ type: 'varchar', length: 32 })
  sid!: string;

  @Column({ name: 'user_id', type: 'int' })
  userId!: number;

  @Column({ name: 'consumer_id', type: 'int' })
  consumerId!: number;

  /** Epoch seconds; 0 when the session predates the record of it. */
  @Column({ name: 'auth_time', type: 'bigint' })
  authTime!: number;

  /** RFC 8176 values, space-separated. */
  @Column({ type: 'varchar', length: 64 })
  amr!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  /**
   * When nothing can need the row any more: its session has ended and its refresh tokens have expired (moved on by
   * each refresh). The purge deletes it `TOKEN_RETENTION` later.
   */
  @Column({ type: 'datetime' })
  expires!: Date;
}
