import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { RestrictionsInputDto } from './propose-consumer.dto';

/** What an owner may change (reference §2.3); anything else needs a new version. */
export class UpdateConsumerDto {
  @ApiPropertyOptional({ type: RestrictionsInputDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => RestrictionsInputDto)
  restrictions?: RestrictionsInputDto;

  @ApiPropertyOptional({ nullable: true, description: 'OAuth 1: a new PEM RSA public key, or null to remove it' })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(16000)
  rsaKey?: string | null;

  @ApiPropertyOptional({
    description: 'OAuth 2: require DPoP proofs at the token endpoint (RFC 9449 §5.2 dpop_bound_access_tokens)',
  })
  @IsOptional()
  @IsBoolean()
  dpopBoundAccessTokens?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'OAuth 2 private_key_jwt clients registered with inline keys: their new public keys (RFC 7517 §5), checked ' +
      'as at registration',
  })
  @IsOptional()
  @IsObject()
  jwks?: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Issue a new client secret (shown once in the answer)' })
  @IsOptional()
  @IsBoolean()
  resetSecret?: boolean;

  @ApiPropertyOptional({ maxLength: 255 })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  reason?: string;
}
