// Samples the resident memory of the bench's server processes every 250 ms for the whole bench, so the report can
// give each one's peak (the target is on the service's), and the peak within each phase of the bench (start-up,
// a scenario's minting, its runs): which scenarios drive the peak.
/* global setInterval, clearInterval */
import { rssKiB } from './proc-stat.mjs';

const INTERVAL_MS = 250;

export class RssSampler {
  #watched = new Map();
  #timer;
  #phase = 'start-up';

  /** Starts sampling `pid` under `name`. */
  watch(name, pid) {
    this.#watched.set(name, { pid, maxKiB: 0, samples: 0, byPhase: new Map() });
    this.#timer ??= setInterval(() => this.sample(), INTERVAL_MS);
    this.#timer.unref();
    this.sample();
  }

  /** What the bench does from now on: later samples count towards this phase's peak. */
  phase(label) {
    this.sample();
    this.#phase = label;
  }

  sample() {
    for (const entry of this.#watched.values()) {
      const kib = rssKiB(entry.pid);
      if (kib !== undefined) {
        entry.maxKiB = Math.max(entry.maxKiB, kib);
        entry.samples += 1;
        entry.byPhase.set(this.#phase, Math.max(entry.byPhase.get(this.#phase) ?? 0, kib));
      }
    }
  }

  /** The peak of each watched process, in MiB, how many samples it rests on, and its peak per phase; sampling stops. */
  stop() {
    this.sample();
    clearInterval(this.#timer);
    this.#timer = undefined;
    return Object.fromEntries(
      [...this.#watched].map(([name, { maxKiB, samples, byPhase }]) => [
        name,
        {
          maxMiB: maxKiB / 1024,
          samples,
          byPhaseMiB: Object.fromEntries([...byPhase].map(([phase, kib]) => [phase, kib / 1024])),
        },
      ]),
    );
  }
}
