import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import type { TwoFactorStatus } from './two-factor.service';

export class TwoFactorStatusDto {
  @ApiProperty({ description: 'TOTP (RFC 6238) is on' })
  totp!: boolean;

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
