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
import { ResetPasswordDto } from './dto/password.dto';
import { CreateUserDto, GroupDto, SetGroupsDto, UserDto, UserIdParamDto } from './dto/user.dto';
import { IdentityService } from './identity.service';

@ApiTags('admin: users')
@Controller('api/admin')
export class AdminUsersController {
  constructor(private readonly identity: IdentityService) {}

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
