import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { Right } from '../common/auth/rights';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { AccountSessions } from './account-sessions.service';
import { ResetPasswordDto } from './dto/password.dto';
import { BlockUserDto, EndedSessionsDto } from './dto/session.dto';
import { IdentityErrorCode, IdentityException } from './identity.exception';
import { CreateUserDto, GroupDto, SetGroupsDto, UserDto, UserIdParamDto } from './dto/user.dto';
import { IdentityService } from './identity.service';

@ApiTags('admin: users')
@Controller('api/admin')
export class AdminUsersController {
  constructor(
    private readonly identity: IdentityService,
    private readonly sessions: AccountSessions,
  ) {}

  @Post('users')
  @Authorize({ rights: [Right.UserRights] })
  @ApiCreatedResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Invalid fields or an unknown group' })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'A user with that name exists (user_exists), or one that looks like it (user_name_confusable)',
  })
  async create(@Body() dto: CreateUserDto): Promise<UserDto> {
    return UserDto.of(await this.identity.register(dto));
  }

  @Post('users/:id/password')
  @Authorize({ rights: [Right.UserRights] })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: UserDto, description: 'Reset: every session of the user ended, a new password is due' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'The password does not meet the policy (weak_password)' })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async resetPassword(
    @CurrentAuth() auth: AuthContext,
    @Param() { id }: UserIdParamDto,
    @Body() dto: ResetPasswordDto,
  ): Promise<UserDto> {
    return UserDto.of(await this.identity.resetPassword(auth.userId, Number(id), dto.password));
  }

  @Post('users/:id/sessions/end')
  @Authorize({ rights: [Right.UserRights] })
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: EndedSessionsDto, description: 'Every session of the user ended (audited)' })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async endSessions(@CurrentAuth() auth: AuthContext, @Param() { id }: UserIdParamDto): Promise<EndedSessionsDto> {
    const user = await this.identity.findProfile(Number(id));
    if (!user) {
      throw new IdentityException(IdentityErrorCode.UserNotFound, `There is no user with id ${id}`);
    }
    return { ended: await this.sessions.endAll(auth.userId, user.id) };
  }

  @Put('users/:id/block')
  @Authorize({ rights: [Right.Block] })
  @ApiOkResponse({
    type: UserDto,
    description: 'Blocked or unblocked (audited); a blocked account acts nowhere and its tokens stop at once',
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async block(
    @CurrentAuth() auth: AuthContext,
    @Param() { id }: UserIdParamDto,
    @Body() dto: BlockUserDto,
  ): Promise<UserDto> {
    return UserDto.of(await this.identity.setBlocked(auth.userId, Number(id), dto.blocked, dto.reason));
  }

  @Put('users/:id/groups')
  @Authorize({ rights: [Right.UserRights] })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'Unknown group' })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async setGroups(@Param() { id }: UserIdParamDto, @Body() dto: SetGroupsDto): Promise<UserDto> {
    return UserDto.of(await this.identity.setGroups(Number(id), dto.groups));
  }

  @Get('groups')
  @Authorize({ rights: [Right.UserRights] })
  @ApiOkResponse({ type: [GroupDto], description: 'Every group and the rights it brings' })
  groups(): GroupDto[] {
    return this.identity.groups();
  }
}
