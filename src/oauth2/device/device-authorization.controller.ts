import { Controller, Header, HttpCode, HttpStatus, Post, Req, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBasicAuth,
  ApiBody,
  ApiConsumes,
  ApiNotFoundResponse,
  ApiOkResponse,
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
import { DeviceAuthorizationRequestDto, DeviceAuthorizationResponseDto } from './device-authorization.dto';
import { DeviceAuthorizationService } from './device-authorization.service';

@ApiTags('oauth2: protocol')
@Controller(OAUTH2_PREFIXES)
@UseFilters(Oauth2ExceptionFilter)
export class DeviceAuthorizationController {
  constructor(private readonly devices: DeviceAuthorizationService) {}

  @Post('device_authorization')
  @ProtocolDoor('oauth2-client')
  @RateLimit('device-authorization')
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Device authorization endpoint (RFC 8628 §3.1), when the device grant is enabled' })
  @ApiBasicAuth('client')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ type: DeviceAuthorizationRequestDto })
  @ApiOkResponse({ type: DeviceAuthorizationResponseDto })
  @ApiBadRequestResponse({ type: Oauth2ErrorDto, description: 'invalid_request, unauthorized_client, invalid_scope' })
  @ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_client' })
  @ApiNotFoundResponse({ type: Oauth2ErrorDto, description: 'the device flow is disabled on this server' })
  @ApiOauth2TooManyRequests('RATE_LIMIT_DEVICE_AUTHORIZATION', 'requests')
  start(@Req() request: AppRequest): Promise<DeviceAuthorizationResponseDto> {
    return this.devices.start(request);
  }
}
