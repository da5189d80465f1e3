import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { TwoFactorStatus } from './two-factor.service';

export class TwoFactorStatusDto {
  @ApiProperty({ description: 'TOTP (RFC 6238) is on' })
  totp!: boolean;

  @ApiProperty({ description: 'WebAuthn security keys or passkeys registered' })
  securityKeys!: number;

  @ApiProperty({ description: 'Unused recovery codes left' })
  recoveryCodesLeft!: number;

  static of(status: TwoFactorStatus): TwoFactorStatusDto {
    return { ...status };
  }
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'The secret in base32, for typing into an authenticator app; shown only now' })
  secret!: string;

  @ApiProperty({ description: 'The otpauth:// URI an authenticator app reads (the QR code of the page)' })
  otpauthUri!: string;
}

export class TwoFactorCodeDto {
  @ApiProperty({ description: 'A 6-digit code of the authenticator app (or, to turn TOTP off, a recovery code)' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  code!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({
    type: [String],
    description: 'One-time codes for when the app is not at hand; shown only now, stored only as hashes',
  })
  recoveryCodes!: string[];
}

export class SecurityKeyDto {
  @ApiProperty({ description: 'Names the key in DELETE /api/me/two-factor/webauthn/{id}' })
  id!: number;

  @ApiProperty({ description: 'The name the person gave it' })
  name!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'Last sign-in with it' })
  lastUsedAt!: string | null;
}

export class WebauthnRegistrationDto {
  @ApiProperty({ description: 'A name to tell the key from the others, such as "Blue YubiKey"', maxLength: 64 })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  name!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The RegistrationResponseJSON of navigator.credentials.create() (WebAuthn §5.1, toJSON())',
  })
  @IsObject()
  response!: Record<string, unknown>;
}

export class WebauthnRegistrationResultDto {
  @ApiProperty({ type: [SecurityKeyDto], description: 'All the keys of the account, the new one included' })
  securityKeys!: SecurityKeyDto[];

  @ApiProperty({
    type: [String],
    description: 'With a first second factor: one-time recovery codes, shown only now; otherwise empty',
  })
  recoveryCodes!: string[];
}

export class SecurityKeyIdParamDto {
  @ApiProperty()
  @Matches(/^[1-9]\d{0,9}$/, { message: 'id must be a positive integer' })
  id!: string;
}
