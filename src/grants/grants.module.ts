import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AcceptanceEntity } from './acceptance.entity';
import { AcceptanceRepository } from './acceptance.repository';
import { AcceptanceService } from './acceptance.service';
import { GrantCatalogue } from './grant-catalogue';
import { GrantsController } from './grants.controller';

/** The grant catalogue (`GET /api/grants`) and users' authorizations of consumers. */
@Module({
  imports: [TypeOrmModule.forFeature([AcceptanceEntity])],
  controllers: [GrantsController],
  providers: [GrantCatalogue, AcceptanceRepository, AcceptanceService],
  exports: [GrantCatalogue, AcceptanceService],
})
export class GrantsModule {}
