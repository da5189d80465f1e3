import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseFilters } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiOkResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context';
import { Authorize } from '../../common/auth/authorize.decorator';
import { CurrentAuth } from '../../common/auth/current-auth.decorator';
import { Right } from '../../common/auth/rights';
import { RETRY_AFTER_HEADER, RateLimit } from '../../common/rate-limits/rate-limit.decorator';
import {
  ClientCredentialsDto,
  ClientKeyParamDto,
  ClientListDto,
  ListClientsQueryDto,
  RegisterClientDto,
  ResetClientSecretDto,
} from './client-registration.dto';
import { ClientRegistrationService } from './client-registration.service';
import { MediaWikiRestExceptionFilter } from './mediawiki-rest-exception.filter';
import { OAUTH2_PREFIXES } from '../oauth2-paths';

@ApiTags('oauth2: client self-service (MediaWiki REST)')
@Controller(OAUTH2_PREFIXES)
@UseFilters(MediaWikiRestExceptionFilter)
export class ClientRegistrationController {
  constructor(private readonly clients: ClientRegistrationService) {}

  @Post('client')
  @Authorize({ rights: [Right.ProposeConsumer] })
  @RateLimit('registration')
  @ApiTooManyRequestsResponse({
    description:
      'Too many registrations from this address (RATE_LIMIT_REGISTRATION), as a MediaWiki REST error ' +
      '(errorKey rate_limited)',
    headers: RETRY_AFTER_HEADER,
  })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ClientCredentialsDto, description: 'The client is proposed; its secret is shown only now' })
  @ApiBadRequestResponse({
    description: 'MediaWiki REST error: { messageTranslations, errorKey, httpCode, httpReason }',
  })
  register(@CurrentAuth() auth: AuthContext, @Body() dto: RegisterClientDto): Promise<ClientCredentialsDto> {
    return this.clients.register(auth, dto);
  }

  @Get(['client', 'consumers'])
  @Authorize({ rights: [Right.UpdateOwnConsumer] })
  @ApiOkResponse({ type: ClientListDto, description: "The caller's clients, newest first" })
  list(@CurrentAuth() auth: AuthContext, @Query() query: ListClientsQueryDto): Promise<ClientListDto> {
    return this.clients.list(auth, query);
  }

  @Post('client/:client_key/reset_secret')
  @Authorize({ rights: [Right.UpdateOwnConsumer] })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ClientCredentialsDto, description: 'The new secret, shown only now' })
  @ApiBadRequestResponse({ description: 'Unknown client, or not yours' })
  @ApiUnauthorizedResponse({ description: 'The client is suppressed' })
  resetSecret(
    @CurrentAuth() auth: AuthContext,
    @Param() { client_key }: ClientKeyParamDto,
    @Body() dto: ResetClientSecretDto,
  ): Promise<ClientCredentialsDto> {
    return this.clients.resetSecret(auth, client_key, dto.reason);
  }
}
