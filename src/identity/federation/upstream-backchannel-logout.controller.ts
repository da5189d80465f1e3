import { Body, Controller, Header, HttpCode, HttpStatus, Param, Post, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../common/auth/authorize.decorator';
import { BackchannelLogoutDto } from '../dto/backchannel-logout.dto';
import { BackchannelLogoutExceptionFilter } from './backchannel-logout-exception.filter';
import { UpstreamLogoutReceiver } from './upstream-logout';

/**
 * Where an upstream OpenID Provider sends its logout tokens (Back-Channel Logout 1.0 §2.5): registered there as the
 * client's `backchannel_logout_uri`, one per provider beside its sign-in callback. The token authenticates the
 * caller (it is signed by the provider), so the route is public. 200 with no body when the logout is done (§2.8).
 */
@ApiExcludeController()
@Controller('login/upstream')
@UseFilters(BackchannelLogoutExceptionFilter)
export class UpstreamBackchannelLogoutController {
  constructor(private readonly receiver: UpstreamLogoutReceiver) {}

  @Post(':name/backchannel-logout')
  @Public()
  @HttpCode(HttpStatus.OK)
  @Header('Cache-Control', 'no-store')
  async logout(@Param('name') name: string, @Body() body: BackchannelLogoutDto): Promise<void> {
    await this.receiver.receive(name, body.logout_token);
  }
}
