import { Module } from '@nestjs/common';
import { ConsumersModule } from '../consumers/consumers.module';
import { GrantsModule } from '../grants/grants.module';
import { Oauth1Module } from '../oauth1/oauth1.module';
import { OAuth2Module } from '../oauth2/oauth2.module';
import { GatewayDecisionService } from './gateway-decision.service';
import { GatewayDoors } from './gateway-doors';
import { GatewayListener } from './gateway-listener';
import { GatewayController } from './gateway.controller';
import { ResourceGuards } from './resource-guards';

/**
 * The forward-auth decision for API gateways (DESIGN §2, §11): on the main port (its Nest route, and the fast lane
 * in front of Express), and on the optional dedicated `node:http` listener (`GATEWAY_PORT`) with introspection.
 */
@Module({
  imports: [OAuth2Module, Oauth1Module, ConsumersModule, GrantsModule],
  controllers: [GatewayController],
  providers: [GatewayDecisionService, ResourceGuards, GatewayDoors, GatewayListener],
  exports: [GatewayDoors],
})
export class GatewayModule {}
