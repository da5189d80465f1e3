import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/authorize.decorator';
import { JwksDto } from './jwks.dto';
import { SigningKeys } from './signing-keys.service';

@ApiTags('oauth2: discovery')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOkResponse({ type: JwksDto, description: 'The public keys OAuth 2 access tokens are signed with (RFC 7517)' })
  jwks(): JwksDto {
    return this.keys.jwks() as JwksDto;
  }
}
