import { Controller, Get, Header, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../common/auth/authorize.decorator';
import { HealthDto, ReadinessDto } from './health.dto';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('healthz')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: HealthDto, description: 'The process is alive' })
  health(): HealthDto {
    return { status: 'ok' };
  }

  @Get('readyz')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: ReadinessDto, description: 'Database and cache answer' })
  @ApiServiceUnavailableResponse({
    type: ReadinessDto,
    description: 'The database or the cache does not answer, or the process is shutting down',
  })
  async ready(@Res({ passthrough: true }) response: Response): Promise<ReadinessDto> {
    const report = await this.readiness.check();
    response.status(report.status === 'ok' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get('metrics')
  @Public()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'Prometheus text exposition format', schema: { type: 'string' } })
  metricsText(): Promise<string> {
    return this.metrics.render();
  }
}
