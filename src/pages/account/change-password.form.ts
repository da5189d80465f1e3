import { IsOptional, IsString, MaxLength } from 'class-validator';
import { ChangePasswordDto } from '../../identity/dto/password.dto';

/** The change-password form: the fields of `POST /api/me/password`, the new password again, and where to go next. */
export class ChangePasswordForm extends ChangePasswordDto {
  @IsString()
  @MaxLength(1024)
  confirmPassword!: string;

  @IsOptional()
  @IsString()
  @MaxLength(2048)
  returnTo?: string;
}
