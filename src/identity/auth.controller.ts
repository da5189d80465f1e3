import { Body, Controller, HttpCode, HttpStatus, Post, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize, Public } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { LoginDto, LoginResponseDto } from './dto/login.dto';
import { UserSummaryDto } from './dto/user.dto';
import { LoginService } from './login.service';
import { SessionCookies } from './session-cookies';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly cookies: SessionCookies,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto, description: 'Signed in; the session cookie is set' })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiUnauthorizedResponse({ type: ErrorBodyDto, description: 'Incorrect user name or password' })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) response: Response): Promise<LoginResponseDto> {
    const { user, session } = await this.logins.login(dto.username, dto.password);
    this.cookies.set(response, session.id);
    return { user: UserSummaryDto.of(user), csrfToken: session.csrfToken };
  }

  @Post('logout')
  @Authorize({ sessionOnly: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@CurrentAuth() auth: AuthContext, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (auth.session) {
      await this.logins.logout(auth.session.id);
    }
    this.cookies.clear(response);
  }
}
