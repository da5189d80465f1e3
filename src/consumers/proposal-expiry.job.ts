import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { RUN_MODE, type RunMode } from '../config/run-mode';
import { ConsumerLifecycleService } from './consumer-lifecycle.service';

/** MediaWiki expires idle proposals lazily on list views; here the scheduler does it, hourly and at start-up. */
export const EXPIRY_INTERVAL_MS = 60 * 60 * 1000;

@Injectable()
export class ProposalExpiryJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(ProposalExpiryJob.name);

  constructor(
    private readonly lifecycle: ConsumerLifecycleService,
    @Inject(RUN_MODE) private readonly mode: RunMode,
  ) {}

  onApplicationBootstrap(): void {
    if (this.mode === 'service') {
      this.run();
    }
  }

  @Interval('proposal-expiry', EXPIRY_INTERVAL_MS)
  private run(): void {
    this.lifecycle
      .expireIdleProposals()
      .catch((error: unknown) => this.logger.error({ err: error }, 'proposal expiry failed'));
  }
}
