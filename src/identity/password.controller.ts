import { Body, Controller, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import type { AppRequest } from '../common/http/app-request';
import { ChangePasswordDto, ChangePasswordResponseDto } from './dto/password.dto';
import { LoginService } from './login.service';
import { SessionCookies } from './session-cookies';
import { signInContext } from './sign-in-context';

/** The signed-in person's own password: with a cookie session only, never through an OAuth token. */
@ApiTags('me')
@Controller('api/me')
export class PasswordController {
  constructor(
    private readonly logins: LoginService,
    private readonly cookies: SessionCookies,
  ) {}

  @Post('password')
  @Authorize({ sessionOnly: true, duringSetup: true })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ChangePasswordResponseDto, description: 'Changed; the session cookie is replaced' })
  @ApiBadRequestResponse({
    type: ErrorBodyDto,
    description: 'The new password does not meet the policy (weak_password)',
  })
  @ApiUnauthorizedResponse({
    type: ErrorBodyDto,
    description: 'The current password is incorrect (invalid_credentials)',
  })
  @ApiTooManyRequestsResponse({
    type: ErrorBodyDto,
    description: 'Too many wrong passwords (throttled), as at sign-in',
  })
  async change(
    @CurrentAuth() auth: AuthContext,
    @Body() dto: ChangePasswordDto,
    @Req() request: AppRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ChangePasswordResponseDto> {
    const session = await this.logins.changePassword(
      auth.session as NonNullable<AuthContext['session']>,
      { id: auth.userId, name: auth.userName },
      { current: dto.currentPassword, next: dto.newPassword },
      signInContext(request),
    );
    this.cookies.set(response, session.id);
    return { csrfToken: session.csrfToken };
  }
}
