import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonColumn } from '../../database/json-column';

/** An OAuth 2 refresh token (`oauth2_refresh_tokens`), kept as a SHA-256 hash; durable so restarts log nobody out. */
@Entity('oauth2_refresh_tokens')
export class RefreshTokenEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'access_token_jti', type: 'varchar', length: 255 })
  accessTokenJti!: string;

  @Column({ name: 'acceptance_id', type: 'integer', default: 0 })
  acceptanceId!: number;

  @Column({ name: 'consumer_id', type: 'integer' })
  consumerId!: number;

  @Column({ name: 'user_id', type: 'integer', nullable: true })
  userId!: number | null;

  @Column({ type: 'text', transformer: jsonColumn })
  scopes!: string[];

  @Column({ name: 'family_id', type: 'varchar', length: 80 })
  familyId!: string;

  @Column({ type: 'datetime' })
  expires!: Date;

  @Column({ name: 'rotated_at', type: 'datetime', nullable: true })
  rotatedAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  revoked!: boolean;

  /** RFC 9449 §5: the thumbprint of the DPoP key a public client's token is bound to; null when unbound. */
  @Column({ name: 'dpop_jkt', type: 'varchar', length: 43, nullable: true })
  dpopJkt!: string | null;

  /** RFC 8707 §2: the resource the grant was made for; null when the client named none. */
  @Column({ type: 'text', nullable: true })
  resource!: string | null;
}
