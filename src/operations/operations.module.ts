import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsService } from './metrics.service';
import { ReadinessService } from './readiness.service';

/** What operators watch: liveness, readiness (database + cache) and Prometheus metrics. */
@Module({
  controllers: [HealthController],
  providers: [MetricsService, ReadinessService],
  exports: [MetricsService],
})
export class OperationsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
