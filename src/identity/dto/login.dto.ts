import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { UserSummaryDto } from './user.dto';

export class LoginDto {
  @ApiProperty({ example: 'Admin' })
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}

export class LoginResponseDto {
  @ApiProperty({ type: UserSummaryDto })
  user!: UserSummaryDto;

  @ApiProperty({ description: 'Send back as X-CSRF-Token on unsafe requests made with the session cookie' })
  csrfToken!: string;

  @ApiProperty({
    description:
      'An admin reset the password: until POST /api/me/password sets a new one, the session may do nothing else ' +
      '(403 password_change_required)',
  })
  passwordChangeRequired!: boolean;
}
