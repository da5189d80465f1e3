import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context';
import { Authorize } from '../../common/auth/authorize.decorator';
import { CurrentAuth } from '../../common/auth/current-auth.decorator';
import { ErrorBodyDto } from '../../common/errors/error-body.dto';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import {
  RecoveryCodesDto,
  SecurityKeyDto,
  SecurityKeyIdParamDto,
  TotpEnrolmentDto,
  TwoFactorCodeDto,
  TwoFactorStatusDto,
  WebauthnRegistrationDto,
  WebauthnRegistrationResultDto,
} from './two-factor.dto';
import { TwoFactorService } from './two-factor.service';
import { type SecurityKeySummary, WebauthnService } from './webauthn.service';

/**
 * The signed-in person's second factor, with a cookie session only: a token can neither read nor change it. Enrolment
 * stays open to a person whose group requires it before anything else.
 */
@ApiTags('me')
@Controller('api/me/two-factor')
export class TwoFactorController {
  constructor(
    private readonly twoFactor: TwoFactorService,
    private readonly webauthn: WebauthnService,
  ) {}

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

  @Get('webauthn')
  @Authorize({ sessionOnly: true, duringSetup: true })
  @ApiOkResponse({ type: [SecurityKeyDto], description: 'The WebAuthn security keys and passkeys of the account' })
  async securityKeys(@CurrentAuth() auth: AuthContext): Promise<SecurityKeyDto[]> {
    return (await this.webauthn.list(auth.userId)).map(securityKeyDto);
  }

  @Post('webauthn/options')
  @Authorize({ sessionOnly: true, duringSetup: true })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    description:
      'PublicKeyCredentialCreationOptionsJSON for navigator.credentials.create(); its challenge is good for one ' +
      'POST /api/me/two-factor/webauthn within 5 minutes',
    schema: { type: 'object', additionalProperties: true },
  })
  registrationOptions(@CurrentAuth() auth: AuthContext): Promise<object> {
    return this.webauthn.registrationOptions(auth.userId, auth.userName);
  }

  @Post('webauthn')
  @Authorize({ sessionOnly: true, duringSetup: true })
  @ApiCreatedResponse({ type: WebauthnRegistrationResultDto, description: 'The key is added' })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnauthorizedResponse({
    type: ErrorBodyDto,
    description: 'The response does not verify against the last options (invalid_second_factor)',
  })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'The key is already registered (second_factor_exists)' })
  async register(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: WebauthnRegistrationDto,
  ): Promise<WebauthnRegistrationResultDto> {
    const recoveryCodes = await this.webauthn.register(
      auth.userId,
      dto.name,
      dto.response as unknown as RegistrationResponseJSON,
    );
    return { securityKeys: (await this.webauthn.list(auth.userId)).map(securityKeyDto), recoveryCodes };
  }

  @Delete('webauthn/:id')
  @Authorize({ sessionOnly: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'The key is removed; with the last second factor, the recovery codes too' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'No such key of this account (second_factor_not_found)' })
  async removeSecurityKey(@CurrentAuth() auth: AuthContext, @Param() { id }: SecurityKeyIdParamDto): Promise<void> {
    await this.webauthn.remove(auth.userId, Number(id));
  }
}

function securityKeyDto(key: SecurityKeySummary): SecurityKeyDto {
  return {
    id: key.id,
    name: key.name,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
  };
}
