import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { Right } from '../common/auth/rights';
import { ConsumerQueryService } from './consumer-query.service';
import { MyConsumersQueryDto } from './dto/consumer-queries.dto';
import { ConsumerPageDto } from './dto/consumer.dto';
import { stageFilter } from './stage-filter';

@ApiTags('me')
@Controller('api/me/consumers')
export class MyConsumersController {
  constructor(private readonly query: ConsumerQueryService) {}

  @Get()
  @Authorize({ rights: [Right.UpdateOwnConsumer] })
  @ApiOkResponse({ type: ConsumerPageDto, description: 'The consumers you registered, newest first' })
  list(@CurrentAuth() auth: AuthContext, @Query() query: MyConsumersQueryDto): Promise<ConsumerPageDto> {
    return this.query.list(auth, {
      ownerId: auth.userId,
      stages: stageFilter(query.stage ?? 'any'),
      limit: query.limit ?? 20,
      cursor: query.cursor === undefined ? undefined : Number(query.cursor),
    });
  }
}
