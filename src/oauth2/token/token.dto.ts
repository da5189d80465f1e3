import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/**
 * The token request form (RFC 6749 §4.1.3, §4.4.2, §6). Read field by field by the grant handlers, so failures
 * come back in RFC 6749 §5.2 form rather than as validation errors; this class documents it.
 */
export class TokenRequestDto {
  @ApiProperty({
    enum: ['authorization_code', 'refresh_token', 'client_credentials', 'urn:ietf:params:oauth:grant-type:device_code'],
  })
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

  @ApiPropertyOptional({ description: 'refresh_token (narrowing only) and client_credentials; space-separated' })
  scope?: string;
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
}
