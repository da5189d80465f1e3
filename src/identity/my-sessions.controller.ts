import { Controller, Delete, Get, HttpCode, HttpStatus, Param } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { AccountSessions } from './account-sessions.service';
import { EndedSessionsDto, SessionDto, SessionIdParamDto } from './dto/session.dto';
import { IdentityErrorCode, IdentityException } from './identity.exception';

/** The signed-in person's own sessions, with a cookie session only: a token cannot see or end them. */
@ApiTags('me')
@Controller('api/me/sessions')
export class MySessionsController {
  constructor(private readonly sessions: AccountSessions) {}

  @Get()
  @Authorize({ sessionOnly: true })
  @ApiOkResponse({ type: [SessionDto], description: 'Live sessions, most recently used first' })
  async list(@CurrentAuth() auth: AuthContext): Promise<SessionDto[]> {
    return (await this.sessions.list(auth.userId)).map((session) => SessionDto.of(session, auth.session?.sid));
  }

  @Delete()
  @Authorize({ sessionOnly: true })
  @ApiOkResponse({ type: EndedSessionsDto, description: 'Every session but this one ended' })
  async endOthers(@CurrentAuth() auth: AuthContext): Promise<EndedSessionsDto> {
    return { ended: await this.sessions.endOthers(auth.userId, auth.session?.sid ?? '') };
  }

  @Delete(':sid')
  @Authorize({ sessionOnly: true })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Ended (ending the current one signs out)' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'No live session of yours has this id' })
  async end(@CurrentAuth() auth: AuthContext, @Param() { sid }: SessionIdParamDto): Promise<void> {
    if (!(await this.sessions.end(auth.userId, sid))) {
      throw new IdentityException(IdentityErrorCode.SessionNotFound, 'You have no live session with this id');
    }
  }
}
