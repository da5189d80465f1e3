import { ApiProperty } from '@nestjs/swagger';

/** OpenID Connect Core §5.3.2: the claims of the token's scopes, with MediaWiki's `groups`, `rights` and `grants`. */
export class UserInfoDto {
  @ApiProperty({ example: '42', description: 'The central user id, as MediaWiki’s identify gives it' })
  sub!: string;

  @ApiProperty({ required: false, description: 'scope profile' })
  preferred_username?: string;

  @ApiProperty({ required: false, description: 'scope profile, when the user set a real name' })
  name?: string;

  @ApiProperty({ required: false, description: 'scope email, only once confirmed' })
  email?: string;

  @ApiProperty({ required: false, description: 'scope email' })
  email_verified?: boolean;

  @ApiProperty({ required: false, type: [String], description: 'scope profile: the user’s groups, with * and user' })
  groups?: string[];

  @ApiProperty({ required: false, type: [String], description: 'scope profile: the rights the token carries' })
  rights?: string[];

  @ApiProperty({ required: false, type: [String], description: 'scope profile: the token’s grants' })
  grants?: string[];
}
