import { Body, Controller, Get, Headers, Param, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthContext } from '../common/auth/auth-context';
import { Authorize, Public } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { Right } from '../common/auth/rights';
import { RateLimit } from '../common/rate-limits/rate-limit.decorator';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { ConsumerLifecycleService } from './consumer-lifecycle.service';
import { ConsumerQueryService } from './consumer-query.service';
import { ConsumerRegistrationService } from './consumer-registration.service';
import { stageFilter } from './stage-filter';
import { ConsumerKeyParamDto, ListConsumersQueryDto } from './dto/consumer-queries.dto';
import { ConsumerDto, ConsumerPageDto, ConsumerUpdateResultDto, RegistrationDto } from './dto/consumer.dto';
import { ProposeConsumerDto } from './dto/propose-consumer.dto';
import { UpdateConsumerDto } from './dto/update-consumer.dto';

@ApiTags('consumers')
@Controller('api/consumers')
export class ConsumersController {
  constructor(
    private readonly registration: ConsumerRegistrationService,
    private readonly lifecycle: ConsumerLifecycleService,
    private readonly query: ConsumerQueryService,
  ) {}

  @Post()
  @Authorize({ rights: [Right.ProposeConsumer] })
  @RateLimit('registration', ErrorBodyDto)
  @ApiCreatedResponse({ type: RegistrationDto, description: 'Proposed (or, owner-only, approved at once)' })
  @ApiBadRequestResponse({ type: ErrorBodyDto, description: 'A field breaks a rule; the code names which' })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'consumer_exists or version_not_higher' })
  @ApiServiceUnavailableResponse({ type: ErrorBodyDto, description: 'OAUTH_READ_ONLY is set' })
  async propose(@CurrentAuth() auth: AuthContext, @Body() dto: ProposeConsumerDto): Promise<RegistrationDto> {
    const registration = await this.registration.propose(auth, dto);
    return { ...registration, consumer: await this.query.view(registration.consumer, auth) };
  }

  @Get()
  @Public()
  @ApiOkResponse({
    type: ConsumerPageDto,
    description: 'Newest first; suppressed ones only with mwoauthviewsuppressed',
  })
  list(@CurrentAuth() auth: AuthContext | undefined, @Query() query: ListConsumersQueryDto): Promise<ConsumerPageDto> {
    return this.query.list(auth, {
      name: query.name,
      publisher: query.publisher,
      stages: stageFilter(query.stage ?? 'approved'),
      limit: query.limit ?? 20,
      cursor: query.cursor === undefined ? undefined : Number(query.cursor),
    });
  }

  @Get(':consumerKey')
  @Public()
  @ApiOkResponse({
    type: ConsumerDto,
    headers: { ETag: { description: 'Send back as If-Match when changing it', schema: { type: 'string' } } },
  })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  async detail(
    @CurrentAuth() auth: AuthContext | undefined,
    @Param() { consumerKey }: ConsumerKeyParamDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConsumerDto> {
    const { consumer, etag } = await this.query.detail(auth, consumerKey);
    response.setHeader('ETag', etag);
    return consumer;
  }

  @Patch(':consumerKey')
  @Authorize({ rights: [Right.UpdateOwnConsumer] })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag read; 412 if the consumer changed since' })
  @ApiOkResponse({ type: ConsumerUpdateResultDto })
  @ApiBadRequestResponse({ type: ErrorBodyDto })
  @ApiNotFoundResponse({ type: ErrorBodyDto })
  @ApiConflictResponse({ type: ErrorBodyDto, description: 'Not updatable in its stage, or managed in configuration' })
  @ApiPreconditionFailedResponse({ type: ErrorBodyDto, description: 'Changed since the ETag sent in If-Match' })
  async update(
    @CurrentAuth() auth: AuthContext,
    @Param() { consumerKey }: ConsumerKeyParamDto,
    @Body() dto: UpdateConsumerDto,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<ConsumerUpdateResultDto> {
    const result = await this.lifecycle.update(auth, consumerKey, dto, ifMatch);
    return { ...result, consumer: await this.query.view(result.consumer, auth) };
  }
}
