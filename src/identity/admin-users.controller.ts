import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Authorize } from '../common/auth/authorize.decorator';
import { Right } from '../common/auth/rights';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
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
