import {
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Req,
  UseFilters,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ProtocolDoor } from '../../common/auth/authorize.decorator';
import type { AppRequest } from '../../common/http/app-request';
import { RateLimit } from '../../common/rate-limits/rate-limit.decorator';
import { Oauth2ErrorDto } from '../protocol/oauth2-error.dto';
import { Oauth2ExceptionFilter } from '../protocol/oauth2-exception.filter';
import { ApiOauth2TooManyRequests } from '../protocol/too-many-requests.doc';
import { ClientInformationDto, ClientMetadataDto } from './dynamic-registration.dto';
import { DynamicRegistrationService } from './dynamic-registration.service';

const REFUSED = {
  type: Oauth2ErrorDto,
  description: 'RFC 7591 §3.2.2: invalid_redirect_uri or invalid_client_metadata',
};
const NOT_THIS_CLIENT = {
  type: Oauth2ErrorDto,
  description: 'invalid_token: no registration access token, or one of another client (RFC 7592 §2.1)',
};
const DISABLED = { type: Oauth2ErrorDto, description: 'DYNAMIC_REGISTRATION=off' };

/** RFC 7591 dynamic client registration and RFC 7592 management; the door reads its own bearer tokens. */
@ApiTags('oauth2: dynamic client registration')
@Controller('oauth2/register')
@UseFilters(Oauth2ExceptionFilter)
export class DynamicRegistrationController {
  constructor(private readonly registrations: DynamicRegistrationService) {}

  @Post()
  @ProtocolDoor('oauth2-client')
  @RateLimit('registration')
  @HttpCode(HttpStatus.CREATED)
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Register a client (RFC 7591 §3): proposed for review, approved at once (DYNAMIC_REGISTRATION=open, public ' +
      'native clients only), or approved with the grants of an initial access token sent as a Bearer token',
  })
  @ApiBearerAuth('initial-access-token')
  @ApiBody({ type: ClientMetadataDto })
  @ApiCreatedResponse({ type: ClientInformationDto })
  @ApiBadRequestResponse(REFUSED)
  @ApiUnauthorizedResponse({ type: Oauth2ErrorDto, description: 'invalid_token: a bad initial access token' })
  @ApiNotFoundResponse(DISABLED)
  @ApiOauth2TooManyRequests('RATE_LIMIT_REGISTRATION', 'registrations (RFC 7591 §3)')
  register(@Req() request: AppRequest): Promise<ClientInformationDto> {
    return this.registrations.register(request);
  }

  @Get(':client_id')
  @ProtocolDoor('oauth2-client')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: "Read the client's registration (RFC 7592 §2.1), with its registration access token" })
  @ApiBearerAuth('registration-access-token')
  @ApiParam({ name: 'client_id' })
  @ApiOkResponse({ type: ClientInformationDto })
  @ApiUnauthorizedResponse(NOT_THIS_CLIENT)
  @ApiNotFoundResponse(DISABLED)
  read(@Req() request: AppRequest, @Param('client_id') clientId: string): Promise<ClientInformationDto> {
    return this.registrations.read(request, clientId);
  }

  @Put(':client_id')
  @ProtocolDoor('oauth2-client')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Update the registration (RFC 7592 §2.2): only the metadata as registered is accepted, since a change would ' +
      'skip review; register a new client instead',
  })
  @ApiBearerAuth('registration-access-token')
  @ApiParam({ name: 'client_id' })
  @ApiBody({ type: ClientMetadataDto })
  @ApiOkResponse({ type: ClientInformationDto })
  @ApiBadRequestResponse(REFUSED)
  @ApiUnauthorizedResponse(NOT_THIS_CLIENT)
  @ApiNotFoundResponse(DISABLED)
  update(@Req() request: AppRequest, @Param('client_id') clientId: string): Promise<ClientInformationDto> {
    return this.registrations.update(request, clientId);
  }

  @Delete(':client_id')
  @ProtocolDoor('oauth2-client')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete the registration (RFC 7592 §2.3): the consumer is disabled, audited' })
  @ApiBearerAuth('registration-access-token')
  @ApiParam({ name: 'client_id' })
  @ApiNoContentResponse({ description: 'The client is disabled and its registration access token is dead' })
  @ApiUnauthorizedResponse(NOT_THIS_CLIENT)
  @ApiNotFoundResponse(DISABLED)
  remove(@Req() request: AppRequest, @Param('client_id') clientId: string): Promise<void> {
    return this.registrations.remove(request, clientId);
  }
}
