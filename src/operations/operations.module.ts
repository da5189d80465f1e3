import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';
import { ShutdownState } from './shutdown-state';

/** What operators watch: liveness, readiness (database + cache, and not shutting down) and Prometheus metrics. */
@Module({
  controllers: [HealthController],
  providers: [MetricsService, ReadinessService, ShutdownState],
  exports: [MetricsService, ShutdownState],
})
export class OperationsModule {}
