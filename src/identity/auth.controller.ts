import { Body, Controller, HttpCode, HttpStatus, Inject, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { Response } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize, Public } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { CommonErrorCode, CommonException } from '../common/errors/common.exception';
import { RETRY_AFTER_HEADER } from '../common/rate-limits/rate-limit.decorator';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import type { AppRequest } from '../common/http/app-request';
import { isCrossSiteRequest } from '../common/http/cross-site';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LoginDto, LoginResponseDto, SecondFactorDto, SecondFactorTokenDto } from './dto/login.dto';
import type { Session } from './session.service';
import type { UserProfile } from './user-profile';
import { UserSummaryDto } from './dto/user.dto';
import { LoginService } from './login.service';
import { SessionCookies } from './session-cookies';
import { signInContext } from './sign-in-context';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly cookies: SessionCookies,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto, description: 'Signed in; the session cookie is set' })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'Incorrect user name or password' })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    description:
      'Too many recent sign-in attempts on this account (code throttled), or requests from this address ' +
      '(code rate_limited, RATE_LIMIT_LOGIN); Retry-After says when to try again. An account with two factors can ' +
      'still sign in at once with recoveryCode (not past rate_limited)',
    headers: RETRY_AFTER_HEADER,
  })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'Sent by a browser from another site' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorBodyDto, description: 'The body is not application/json' })
  async login(
    @Body() dto: LoginDto,
    @Req() request: AppRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    // Another site must not sign the browser into an account of its choosing (login CSRF, RFC 6749 §10.12).
    if (isCrossSiteRequest(request, this.config.http.publicUrl)) {
      throw new CommonException(CommonErrorCode.CsrfFailed, 'Signing in from another site is refused');
    }
    const result = await this.logins.login(dto.username, dto.password, signInContext(request), dto.recoveryCode);
    if (result.pendingSecondFactor !== undefined) {
      return { secondFactorRequired: true, secondFactorToken: result.pendingSecondFactor };
    }
    return this.signedIn(response, result);
  }

  @Post('login/second-factor')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto, description: 'Signed in with both factors; the session cookie is set' })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnauthorizedResponse({
    type: ErrorBodyDto,
    description: 'A wrong code, or a sign-in that ended (invalid_second_factor)',
  })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'Sent by a browser from another site' })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    description: 'Too many sign-in requests from this address (code rate_limited, RATE_LIMIT_LOGIN)',
    headers: RETRY_AFTER_HEADER,
  })
  async secondFactor(
    @Body() dto: SecondFactorDto,
    @Req() request: AppRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponseDto> {
    if (isCrossSiteRequest(request, this.config.http.publicUrl)) {
      throw new CommonException(CommonErrorCode.CsrfFailed, 'Signing in from another site is refused');
    }
    const proof =
      dto.webauthn !== undefined
        ? { webauthn: dto.webauthn as unknown as AuthenticationResponseJSON }
        : { code: dto.code ?? '' };
    return this.signedIn(
      response,
      await this.logins.completeSecondFactor(dto.secondFactorToken, proof, signInContext(request)),
    );
  }

  @Post('login/second-factor/webauthn/options')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({
    description:
      "PublicKeyCredentialRequestOptionsJSON for navigator.credentials.get() with the account's security keys; its " +
      'challenge is bound to this pending sign-in and good for one POST /api/auth/login/second-factor',
    schema: { type: 'object', additionalProperties: true },
  })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'The sign-in has ended (invalid_second_factor)' })
  @ApiForbiddenResponse({ type: ErrorBodyDto, description: 'Sent by a browser from another site' })
  webauthnOptions(@Body() dto: SecondFactorTokenDto, @Req() request: AppRequest): Promise<object> {
    if (isCrossSiteRequest(request, this.config.http.publicUrl)) {
      throw new CommonException(CommonErrorCode.CsrfFailed, 'Signing in from another site is refused');
    }
    return this.logins.secondFactorWebauthnOptions(dto.secondFactorToken);
  }

  private signedIn(response: Response, { user, session }: { user: UserProfile; session: Session }): LoginResponseDto {
    this.cookies.set(response, session.id);
    return {
      user: UserSummaryDto.of(user),
      csrfToken: session.csrfToken,
      passwordChangeRequired: user.passwordChangeRequired,
    };
  }

  @Post('logout')
  @Authorize({ sessionOnly: true, duringSetup: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@CurrentAuth() auth: AuthContext, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (auth.session) {
      await this.logins.logout(auth.session, auth.userId);
    }
    this.cookies.clear(response);
  }
}
