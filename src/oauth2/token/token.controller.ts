import { Controller, Header, HttpCode, HttpStatus, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProtocolDoor } from '../../common/auth/authorize.decorator';
import type { AppRequest } from '../../common/http/app-request';
import { OAUTH2_PREFIXES } from '../oauth2-paths';
import { Oauth2ErrorDto } from '../protocol/oauth2-error.dto';
import { Oauth2ExceptionFilter } from '../protocol/oauth2-exception.filter';
import { ApiOauth2TooManyRequests } from '../protocol/too-many-requests.doc';
import { TokenEndpointService } from './token-endpoint.service';
import { TokenRequestDto, TokenResponseDto } from './token.dto';

@ApiTags('oauth2: protocol')
@Controller(OAUTH2_PREFIXES)
@UseFilters(Oauth2ExceptionFilter)
export class TokenController {
  constructor(private readonly endpoint: TokenEndpointService) {}

  @Post(['access_token', 'token'])
  @ProtocolDoor('oauth2-client')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  @ApiOperation({
    summary:
      'Token endpoint (RFC 6749 §3.2): authorization_code, refresh_token, client_credentials, device_code (RFC 8628), ' +
      'token exchange (RFC 8693)',
  })
  @ApiBasicAuth('client')
  @ApiHeader({
    name: 'DPoP',
    required: false,
    description: 'A DPoP proof (RFC 9449 §5): the tokens are bound to its key and token_type is DPoP',
  })
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: TokenRequestDto })
  @ApiOkResponse({ type: TokenResponseDto })
  @ApiBadRequestResponse({
    type: Oauth2ErrorDto,
    description:
      'invalid_request, invalid_grant, invalid_scope, invalid_target, invalid_dpop_proof, use_dpop_nonce (with ' +
      'DPoP-Nonce), …; for device codes (RFC 8628 §3.5) authorization_pending, slow_down, access_denied, expired_token',
  })
  @ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_client' })
  @ApiOauth2TooManyRequests('RATE_LIMIT_TOKEN', 'refused requests')
  token(@Req() request: AppRequest): Promise<TokenResponseDto> {
    return this.endpoint.exchange(request);
  }
}
