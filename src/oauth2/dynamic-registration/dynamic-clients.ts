import { Injectable } from '@nestjs/common';
import type { Consumer } from '../../consumers/consumer';
import type { DynamicClientOrigin } from './dynamic-client.entity';
import { DynamicRegistrationRepository } from './dynamic-registration.repository';

/** What the authorization endpoint and the consent page need to know of a client that registered itself. */
@Injectable()
export class DynamicClients {
  constructor(private readonly repository: DynamicRegistrationRepository) {}

  /** How the client came, or undefined for a consumer people registered. */
  async originOf(consumer: Consumer): Promise<DynamicClientOrigin | undefined> {
    if (consumer.configurationBased || consumer.oauthVersion !== 2) {
      return undefined;
    }
    return (await this.repository.findClient(consumer.id))?.origin;
  }
}
