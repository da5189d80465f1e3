import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/authorize.decorator';
import { JwksDto } from './jwks.dto';
import { JWKS_MAX_AGE_SECONDS } from './signed-token-lifetimes';
import { SigningKeys } from './signing-keys.service';

@ApiTags('oauth2: discovery')
@Controller('.well-known')
export class JwksController {
  constructor(private readonly keys: SigningKeys) {}

  @Get('jwks.json')
  @Public()
  @Header('Cache-Control', `public, max-age=${JWKS_MAX_AGE_SECONDS}`)
  @ApiOkResponse({
    type: JwksDto,
    description:
      'The public keys OAuth 2 access tokens and ID Tokens are signed with (RFC 7517): the signing key first, then keys about to sign and retired keys whose tokens may still be live',
  })
  async jwks(): Promise<JwksDto> {
    await this.keys.settled();
    return this.keys.jwks() as JwksDto;
  }
}
