import { ApiProperty } from '@nestjs/swagger';

/** RFC 6749 §5.2 error answer. */
export class Oauth2ErrorDto {
  @ApiProperty({ example: 'invalid_grant' })
  error!: string;

  @ApiProperty({ example: 'The authorization code is invalid or has expired' })
  error_description!: string;
}
