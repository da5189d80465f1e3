import { Controller, Get, Header, HttpCode, Post, Req, UseFilters, applyDecorators } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProtocolDoor } from '../../common/auth/authorize.decorator';
import type { AppRequest } from '../../common/http/app-request';
import { Oauth2ErrorDto } from '../../oauth2/protocol/oauth2-error.dto';
import { Oauth2ExceptionFilter } from '../../oauth2/protocol/oauth2-exception.filter';
import { OIDC_PATHS } from '../oidc-paths';
import { UserInfoDto } from './userinfo.dto';
import { UserInfoService } from './userinfo.service';

/** What both methods declare: the bearer door, no caching, and the answers (RFC 6750 §3 errors). */
function UserInfoRoute(summary: string) {
  return applyDecorators(
    ProtocolDoor('oauth2-bearer'),
    Header('Cache-Control', 'no-store'),
    ApiOperation({ summary }),
    ApiBearerAuth('bearer'),
    ApiHeader({ name: 'DPoP', required: false, description: 'RFC 9449 §7.1: the proof for a DPoP-bound token' }),
    ApiOkResponse({ type: UserInfoDto }),
    ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_token, with a WWW-Authenticate challenge' }),
    ApiForbiddenResponse({
      type: Oauth2ErrorDto,
      description: 'insufficient_scope: the token was not issued for openid',
    }),
  );
}

/** OpenID Connect Core §5.3.1: GET or POST, with the access token in `Authorization: Bearer` (RFC 6750 §2.1). */
@ApiTags('oidc')
@Controller()
@UseFilters(Oauth2ExceptionFilter)
export class UserInfoController {
  constructor(private readonly userInfo: UserInfoService) {}

  @Get(OIDC_PATHS.userinfo)
  @UserInfoRoute('UserInfo (OpenID Connect Core §5.3)')
  get(@Req() request: AppRequest): Promise<UserInfoDto> {
    return this.userInfo.userInfo(request);
  }

  @Post(OIDC_PATHS.userinfo)
  @HttpCode(200)
  @UserInfoRoute('UserInfo (OpenID Connect Core §5.3), by POST')
  post(@Req() request: AppRequest): Promise<UserInfoDto> {
    return this.userInfo.userInfo(request);
  }
}
