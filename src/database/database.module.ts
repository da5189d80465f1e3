import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DatabaseHealthService } from './database-health.service';
import { dataSourceOptions } from './data-source-options';
import { JobLeaseEntity } from './job-lease.entity';
import { JobLeaseRepository } from './job-lease.repository';
import { ScheduledPurge } from './scheduled-purge.service';

/**
 * The TypeORM connection; pending migrations run at start-up before anything serves requests. Also the scheduled
 * purge the modules that own dead rows run their deletes through.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config),
        autoLoadEntities: true,
        migrationsRun: true,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
    TypeOrmModule.forFeature([JobLeaseEntity]),
  ],
  providers: [DatabaseHealthService, JobLeaseRepository, ScheduledPurge],
  exports: [DatabaseHealthService, ScheduledPurge, JobLeaseRepository],
})
export class DatabaseModule {}
