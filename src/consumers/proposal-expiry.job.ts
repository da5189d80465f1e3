import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConsumerLifecycleService } from './consumer-lifecycle.service';

/** MediaWiki expires idle proposals lazily on list views; here a timer does it, hourly and at start-up. */
export const EXPIRY_INTERVAL_MS = 60 * 60 * 1000;

@Injectable()
export class ProposalExpiryJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProposalExpiryJob.name);
  private timer?: NodeJS.Timeout;

  constructor(private readonly lifecycle: ConsumerLifecycleService) {}

  onApplicationBootstrap(): void {
    this.run();
    this.timer = setInterval(() => this.run(), EXPIRY_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  private run(): void {
    this.lifecycle
      .expireIdleProposals()
      .catch((error: unknown) => this.logger.error({ err: error }, 'proposal expiry failed'));
  }
}
