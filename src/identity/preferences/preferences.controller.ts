import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../../common/auth/auth-context';
import { Authorize } from '../../common/auth/authorize.decorator';
import { CurrentAuth } from '../../common/auth/current-auth.decorator';
import { Right } from '../../common/auth/rights';
import { ErrorBodyDto } from '../../common/errors/error-body.dto';
import { PreferencesDto } from '../dto/preferences.dto';
import { PreferencesService } from './preferences.service';

/** The caller's own preferences (MediaWiki: meta=userinfo&uiprop=options, action=options). */
@ApiTags('me')
@Controller('api/me/preferences')
export class PreferencesController {
  constructor(private readonly preferences: PreferencesService) {}

  @Get()
  @Authorize({ rights: [Right.Read] })
  @ApiOkResponse({ type: PreferencesDto })
  async get(@CurrentAuth() auth: AuthContext): Promise<PreferencesDto> {
    return PreferencesDto.of(await this.preferences.get(auth.userId));
  }

  @Put()
  @Authorize({ rights: [Right.EditMyOptions] })
  @ApiOkResponse({ type: PreferencesDto, description: 'The preferences as saved' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Unsupported language, unknown time zone or gender' })
  async replace(@CurrentAuth() auth: AuthContext, @Body() body: PreferencesDto): Promise<PreferencesDto> {
    return PreferencesDto.of(await this.preferences.replace(auth.userId, body));
  }
}
