import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context';
import { Authorize } from '../../common/auth/authorize.decorator';
import { CurrentAuth } from '../../common/auth/current-auth.decorator';
import { ErrorBodyDto } from '../../common/errors/error-body.dto';
import { RecoveryCodesDto, TotpEnrolmentDto, TwoFactorCodeDto, TwoFactorStatusDto } from './two-factor.dto';
import { TwoFactorService } from './two-factor.service';

/**
 * The signed-in person's second factor, with a cookie session only: a token can neither read nor change it. Enrolment
 * stays open to a person whose group requires it before anything else.
 */
@ApiTags('me')
@Controller('api/me/two-factor')
export class TwoFactorController {
  constructor(private readonly twoFactor: TwoFactorService) {}

  @Get()
  @Authorize({ sessionOnly: true, duringSetup: true })
  @ApiOkResponse({ type: TwoFactorStatusDto })
  async status(@CurrentAuth() auth: AuthContext): Promise<TwoFactorStatusDto> {
    return TwoFactorStatusDto.of(await this.twoFactor.status(auth.userId));
  }

  @Post('totp')
  @Authorize({ sessionOnly: true, duringSetup: true })
  @ApiCreatedResponse({ type: TotpEnrolmentDto, description: 'A new secret, in force once confirmed' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'TOTP is already on (second_factor_exists)' })
  async begin(@CurrentAuth() auth: AuthContext): Promise<TotpEnrolmentDto> {
    const { secret, otpauthUri } = await this.twoFactor.beginTotp(auth.userId, auth.userName);
    return { secret, otpauthUri };
  }

  @Post('totp/confirm')
  @Authorize({ sessionOnly: true, duringSetup: true })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: RecoveryCodesDto, description: 'TOTP is on; the recovery codes are shown this once' })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'The code is not correct (invalid_second_factor)' })
  async confirm(@CurrentAuth() auth: AuthContext, @Body() dto: TwoFactorCodeDto): Promise<RecoveryCodesDto> {
    return { recoveryCodes: await this.twoFactor.confirmTotp(auth.userId, dto.code) };
  }

  @Delete('totp')
  @Authorize({ sessionOnly: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'TOTP is off, and the recovery codes are gone' })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'The code is not correct (invalid_second_factor)' })
  async disable(@CurrentAuth() auth: AuthContext, @Body() dto: TwoFactorCodeDto): Promise<void> {
    await this.twoFactor.disableTotp(auth.userId, dto.code);
  }
}
