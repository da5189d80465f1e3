import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A public key as RFC 7517 writes it; only the members of the key's type are present. */
export class JwkDto {
  @ApiProperty({ enum: ['RSA', 'EC', 'OKP'] })
  kty!: string;

  @ApiProperty({ description: 'RFC 7638 thumbprint, as in the kid header of the tokens it signs' })
  kid!: string;

  @ApiProperty({ enum: ['RS256', 'ES256', 'EdDSA'] })
  alg!: string;

  @ApiProperty({ enum: ['sig'] })
  use!: string;

  @ApiPropertyOptional({ description: 'RSA modulus' })
  n?: string;

  @ApiPropertyOptional({ description: 'RSA exponent' })
  e?: string;

  @ApiPropertyOptional({ description: 'EC or OKP curve' })
  crv?: string;

  @ApiPropertyOptional()
  x?: string;

  @ApiPropertyOptional()
  y?: string;
}

export class JwksDto {
  @ApiProperty({ type: [JwkDto] })
  keys!: JwkDto[];
}
