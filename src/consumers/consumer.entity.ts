import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { JsonWebKeySet } from './consumer';
import type { ConsumerStage } from './consumer-stage';
import { jsonColumn } from '../database/json-column';

/** MediaWiki's restrictions JSON (`MWRestrictions`): the IP ranges a consumer may be used from. */
export interface StoredRestrictions {
  IPAddresses: string[];
}

/** A registered application (`oauth_registered_consumer`, reference §1.1). */
@Entity('oauth_registered_consumer')
export class ConsumerEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'consumer_key', type: 'varchar', length: 32 })
  consumerKey!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  version!: string;

  @Column({ name: 'user_id', type: 'integer' })
  ownerId!: number;

  @Column({ name: 'callback_url', type: 'text' })
  callbackUrl!: string;

  @Column({ name: 'callback_is_prefix', type: 'boolean', default: false })
  callbackIsPrefix!: boolean;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 255 })
  email!: string;

  @Column({ name: 'email_authenticated', type: 'datetime', nullable: true })
  emailAuthenticated!: Date | null;

  @Column({ name: 'developer_agreement', type: 'boolean', default: true })
  developerAgreement!: boolean;

  @Column({ name: 'owner_only', type: 'boolean', default: false })
  ownerOnly!: boolean;

  @Column({ type: 'varchar', length: 32, default: '*' })
  wiki!: string;

  @Column({ type: 'text', transformer: jsonColumn })
  grants!: string[];

  @Column({ type: 'datetime' })
  registration!: Date;

  /** The stored value; the secret clients use is derived from it with the server key (DESIGN §6). */
  @Column({ name: 'secret_key', type: 'varchar', length: 32, nullable: true })
  secretKey!: string | null;

  @Column({ name: 'rsa_key', type: 'text', nullable: true })
  rsaKey!: string | null;

  @Column({ type: 'text', transformer: jsonColumn })
  restrictions!: StoredRestrictions;

  @Column({ type: 'smallint', default: 0 })
  stage!: ConsumerStage;

  @Column({ name: 'stage_timestamp', type: 'datetime' })
  stageTimestamp!: Date;

  /** Suppressed: hidden from everyone without `mwoauthviewsuppressed`. */
  @Column({ type: 'boolean', default: false })
  deleted!: boolean;

  @Column({ name: 'oauth_version', type: 'smallint', default: 1 })
  oauthVersion!: 1 | 2;

  @Column({ name: 'oauth2_allowed_grants', type: 'text', nullable: true, transformer: jsonColumn })
  oauth2GrantTypes!: string[] | null;

  @Column({ name: 'oauth2_is_confidential', type: 'boolean', default: true })
  oauth2IsConfidential!: boolean;

  /** OpenID Connect RP-Initiated Logout 1.0 §3.1; null (rows from before) reads as none. */
  @Column({ name: 'oidc_post_logout_redirect_uris', type: 'text', nullable: true, transformer: jsonColumn })
  postLogoutRedirectUris!: string[] | null;

  /** OpenID Connect Back-Channel Logout 1.0 §2.2. */
  @Column({ name: 'oidc_backchannel_logout_uri', type: 'text', nullable: true })
  backchannelLogoutUri!: string | null;

  /** RFC 9449 §5.2 `dpop_bound_access_tokens`. */
  @Column({ name: 'oauth2_dpop_bound_access_tokens', type: 'boolean', default: false })
  dpopBoundAccessTokens!: boolean;
  /** RFC 7591 §2; null (rows from before) reads as the secret, or none for public clients. */
  @Column({ name: 'oauth2_token_endpoint_auth_method', type: 'varchar', length: 32, nullable: true })
  tokenEndpointAuthMethod!: string | null;

  /** RFC 7591 §2 `jwks`, public keys only. */
  @Column({ name: 'oauth2_jwks', type: 'text', nullable: true, transformer: jsonColumn })
  jwks!: JsonWebKeySet | null;

  /** RFC 7591 §2 `jwks_uri`. */
  @Column({ name: 'oauth2_jwks_uri', type: 'text', nullable: true })
  jwksUri!: string | null;

  /** RFC 9126 §6. */
  @Column({ name: 'oauth2_require_par', type: 'boolean', default: false })
  requirePushedAuthorizationRequests!: boolean;

  /** RFC 8707 §2; null (rows from before) reads as none. */
  @Column({ name: 'oauth2_resources', type: 'text', nullable: true, transformer: jsonColumn })
  resources!: string[] | null;

  /** Bumped by every change: the optimistic-concurrency guard and the ETag. */
  @Column({ name: 'change_counter', type: 'integer', default: 0 })
  changeCounter!: number;
}
