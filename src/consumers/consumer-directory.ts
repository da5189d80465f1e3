import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { Consumer } from './consumer';
import { type ConsumerFilter, ConsumerRepository } from './consumer.repository';
import { loadStaticConsumers } from './static-consumers';

/**
 * Every consumer, from configuration first and then from the database (MediaWiki's composite repository), so
 * first-party apps are found through the same calls as registered ones.
 */
@Injectable()
export class ConsumerDirectory {
  private readonly configured: Consumer[];

  constructor(
    private readonly database: ConsumerRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.configured = loadStaticConsumers(config.files.staticApps, `${config.http.publicUrl}/oauth1/verified`);
  }

  async findByKey(key: string): Promise<Consumer | undefined> {
    return this.configured.find((consumer) => consumer.key === key) ?? (await this.database.findByKey(key));
  }

  async findByIds(ids: number[]): Promise<Consumer[]> {
    const fromConfig = this.configured.filter((consumer) => ids.includes(consumer.id));
    const rest = ids.filter((id) => !fromConfig.some((consumer) => consumer.id === id));
    return [...fromConfig, ...(await this.database.findByIds(rest))];
  }

  /** Configured apps lead the first page; the cursor then walks the database, newest first. */
  async list(filter: ConsumerFilter): Promise<Consumer[]> {
    const fromConfig =
      filter.beforeId === undefined
        ? this.configured.filter(
            (consumer) =>
              (filter.name === undefined || consumer.name === filter.name) &&
              (filter.ownerId === undefined || consumer.ownerId === filter.ownerId) &&
              (filter.stages === undefined || filter.stages.includes(consumer.stage)),
          )
        : [];
    return [...fromConfig, ...(await this.database.list(filter))];
  }
}
