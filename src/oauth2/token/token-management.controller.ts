import { Controller, Header, HttpCode, HttpStatus, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBody,
  ApiConsumes,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProtocolDoor } from '../../common/auth/authorize.decorator';
import type { AppRequest } from '../../common/http/app-request';
import { RateLimit } from '../../common/rate-limits/rate-limit.decorator';
import { IntrospectionDto, TokenRequestFormDto } from '../introspection/introspection.dto';
import { TokenIntrospectionService } from '../introspection/token-introspection.service';
import { OAUTH2_PREFIXES } from '../oauth2-paths';
import { Oauth2ErrorDto } from '../protocol/oauth2-error.dto';
import { Oauth2ExceptionFilter } from '../protocol/oauth2-exception.filter';
import { ApiOauth2TooManyRequests } from '../protocol/too-many-requests.doc';
import { TokenRevocationEndpointService } from '../revocation/token-revocation-endpoint.service';

/** The token-management endpoints of RFC 7009 and RFC 7662. */
@ApiTags('oauth2: protocol')
@Controller(OAUTH2_PREFIXES)
@UseFilters(Oauth2ExceptionFilter)
export class TokenManagementController {
  constructor(
    private readonly revocation: TokenRevocationEndpointService,
    private readonly introspection: TokenIntrospectionService,
  ) {}

  @Post('revoke')
  @ProtocolDoor('oauth2-client')
  @RateLimit('revocation')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Revoke one of your tokens (RFC 7009); unknown tokens answer 200 as well' })
  @ApiBasicAuth('client')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestFormDto })
  @ApiOkResponse({ description: 'Revoked, or nothing to revoke' })
  @ApiBadRequestResponse({ type: Oauth2ErrorDto })
  @ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_client' })
  @ApiOauth2TooManyRequests('RATE_LIMIT_REVOCATION', 'requests')
  async revoke(@Req() request: AppRequest): Promise<void> {
    await this.revocation.revoke(request);
  }

  @Post('introspect')
  @ProtocolDoor('oauth2-client')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Introspect a token (RFC 7662); confidential clients see their own tokens, the introspect grant all',
  })
  @ApiBasicAuth('client')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestFormDto })
  @ApiOkResponse({ type: IntrospectionDto })
  @ApiBadRequestResponse({ type: Oauth2ErrorDto })
  @ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_client' })
  @ApiOauth2TooManyRequests('RATE_LIMIT_INTROSPECTION', 'refused requests')
  introspect(@Req() request: AppRequest): Promise<IntrospectionDto> {
    return this.introspection.introspect(request);
  }
}
