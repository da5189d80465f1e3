import { IsOptional, IsString, MaxLength } from 'class-validator';

/** The login page's form fields; every one optional so a bad post re-renders the page instead of a 400. */
export class LoginFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(255)
  username?: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  csrf?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  returnTo?: string;

  /** Offered once the account is throttled: a recovery sign-in (`LoginService`). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recoveryCode?: string;
}

export class LogoutFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(128)
  csrf?: string;
}

/** The second-factor step's form: a TOTP code or a recovery code, or a security key's assertion (JSON). */
export class SecondFactorFormDto {
  @IsOptional()
  @IsString()
  @MaxLength(64)
  code?: string;

  @IsOptional()
  @IsString()
  @MaxLength(16384)
  webauthn?: string;

  @IsOptional()
  @IsString()
  @MaxLength(128)
  csrf?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  returnTo?: string;
}
