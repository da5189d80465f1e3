import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How a dynamically registered client came (RFC 7591 §3): what its consent page and the review page say of it. */
export type DynamicClientOrigin = 'open' | 'review' | 'initial-token';

/**
 * A client registered at the RFC 7591 endpoint (`oauth2_dynamic_clients`), beside its ordinary consumer row: how it
 * came, and the SHA-256 of its RFC 7592 registration access token (empty once the client deleted itself).
 */
@Entity('oauth2_dynamic_clients')
export class DynamicClientEntity {
  @PrimaryColumn({ name: 'consumer_id', type: 'integer' })
  consumerId!: number;

  @Column({ type: 'varchar', length: 16 })
  origin!: DynamicClientOrigin;

  @Column({ name: 'registration_token_hash', type: 'varchar', length: 64 })
  registrationTokenHash!: string;

  @Column({ name: 'initial_token_id', type: 'integer', nullable: true })
  initialTokenId!: number | null;

  /** The https `client_id` of a client known by its metadata document (issue 23 item 4); null for a registration. */
  @Column({ name: 'client_id_url', type: 'varchar', length: 2000, nullable: true })
  clientIdUrl!: string | null;

  /** SHA-256 of `clientIdUrl`, unique: how the client is found again by its URL. */
  @Column({ name: 'client_id_url_hash', type: 'varchar', length: 64, nullable: true })
  clientIdUrlHash!: string | null;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;
}
