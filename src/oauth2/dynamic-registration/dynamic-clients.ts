import { Injectable } from '@nestjs/common';
import type { Consumer } from '../../consumers/consumer';
import { ConsumerStage } from '../../consumers/consumer-stage';
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

  /**
   * A self-registered client (RFC 7591, or known by its metadata document) that admins have not reviewed yet (issue 23
   * item 3): no door gives it anything before an approval.
   */
  async awaitsReview(consumer: Consumer): Promise<boolean> {
    return consumer.stage === ConsumerStage.Proposed && (await this.originOf(consumer)) === 'review';
  }

  /** The id of the consumer of the client known by the metadata document at `url`, if it was met before. */
  async consumerIdOfDocument(url: string): Promise<number | undefined> {
    return (await this.repository.findClientByUrl(url))?.consumerId;
  }

  /** The https `client_id` of a consumer known by its metadata document, or undefined for any other consumer. */
  async documentUrlOf(consumer: Consumer): Promise<string | undefined> {
    if (consumer.configurationBased || consumer.oauthVersion !== 2 || consumer.oauth2IsConfidential) {
      return undefined;
    }
    return (await this.repository.findClient(consumer.id))?.clientIdUrl ?? undefined;
  }
}
