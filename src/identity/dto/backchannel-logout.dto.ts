import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

/** Back-Channel Logout 1.0 §2.5: the upstream's POST, form-encoded. */
export class BackchannelLogoutDto {
  @ApiProperty({ description: 'A logout token (§2.4): a JWT signed by the upstream provider' })
  @IsString()
  @MaxLength(16_384)
  logout_token!: string;
}
