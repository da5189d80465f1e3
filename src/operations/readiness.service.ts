import { Injectable, Logger } from '@nestjs/common';
import { TemporaryStore } from '../cache/temporary-store';
import { DatabaseHealthService } from '../database/database-health.service';
import type { ReadinessDto } from './health.dto';
import { ShutdownState } from './shutdown-state';

/**
 * Ready means both stores answer now and the process is not shutting down; each check is bounded so a dead backend
 * yields 503, not a hang.
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger(ReadinessService.name);

  constructor(
    private readonly database: DatabaseHealthService,
    private readonly cache: TemporaryStore,
    private readonly shutdown: ShutdownState,
  ) {}

  async check(): Promise<ReadinessDto> {
    const [database, cache] = await Promise.all([
      this.probe('database', () => this.database.ping()),
      this.probe('cache', () => this.cache.ping()),
    ]);
    if (this.shutdown.draining) {
      return { status: 'draining', database, cache };
    }
    return { status: database === 'ok' && cache === 'ok' ? 'ok' : 'unavailable', database, cache };
  }

  private async probe(name: string, ping: () => Promise<void>): Promise<'ok' | 'unavailable'> {
    try {
      await ping();
      return 'ok';
    } catch (error) {
      this.logger.warn({ err: error }, `${name} is not answering`);
      return 'unavailable';
    }
  }
}
