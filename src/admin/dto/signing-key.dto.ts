import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { SIGNING_ALGORITHMS } from '../../oauth2/keys/signing-key-rotation.service';

export class SigningKeyDto {
  @ApiProperty({ description: 'RFC 7638 thumbprint, as in the kid header of the tokens it signs' })
  kid!: string;

  @ApiProperty({ enum: SIGNING_ALGORITHMS })
  alg!: string;

  @ApiProperty({
    enum: ['published', 'active', 'retired'],
    description:
      'active: signs new tokens; published: in the JWKS, not signing (waiting for its publication delay, or a ' +
      'configured extra key); retired: signs no more, in the JWKS until removeAfter',
  })
  state!: string;

  @ApiProperty({ enum: ['configured', 'database'], description: 'OAUTH2_PRIVATE_KEY / OAUTH2_PUBLIC_KEY, or rotation' })
  source!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  createdAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it starts signing; null for the configured key, which signs from the start',
  })
  activatesAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it stops (or stopped) signing: retired, or superseded by a newer key',
  })
  retiredAt!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it leaves the JWKS: once the last token it signed has expired; null while not retired or never',
  })
  removeAfter!: string | null;
}

export class RotateKeyDto {
  @ApiPropertyOptional({ enum: SIGNING_ALGORITHMS, default: 'RS256' })
  @IsOptional()
  @IsIn(SIGNING_ALGORITHMS)
  alg?: string;
}

export class KidParamDto {
  @ApiProperty({ description: 'The key id (an RFC 7638 thumbprint: 43 base64url characters)' })
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'kid must be 1-64 base64url characters' })
  kid!: string;
}
