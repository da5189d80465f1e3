import { Controller, Get, Header, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
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

/** OpenID Connect Core §5.3.1: GET or POST, with the access token in `Authorization: Bearer` (RFC 6750 §2.1). */
@ApiTags('oidc')
@Controller()
@UseFilters(Oauth2ExceptionFilter)
export class UserInfoController {
  constructor(private readonly userInfo: UserInfoService) {}

  @Get(OIDC_PATHS.userinfo)
  @ProtocolDoor('oauth2-bearer')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'UserInfo (OpenID Connect Core §5.3)' })
  @ApiBearerAuth('bearer')
  @ApiOkResponse({ type: UserInfoDto })
  @ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_token, with a WWW-Authenticate challenge' })
  @ApiForbiddenResponse({
    type: Oauth2ErrorDto,
    description: 'insufficient_scope: the token was not issued for openid',
  })
  get(@Req() request: AppRequest): Promise<UserInfoDto> {
    return this.userInfo.userInfo(request);
  }

  @Post(OIDC_PATHS.userinfo)
  @HttpCode(200)
  @ProtocolDoor('oauth2-bearer')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'UserInfo (OpenID Connect Core §5.3), by POST' })
  @ApiBearerAuth('bearer')
  @ApiOkResponse({ type: UserInfoDto })
  @ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_token, with a WWW-Authenticate challenge' })
  @ApiForbiddenResponse({
    type: Oauth2ErrorDto,
    description: 'insufficient_scope: the token was not issued for openid',
  })
  post(@Req() request: AppRequest): Promise<UserInfoDto> {
    return this.userInfo.userInfo(request);
  }
}
