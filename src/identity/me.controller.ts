import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { Right } from '../common/auth/rights';
import { MeDto } from './dto/user.dto';
import { IdentityService } from './identity.service';

@ApiTags('me')
@Controller('api/me')
export class MeController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  @Authorize({ rights: [Right.Read] })
  @ApiOkResponse({ type: MeDto, description: 'The caller, with the rights in force for this request' })
  async me(@CurrentAuth() auth: AuthContext): Promise<MeDto> {
    return MeDto.of(await this.identity.callerProfile(auth));
  }
}
