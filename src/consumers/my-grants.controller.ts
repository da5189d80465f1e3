import { Controller, Delete, Get, HttpCode, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { Right } from '../common/auth/rights';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { AcceptanceIdParamDto, AuthorizationDto, MyGrantsQueryDto } from './dto/my-grants.dto';
import { MyGrantsService } from './my-grants.service';

@ApiTags('me')
@Controller('api/me/grants')
export class MyGrantsController {
  constructor(private readonly grants: MyGrantsService) {}

  @Get()
  @Authorize({ rights: [Right.ManageMyGrants] })
  @ApiOkResponse({ type: [AuthorizationDto], description: 'The consumers you authorized, newest first' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: MyGrantsQueryDto): Promise<AuthorizationDto[]> {
    return this.grants.list(auth, query.user);
  }

  @Delete(':id')
  @Authorize({ rights: [Right.ManageMyGrants] })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Revoked; every token issued under it stops working' })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  revoke(@CurrentAuth() auth: AuthContext, @Param() { id }: AcceptanceIdParamDto): Promise<void> {
    return this.grants.revoke(auth, Number(id));
  }
}
