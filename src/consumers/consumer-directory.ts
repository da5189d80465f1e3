import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { CredentialCache } from '../cache/credential-cache';
import { InvalidationBus } from '../cache/invalidation-bus';
import { GrantCatalogue } from '../grants/grant-catalogue';
import type { Consumer } from './consumer';
import { ConsumerStage } from './consumer-stage';
import { type ConsumerFilter, ConsumerRepository } from './consumer.repository';
import { checkStaticConsumer, loadStaticConsumers } from './static-consumers';

const CACHE_TTL_MS = 60_000;
const CACHE_MAX_ENTRIES = 10_000;

/**
 * Every consumer, from configuration first and then from the database (MediaWiki's composite repository), so
 * first-party apps are found through the same calls as registered ones.
 */
@Injectable()
export class ConsumerDirectory implements OnApplicationBootstrap {
  private readonly configured: Consumer[];
  /** Token and gateway requests look their consumer up every time; changes drop it through the bus. */
  private readonly byKey: CredentialCache<Consumer>;

  constructor(
    private readonly database: ConsumerRepository,
    grants: GrantCatalogue,
    invalidations: InvalidationBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.byKey = new CredentialCache(invalidations, CACHE_MAX_ENTRIES);
    this.configured = loadStaticConsumers(config.files.staticApps, `${config.http.publicUrl}/oauth1/verified`).map(
      (consumer) => checkStaticConsumer(consumer, grants, config.oauth2.enabledGrantTypes),
    );
  }

  /** Runs after the bootstrap admin exists, since the placeholder rows name the apps' owners. */
  async onApplicationBootstrap(): Promise<void> {
    for (const consumer of this.configured) {
      await this.database.reserveForConfiguration(consumer, new Date());
    }
  }

  async findByKey(key: string): Promise<Consumer | undefined> {
    const cached = this.byKey.get(key);
    if (cached) {
      return cached;
    }
    const write = this.byKey.begin(key);
    const consumer = this.configured.find((candidate) => candidate.key === key) ?? (await this.database.findByKey(key));
    if (!consumer || !isServed(consumer)) {
      return undefined;
    }
    write.set(consumer, { consumerId: consumer.id }, Date.now() + CACHE_TTL_MS);
    return consumer;
  }

  async findByIds(ids: number[]): Promise<Consumer[]> {
    const fromConfig = this.configured.filter((consumer) => ids.includes(consumer.id));
    const rest = ids.filter((id) => !fromConfig.some((consumer) => consumer.id === id));
    return [...fromConfig, ...(await this.database.findByIds(rest)).filter(isServed)];
  }

  /** Newest (highest id) first across both sources, `limit` at most, then on from the cursor. */
  async list(filter: ConsumerFilter): Promise<Consumer[]> {
    const fromConfig = this.configured.filter(
      (consumer) =>
        (filter.beforeId === undefined || consumer.id < filter.beforeId) &&
        (filter.name === undefined || consumer.name === filter.name) &&
        (filter.ownerId === undefined || consumer.ownerId === filter.ownerId) &&
        (filter.stages === undefined || filter.stages.includes(consumer.stage)),
    );
    const fromDatabase = await this.database.list(filter);
    return [...fromConfig, ...fromDatabase].sort((a, b) => b.id - a.id).slice(0, filter.limit);
  }

  /** Consumers per stage across both sources, counted as `list` would find them. */
  async countByStage(includeSuppressed: boolean): Promise<Map<ConsumerStage, number>> {
    const counts = await this.database.countByStage(includeSuppressed);
    for (const consumer of this.configured) {
      counts.set(consumer.stage, (counts.get(consumer.stage) ?? 0) + 1);
    }
    return counts;
  }
}

/** A placeholder row whose app left the configuration stays reserved but is served to nobody. */
function isServed(consumer: Consumer): boolean {
  return consumer.stage !== ConsumerStage.Configuration;
}
