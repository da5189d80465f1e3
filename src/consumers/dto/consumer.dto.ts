import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAGE_NAMES, type StageName } from '../consumer-stage';

export class OwnerDto {
  @ApiProperty()
  id!: number;

  @ApiProperty()
  name!: string;
}

export class RestrictionsDto {
  @ApiProperty({ type: [String], example: ['0.0.0.0/0', '::/0'], description: 'IP addresses or CIDR ranges' })
  ipAddresses!: string[];
}

/** A consumer as a viewer may see it: email and restrictions only for the owner and managers (reference §1.7). */
export class ConsumerDto {
  @ApiProperty({ description: 'OAuth 1 oauth_consumer_key / OAuth 2 client_id (32 hex)' })
  consumerKey!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  version!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ enum: [1, 2] })
  oauthVersion!: 1 | 2;

  @ApiProperty({ enum: STAGE_NAMES })
  stage!: StageName;

  @ApiProperty()
  stageTimestamp!: string;

  @ApiProperty()
  ownerOnly!: boolean;

  @ApiProperty({ type: [String] })
  grants!: string[];

  @ApiProperty()
  callbackUrl!: string;

  @ApiProperty()
  callbackIsPrefix!: boolean;

  @ApiProperty({ description: '"*" for every site, or a site id' })
  wiki!: string;

  @ApiProperty()
  registeredAt!: string;

  @ApiProperty({ type: OwnerDto })
  owner!: OwnerDto;

  @ApiProperty({ description: 'Hidden from everyone without mwoauthviewsuppressed' })
  suppressed!: boolean;

  @ApiProperty({ description: 'Defined in STATIC_APPS_FILE; cannot be changed through the API' })
  configurationBased!: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'PEM RSA public key (OAuth 1 RSA-SHA1)' })
  rsaKey!: string | null;

  @ApiPropertyOptional({ description: 'OAuth 2 only' })
  oauth2IsConfidential?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'OAuth 2 only' })
  oauth2GrantTypes?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'OAuth 2 only: OpenID Connect post-logout redirect URIs (RP-Initiated Logout 1.0 §3.1)',
  })
  postLogoutRedirectUris?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'OAuth 2 only: OpenID Connect back-channel logout URI (Back-Channel Logout 1.0 §2.2)',
  })
  backchannelLogoutUri?: string | null;

  @ApiPropertyOptional({
    description: 'OAuth 2 only: token requests must carry a DPoP proof (RFC 9449 §5.2 dpop_bound_access_tokens)',
  })
  dpopBoundAccessTokens?: boolean;

  @ApiPropertyOptional({
    enum: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    description: 'OAuth 2 only: how the client authenticates (RFC 7591 §2)',
  })
  tokenEndpointAuthMethod?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'OAuth 2 only: the public keys of a private_key_jwt client (RFC 7517 §5), when given inline',
  })
  jwks?: Record<string, unknown> | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'OAuth 2 only: where the keys of a private_key_jwt client are fetched from',
  })
  jwksUri?: string | null;

  @ApiPropertyOptional({ description: 'OAuth 2 only: authorization requests must be pushed (RFC 9126 §6)' })
  requirePushedAuthorizationRequests?: boolean;

  @ApiPropertyOptional({
    type: [String],
    description: 'OAuth 2 only: the resources the client may ask tokens for (RFC 8707 §2)',
  })
  resources?: string[];

  @ApiPropertyOptional({ description: 'Owner and managers only' })
  email?: string;

  @ApiPropertyOptional({ type: RestrictionsDto, description: 'Owner and managers only' })
  restrictions?: RestrictionsDto;
}

export class ConsumerPageDto {
  @ApiProperty({ type: [ConsumerDto] })
  consumers!: ConsumerDto[];

  @ApiPropertyOptional({ description: 'Pass as cursor for the next page; absent on the last page' })
  nextCursor?: string;
}

export class RegistrationDto {
  @ApiProperty({ type: ConsumerDto })
  consumer!: ConsumerDto;

  @ApiPropertyOptional({ description: 'The client secret, shown only now (none for public OAuth 2 clients)' })
  secret?: string;

  @ApiPropertyOptional({ description: 'Owner-only OAuth 1 consumers: the access token, shown only now' })
  accessToken?: string;

  @ApiPropertyOptional({ description: 'Owner-only OAuth 1 consumers: the access secret, shown only now' })
  accessSecret?: string;

  @ApiProperty({ type: [String], description: 'Things worth a second look that did not stop the registration' })
  warnings!: string[];
}

export class ConsumerUpdateResultDto {
  @ApiProperty({ type: ConsumerDto })
  consumer!: ConsumerDto;

  @ApiPropertyOptional({ description: 'The new client secret after resetSecret, shown only now' })
  secret?: string;

  @ApiPropertyOptional()
  accessToken?: string;

  @ApiPropertyOptional()
  accessSecret?: string;
}

export class ConsumerResultDto {
  @ApiProperty({ type: ConsumerDto })
  consumer!: ConsumerDto;
}
