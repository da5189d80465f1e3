import { Controller, Header, HttpCode, HttpStatus, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProtocolDoor } from '../../common/auth/authorize.decorator';
import type { AppRequest } from '../../common/http/app-request';
import { RateLimit } from '../../common/rate-limits/rate-limit.decorator';
import { OAUTH2_PREFIXES } from '../oauth2-paths';
import { Oauth2ErrorDto } from '../protocol/oauth2-error.dto';
import { Oauth2ExceptionFilter } from '../protocol/oauth2-exception.filter';
import { ApiOauth2TooManyRequests } from '../protocol/too-many-requests.doc';
import { PushedAuthorizationFormDto, PushedAuthorizationResponseDto } from './par.dto';
import { PushedAuthorizationService } from './pushed-authorization.service';

/** RFC 9126's pushed authorization request endpoint. */
@ApiTags('oauth2: protocol')
@Controller(OAUTH2_PREFIXES)
@UseFilters(Oauth2ExceptionFilter)
export class PushedAuthorizationController {
  constructor(private readonly pushed: PushedAuthorizationService) {}

  @Post('par')
  @ProtocolDoor('oauth2-client')
  @RateLimit('par')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Push an authorization request (RFC 9126); then send the browser to /oauth2/authorize with client_id and the ' +
      'request_uri, which works once',
  })
  @ApiBasicAuth('client')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: PushedAuthorizationFormDto })
  @ApiCreatedResponse({ type: PushedAuthorizationResponseDto })
  @ApiBadRequestResponse({
    type: Oauth2ErrorDto,
    description: 'the authorization request is refused, as /authorize would',
  })
  @ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_client' })
  @ApiNotFoundResponse({ type: Oauth2ErrorDto, description: 'pushed authorization requests are disabled' })
  @ApiOauth2TooManyRequests('RATE_LIMIT_PAR', 'requests (RFC 9126 §2.3)')
  push(@Req() request: AppRequest): Promise<PushedAuthorizationResponseDto> {
    return this.pushed.push(request);
  }
}
