import { Controller, Get, Header, Param, Req, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProtocolDoor } from '../../common/auth/authorize.decorator';
import type { AppRequest } from '../../common/http/app-request';
import { Oauth2Error } from '../oauth2-error';
import { OAUTH2_PREFIXES } from '../oauth2-paths';
import { Oauth2ErrorDto } from '../protocol/oauth2-error.dto';
import { Oauth2ExceptionFilter } from '../protocol/oauth2-exception.filter';
import { ProfileDto, ScopesDto } from './resource.dto';
import { ResourceService } from './resource.service';

@ApiTags('oauth2: protocol')
@Controller(OAUTH2_PREFIXES)
@UseFilters(Oauth2ExceptionFilter)
export class ResourceController {
  constructor(private readonly resources: ResourceService) {}

  @Get('resource/:type')
  @ProtocolDoor('oauth2-bearer')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "MediaWiki's resources: the token user's profile, or the client's scopes" })
  @ApiBearerAuth('bearer')
  @ApiHeader({ name: 'DPoP', required: false, description: 'RFC 9449 §7.1: the proof for a DPoP-bound token' })
  @ApiParam({ name: 'type', enum: ['profile', 'scopes'] })
  @ApiOkResponse({ type: ProfileDto, description: 'profile (scopes answers ScopesDto)' })
  @ApiBadRequestResponse({ type: Oauth2ErrorDto, description: 'unknown resource type' })
  @ApiUnauthorizedResponse({
    type: Oauth2ErrorDto,
    description: 'invalid_token, invalid_dpop_proof or use_dpop_nonce, with a WWW-Authenticate challenge',
  })
  resource(@Param('type') type: string, @Req() request: AppRequest): Promise<ProfileDto | ScopesDto> {
    if (type === 'profile') {
      return this.resources.profile(request);
    }
    if (type === 'scopes') {
      return this.resources.scopes(request);
    }
    throw new Oauth2Error('invalid_request', `Unrecognized value for parameter "type": ${type}`);
  }
}
