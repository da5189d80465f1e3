import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
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

  @ApiPropertyOptional({
    description:
      "One of the account's two-factor recovery codes: a recovery sign-in, answered at once with a session. It is " +
      'checked before the password and is not held by the per-account throttle that others can fill (only by ' +
      'LOGIN_THROTTLE_RECOVERY and the per-address limits); the code is spent when the password is right too',
    example: 'k7m2p-x9qrt',
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recoveryCode?: string;
}

export class SecondFactorDto {
  @ApiProperty({ description: 'The secondFactorToken of the answer to POST /api/auth/login' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  secondFactorToken!: string;

  @ApiPropertyOptional({
    description: 'A 6-digit code of the authenticator app, or an unused recovery code; or else webauthn',
  })
  @ValidateIf((dto: SecondFactorDto) => dto.webauthn === undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      'The AuthenticationResponseJSON of navigator.credentials.get() for the options of ' +
      'POST /api/auth/login/second-factor/webauthn/options; or else code',
  })
  @IsOptional()
  @IsObject()
  webauthn?: Record<string, unknown>;
}

export class SecondFactorTokenDto {
  @ApiProperty({ description: 'The secondFactorToken of the answer to POST /api/auth/login' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  secondFactorToken!: string;
}

export class LoginResponseDto {
  @ApiPropertyOptional({ type: UserSummaryDto, description: 'Absent while a second factor is due' })
  user?: UserSummaryDto;

  @ApiPropertyOptional({
    description:
      'Send back as X-CSRF-Token on unsafe requests made with the session cookie; absent while a second factor is due',
  })
  csrfToken?: string;

  @ApiPropertyOptional({
    description:
      'An admin reset the password: until POST /api/me/password sets a new one, the session may do nothing else ' +
      '(403 password_change_required)',
  })
  passwordChangeRequired?: boolean;

  @ApiPropertyOptional({
    description:
      'The password was right and the account has a second factor: no session yet. POST /api/auth/login/second-factor ' +
      "with secondFactorToken and a code, or a security key's assertion (options from " +
      'POST /api/auth/login/second-factor/webauthn/options), within 5 minutes (5 wrong answers end it)',
  })
  secondFactorRequired?: boolean;

  @ApiPropertyOptional({ description: 'With secondFactorRequired: what the second step takes' })
  secondFactorToken?: string;
}
