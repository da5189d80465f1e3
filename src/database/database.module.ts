import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RUN_MODE, type RunMode } from '../config/run-mode';
import { DatabaseHealthService } from './database-health.service';
import { dataSourceOptions } from './data-source-options';
import { JobLeaseEntity } from './job-lease.entity';
import { JobLeaseRepository } from './job-lease.repository';
import { QueryTimeout } from './query-timeout';
import { ScheduledPurge } from './scheduled-purge.service';
import { Transactions } from './transactions';
import { WalCheckpointer } from './wal-checkpointer.service';

/**
 * The TypeORM connection; pending migrations run when the service starts, before anything serves requests. Also the scheduled
 * purge the modules that own dead rows run their deletes through, SQLite's WAL checkpoints off the event loop, and the
 * transactions of every module (`Transactions`).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG, RUN_MODE],
      useFactory: (config: AppConfig, mode: RunMode) => ({
        ...dataSourceOptions(config),
        autoLoadEntities: true,
        // An operator command works on the schema as it is; changing it is `migrations:run`'s job.
        migrationsRun: mode === 'service',
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
    TypeOrmModule.forFeature([JobLeaseEntity]),
  ],
  providers: [DatabaseHealthService, JobLeaseRepository, ScheduledPurge, QueryTimeout, WalCheckpointer, Transactions],
  exports: [DatabaseHealthService, ScheduledPurge, JobLeaseRepository, Transactions],
})
export class DatabaseModule {}
