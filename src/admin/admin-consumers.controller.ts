import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { Right } from '../common/auth/rights';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { ConsumerLifecycleService } from '../consumers/consumer-lifecycle.service';
import { ConsumerQueryService } from '../consumers/consumer-query.service';
import { AdminActionDto, AdminActionParamDto } from '../consumers/dto/admin-action.dto';
import { ConsumerPageDto, ConsumerResultDto } from '../consumers/dto/consumer.dto';
import { stageFilter } from '../consumers/stage-filter';
import { ReviewQueueQueryDto } from './dto/admin-queries.dto';

@ApiTags('admin: consumers')
@Controller('api/admin/consumers')
export class AdminConsumersController {
  constructor(
    private readonly lifecycle: ConsumerLifecycleService,
    private readonly query: ConsumerQueryService,
  ) {}

  @Get()
  @Authorize({ rights: [Right.ManageConsumer] })
  @ApiOkResponse({ type: ConsumerPageDto, description: 'The review queue (proposed by default), newest first' })
  queue(@CurrentAuth() auth: AuthContext, @Query() query: ReviewQueueQueryDto): Promise<ConsumerPageDto> {
    return this.query.list(auth, {
      stages: stageFilter(query.stage ?? 'proposed'),
      limit: query.limit ?? 20,
      cursor: query.cursor === undefined ? undefined : Number(query.cursor),
    });
  }

  @Post(':consumerKey/:action')
  @Authorize({ rights: [Right.ManageConsumer] })
  @HttpCode(HttpStatus.OK)
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag read; 412 if the consumer changed since' })
  @ApiOkResponse({ type: ConsumerResultDto, description: 'approve, reject, disable or reenable, with a reason' })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({
    type: ErrorBodyDto,
    description: 'not_proposed, not_approved, not_disabled, configuration_based',
  })
  @ApiPreconditionFailedResponse({ type: ErrorBodyDto, description: 'Changed since the ETag sent in If-Match' })
  async act(
    @CurrentAuth() auth: AuthContext,
    @Param() { consumerKey, action }: AdminActionParamDto,
    @Body() dto: AdminActionDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ConsumerResultDto> {
    const consumer = await this.lifecycle.act(auth, consumerKey, action, dto.reason, dto.suppress ?? false, ifMatch);
    return { consumer: await this.query.view(consumer, auth) };
  }
}
