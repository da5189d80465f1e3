import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/**
 * RFC 7591 §2 client metadata as this server reads it. Documentation only: the endpoint reads the body itself, so
 * that metadata it does not understand is ignored (RFC 7591 §2) and refusals are RFC 7591 §3.2.2 errors.
 */
export class ClientMetadataDto {
  @ApiPropertyOptional({
    type: [String],
    description:
      'One redirect URI (required for authorization_code); without review: loopback http or a private-use scheme',
  })
  redirect_uris?: string[];

  @ApiPropertyOptional({
    enum: ['none', 'client_secret_basic', 'client_secret_post', 'private_key_jwt'],
    description: 'Default client_secret_basic; none (a public client) when DYNAMIC_REGISTRATION=open',
  })
  token_endpoint_auth_method?: string;

  @ApiPropertyOptional({ type: [String], default: ['authorization_code'] })
  grant_types?: string[];

  @ApiPropertyOptional({ type: [String], default: ['code'] })
  response_types?: string[];

  @ApiPropertyOptional({ maxLength: 128 })
  client_name?: string;

  @ApiPropertyOptional({ description: 'Space-separated grants; default DYNAMIC_REGISTRATION_GRANTS' })
  scope?: string;

  @ApiPropertyOptional({ type: [String], description: 'The first one is kept as the consumer email' })
  contacts?: string[];

  @ApiPropertyOptional({ type: Object, description: 'Public keys of a private_key_jwt client' })
  jwks?: Record<string, unknown>;

  @ApiPropertyOptional()
  jwks_uri?: string;

  @ApiPropertyOptional({
    type: [String],
    description:
      'RFC 8707 resources the client asks tokens for; default: the resource URLs in DYNAMIC_REGISTRATION_GRANTS',
  })
  resources?: string[];
}

/** RFC 7591 §3.2.1 / RFC 7592 §3: the client information response. */
export class ClientInformationDto {
  @ApiProperty()
  client_id!: string;

  @ApiPropertyOptional({ description: 'Confidential clients only; shown this once' })
  client_secret?: string;

  @ApiProperty()
  client_id_issued_at!: number;

  @ApiPropertyOptional({ description: '0: the secret does not expire' })
  client_secret_expires_at?: number;

  @ApiPropertyOptional({ description: 'RFC 7592 §3: for GET, PUT and DELETE at registration_client_uri; shown once' })
  registration_access_token?: string;

  @ApiProperty()
  registration_client_uri!: string;

  @ApiProperty()
  client_name!: string;

  @ApiProperty({ type: [String] })
  redirect_uris!: string[];

  @ApiProperty({ type: [String] })
  grant_types!: string[];

  @ApiProperty({ type: [String] })
  response_types!: string[];

  @ApiProperty()
  token_endpoint_auth_method!: string;

  @ApiProperty()
  scope!: string;

  @ApiProperty({ type: [String], description: 'RFC 8707 §2: the resources the client may ask tokens for' })
  resources!: string[];
}

/** `POST /api/admin/registration-tokens`: an RFC 7591 §3 initial access token. */
export class IssueInitialAccessTokenDto {
  @ApiProperty({ type: [String], description: 'The grants a client registered with the token may hold' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  grants!: string[];

  @ApiProperty({ description: 'What the token is for; kept in the audit trail of the client it registers' })
  @IsString()
  @MaxLength(255)
  note!: string;

  @ApiPropertyOptional({ description: 'Seconds the token stays usable; default 86400 (a day), at most 30 days' })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(2592000)
  expires_in?: number;
}

export class InitialAccessTokenDto {
  @ApiProperty()
  id!: number;

  @ApiProperty({ description: 'The token, shown this once; send it as a Bearer token to the registration endpoint' })
  token!: string;

  @ApiProperty({ type: [String] })
  grants!: string[];

  @ApiProperty()
  expires_at!: string;
}
