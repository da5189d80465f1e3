import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** RFC 9126 §2.1: the authorization request's parameters (RFC 6749 §4.1.1), sent as a form with client authentication. */
export class PushedAuthorizationFormDto {
  @ApiProperty({ example: 'code' })
  response_type!: string;

  @ApiPropertyOptional({
    description: 'Required unless the client authenticates with a client assertion or HTTP Basic',
  })
  client_id?: string;

  @ApiPropertyOptional()
  redirect_uri?: string;

  @ApiPropertyOptional({ example: 'basic' })
  scope?: string;

  @ApiPropertyOptional()
  state?: string;

  @ApiPropertyOptional()
  code_challenge?: string;

  @ApiPropertyOptional({ example: 'S256' })
  code_challenge_method?: string;

  @ApiPropertyOptional({ description: 'Any other authorization request parameter (OpenID Connect: nonce, prompt, …)' })
  nonce?: string;
}

/** RFC 9126 §2.2. */
export class PushedAuthorizationResponseDto {
  @ApiProperty({ example: 'urn:ietf:params:oauth:request_uri:6b1f…' })
  request_uri!: string;

  @ApiProperty({ example: 60, description: 'Seconds the request_uri stays usable, once' })
  expires_in!: number;
}
