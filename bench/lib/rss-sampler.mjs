// Samples the resident memory of the bench's server processes every 250 ms for the whole bench, so the report can
// give each one's peak (the target is on the service's).
/* global setInterval, clearInterval */
import { rssKiB } from './proc-stat.mjs';

const INTERVAL_MS = 250;

export class RssSampler {
  #watched = new Map();
  #timer;

  /** Starts sampling `pid` under `name`. */
  watch(name, pid) {
    this.#watched.set(name, { pid, maxKiB: 0, samples: 0 });
    this.#timer ??= setInterval(() => this.sample(), INTERVAL_MS);
    this.#timer.unref();
    this.sample();
  }

  sample() {
    for (const entry of this.#watched.values()) {
      const kib = rssKiB(entry.pid);
      if (kib !== undefined) {
        entry.maxKiB = Math.max(entry.maxKiB, kib);
        entry.samples += 1;
      }
    }
  }

  /** The peak of each watched process, in MiB, and how many samples it rests on; sampling stops. */
  stop() {
    this.sample();
    clearInterval(this.#timer);
    this.#timer = undefined;
    return Object.fromEntries(
      [...this.#watched].map(([name, { maxKiB, samples }]) => [name, { maxMiB: maxKiB / 1024, samples }]),
    );
  }
}
