import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth/auth-context';
import { Public } from '../common/auth/authorize.decorator';
import { CurrentAuth } from '../common/auth/current-auth.decorator';
import { ErrorBodyDto } from '../common/errors/error-body.dto';
import { ConsumerQueryService } from '../consumers/consumer-query.service';
import { LogPageDto } from '../consumers/dto/log.dto';
import { LogQueryDto } from './dto/admin-queries.dto';

/** The consumer log is public as in MediaWiki, minus what suppression and privacy hide. */
@ApiTags('log')
@Controller('api/log')
export class LogController {
  constructor(private readonly query: ConsumerQueryService) {}

  @Get()
  @Public()
  @ApiOkResponse({ type: LogPageDto, description: 'Newest first' })
  @ApiNotFoundResponse({ type: ErrorBodyDto, description: 'Unknown (or hidden) consumer' })
  list(@CurrentAuth() auth: AuthContext | undefined, @Query() query: LogQueryDto): Promise<LogPageDto> {
    return this.query.logEntries(
      auth,
      query.consumer,
      query.limit ?? 50,
      query.cursor === undefined ? undefined : Number(query.cursor),
    );
  }
}
