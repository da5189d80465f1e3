import { Injectable, Logger } from '@nestjs/common';
import { TemporaryStore } from '../cache/temporary-store';
import { DatabaseHealthService } from '../database/database-health.service';
import type { ReadinessDto } from './health.dto';
import { MetricsService } from './metrics.service';
import { ShutdownState } from './shutdown-state';

/**
 * Ready means both stores answer now and the process is not shutting down; each check is bounded so a dead backend
 * yields 503, not a hang. Replicas are reported, in the body and the metrics, but do not make the instance unready:
 * the reads that may lag fall back to the primary when theirs does not answer (database/reads-that-may-lag).
 */
@Injectable()
export class ReadinessService {
  private readonly logger = new Logger(ReadinessService.name);

  constructor(
    private readonly database: DatabaseHealthService,
    private readonly cache: TemporaryStore,
    private readonly shutdown: ShutdownState,
    private readonly metrics: MetricsService,
  ) {}

  async check(): Promise<ReadinessDto> {
    const [database, cache, replicas] = await Promise.all([
      this.probe('database', () => this.database.ping()),
      this.probe('cache', () => this.cache.ping()),
      this.replicas(),
    ]);
    const stores = { database, cache, ...(replicas.length > 0 ? { replicas } : {}) };
    if (this.shutdown.draining) {
      return { status: 'draining', ...stores };
    }
    return { status: database === 'ok' && cache === 'ok' ? 'ok' : 'unavailable', ...stores };
  }

  private async replicas(): Promise<('ok' | 'unavailable')[]> {
    const answered = await this.database.pingReplicas();
    answered.forEach((up, index) => {
      this.metrics.replicaState(index, up);
      if (!up) {
        this.logger.warn(`database replica ${index} is not answering; its reads go to the primary`);
      }
    });
    return answered.map((up) => (up ? 'ok' : 'unavailable'));
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
