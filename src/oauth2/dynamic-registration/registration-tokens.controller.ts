import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context';
import { Authorize } from '../../common/auth/authorize.decorator';
import { CurrentAuth } from '../../common/auth/current-auth.decorator';
import { Right } from '../../common/auth/rights';
import { ErrorBodyDto } from '../../common/errors/error-body.dto';
import { InitialAccessTokenDto, IssueInitialAccessTokenDto } from './dynamic-registration.dto';
import { InitialAccessTokens } from './initial-access-tokens';

/** Initial access tokens (RFC 7591 §3) for admins: each lets one client register approved, with its grants. */
@ApiTags('admin: dynamic client registration')
@Controller('api/admin/registration-tokens')
export class RegistrationTokensController {
  constructor(private readonly tokens: InitialAccessTokens) {}

  @Post()
  @Authorize({ rights: [Right.ManageConsumer] })
  @HttpCode(HttpStatus.CREATED)
  @ApiCreatedResponse({ type: InitialAccessTokenDto, description: 'The token, shown only now' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'validation_failed: unknown grants, a bad lifetime' })
  issue(@CurrentAuth() auth: AuthContext, @Body() dto: IssueInitialAccessTokenDto): Promise<InitialAccessTokenDto> {
    return this.tokens.issue(dto.grants, dto.note, auth.userName, dto.expires_in);
  }
}
