import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** MediaWiki's `/oauth2/resource/profile` (reference §5.6). */
export class ProfileDto {
  @ApiProperty({ example: '42', description: 'Central user id' })
  sub!: string;

  @ApiProperty()
  username!: string;

  @ApiProperty()
  editcount!: number;

  @ApiProperty()
  confirmed_email!: boolean;

  @ApiProperty()
  email_verified!: boolean;

  @ApiProperty()
  blocked!: boolean;

  @ApiProperty({ example: '20261123092053', description: 'MediaWiki timestamp of the registration' })
  registered!: string;

  @ApiProperty({ type: [String] })
  groups!: string[];

  @ApiProperty({ type: [String], description: "The user's rights that the token's grants carry" })
  rights!: string[];

  @ApiProperty({ type: [String], description: "The token's grants" })
  grants!: string[];

  @ApiPropertyOptional({ description: 'With mwoauth-authonlyprivate or privateinfo only' })
  realname?: string;

  @ApiPropertyOptional({ description: 'With mwoauth-authonlyprivate or privateinfo only; empty if unconfirmed' })
  email?: string;
}

export class ScopesDto {
  @ApiProperty({ type: [String], description: "The client's registered grants" })
  scopes!: string[];
}
