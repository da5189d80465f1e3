import type { Instance } from './deployment';
import { status } from './processes';

export interface ReadySample {
  instance: string;
  startedAt: number;
  endedAt: number;
  status: number | 'error';
}

/** `/readyz` of each instance asked every 200 ms (each answer bounded by 3 s) until `stop()`. */
export class ReadinessProbe {
  readonly samples: ReadySample[] = [];
  private running = true;
  private readonly loops: Promise<void>[];

  constructor(instances: Instance[]) {
    this.loops = instances.map((instance) => this.loop(instance));
  }

  async stop(): Promise<ReadySample[]> {
    this.running = false;
    await Promise.all(this.loops);
    return this.samples;
  }

  private async loop(instance: Instance): Promise<void> {
    while (this.running) {
      const startedAt = Date.now();
      const answer = await status(`${instance.url}/readyz`, 3000);
      this.samples.push({ instance: instance.name, startedAt, endedAt: Date.now(), status: answer });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
