import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ActorClaim } from '../tokens/access-token.issuer';

/** RFC 7662 §2.1 request form; read field by field (errors in RFC 6749 §5.2 form), documented here. */
export class TokenRequestFormDto {
  @ApiProperty({ description: 'An access token (JWT) or a refresh token' })
  token!: string;

  @ApiPropertyOptional({ enum: ['access_token', 'refresh_token'], description: 'A hint; both kinds are tried' })
  token_type_hint?: string;
}

/** RFC 7662 §2.2 plus Gatehouse's `grants` and `rights` (DESIGN §11); only `active` when inactive or not yours. */
export class IntrospectionDto {
  @ApiProperty()
  active!: boolean;

  @ApiPropertyOptional({ example: 'basic editpage' })
  scope?: string;

  @ApiPropertyOptional()
  client_id?: string;

  @ApiPropertyOptional({ description: 'Absent for tokens that act for no user' })
  username?: string;

  @ApiPropertyOptional({ description: 'Central user id; empty for tokens that act for no user' })
  sub?: string;

  @ApiPropertyOptional()
  exp?: number;

  @ApiPropertyOptional()
  iat?: number;

  @ApiPropertyOptional()
  nbf?: number;

  @ApiPropertyOptional({
    description: 'The resource the token is for (RFC 8707 §2); the client key when it was issued for none',
  })
  aud?: string;

  @ApiPropertyOptional()
  iss?: string;

  @ApiPropertyOptional({ enum: ['Bearer', 'DPoP', 'refresh_token'], description: 'DPoP for a DPoP-bound token' })
  token_type?: string;

  @ApiPropertyOptional({
    description: 'RFC 9449 §6.2: the confirmation of a DPoP-bound token, the thumbprint of its key',
    example: { jkt: '0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I' },
  })
  cnf?: { jkt: string };

  @ApiPropertyOptional()
  jti?: string;

  @ApiPropertyOptional({ type: [String], description: 'The grants the token carries today' })
  grants?: string[];

  @ApiPropertyOptional({ type: [String], description: "The user's rights those grants carry" })
  rights?: string[];

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { sub: 'b7c1…', client_id: 'b7c1…' },
    description:
      'RFC 8693 §4.1, tokens made by token exchange: the client acting for the user (`sub`, `client_id`), with earlier actors nested in `act`',
  })
  act?: ActorClaim;
}
