import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class ChangePasswordDto {
  @ApiProperty({ format: 'password', description: 'The password the account signs in with now' })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({
    format: 'password',
    description:
      'At least PASSWORD_MIN_LENGTH characters (10 by default), not the user name, not one of the most common ' +
      'passwords (code weak_password otherwise)',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  newPassword!: string;
}

export class ChangePasswordResponseDto {
  @ApiProperty({
    description:
      'The new session (its cookie is set with this answer) needs this as X-CSRF-Token; the old session and every ' +
      'other session of the account have ended',
  })
  csrfToken!: string;
}

export class ResetPasswordDto {
  @ApiProperty({
    format: 'password',
    description: 'A temporary password, under the same policy; the user must choose a new one at the next sign-in',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(1024)
  password!: string;
}
