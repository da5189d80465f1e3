import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { OAUTH2_GRANT_TYPES } from '../../config/env/oauth2.env';
import { ACCESS_TOKEN_TYPE } from '../grants/token-exchange-delegation';

/**
 * The token request form (RFC 6749 §4.1.3, §4.4.2, §6). Read field by field by the grant handlers, so failures
 * come back in RFC 6749 §5.2 form rather than as validation errors; this class documents it.
 */
export class TokenRequestDto {
  @ApiProperty({ enum: OAUTH2_GRANT_TYPES })
  grant_type!: string;

  @ApiPropertyOptional({ description: 'client_secret_post, or a public client; never together with HTTP Basic' })
  client_id?: string;

  @ApiPropertyOptional({ description: 'client_secret_post only' })
  client_secret?: string;

  @ApiPropertyOptional({ description: 'authorization_code' })
  code?: string;

  @ApiPropertyOptional({ description: 'authorization_code: required when the authorization request had one' })
  redirect_uri?: string;

  @ApiPropertyOptional({ description: 'authorization_code: the PKCE verifier' })
  code_verifier?: string;

  @ApiPropertyOptional({ description: 'refresh_token' })
  refresh_token?: string;

  @ApiPropertyOptional({ description: 'urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4)' })
  device_code?: string;

  @ApiPropertyOptional({
    description:
      'refresh_token (narrowing only), client_credentials and token exchange (narrowing only); space-separated',
  })
  scope?: string;

  @ApiPropertyOptional({ description: 'Token exchange (RFC 8693 §2.1): an access token issued to another client' })
  subject_token?: string;

  @ApiPropertyOptional({ enum: [ACCESS_TOKEN_TYPE], description: 'Token exchange: required with subject_token' })
  subject_token_type?: string;

  @ApiPropertyOptional({ enum: [ACCESS_TOKEN_TYPE], description: 'Token exchange: only access tokens are issued' })
  requested_token_type?: string;

  @ApiPropertyOptional({
    description: 'Token exchange: may be repeated; only the requesting client itself (its client_id) is served',
  })
  audience?: string;
}

export class TokenResponseDto {
  @ApiProperty({ example: 'Bearer' })
  token_type!: string;

  @ApiProperty({ example: 3600 })
  expires_in!: number;

  @ApiProperty({ description: 'JWT (RFC 9068, typ at+jwt) signed with a key of /.well-known/jwks.json' })
  access_token!: string;

  @ApiPropertyOptional({ description: 'Opaque; rotated on every use' })
  refresh_token?: string;

  @ApiProperty({ example: 'basic editpage' })
  scope!: string;

  @ApiPropertyOptional({ enum: [ACCESS_TOKEN_TYPE], description: 'Token exchange only (RFC 8693 §2.2.1)' })
  issued_token_type?: string;
}
