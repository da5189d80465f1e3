import type { Instance } from './deployment';
import {
  type Answer,
  type LoadCredentials,
  authorizeCode,
  codeFlow,
  exchangeCode,
  isActive,
  refreshTokens,
  transportError,
} from './load';

/** One race: a single-use value sent to two instances at once. */
export interface Race {
  kind: 'code' | 'refresh';
  startedAt: number;
  instances: [string, string];
  statuses: (number | string)[];
  /** For a refresh race: the token both redeemed, and the refresh tokens its 200 answers issued. */
  refresh?: { redeemed: string; issued: string[] };
}

export interface RaceVerdict {
  codeRaces: number;
  refreshRaces: number;
  /** Races whose value was not even obtained (the fault hit the setup through the front). */
  setupsFailed: number;
  /** A code answered with tokens twice (RFC 6749 §4.1.2: a code is used once). */
  codesRedeemedTwice: string[];
  /**
   * A refresh token whose race left more than one live branch (RFC 9700 §4.14.2: rotation keeps one). A retry within
   * the grace period may be answered twice, but only one of the pairs may stay active.
   */
  refreshTokensBranchedTwice: string[];
  /** Races whose liveness could not be read afterwards (introspection failed). */
  unreadable: number;
}

/**
 * Single use across instances, around a fault: round after round, a fresh code (or refresh token) is obtained through
 * the front door, then sent to two different instances at the same moment, straight to their ports so that no load
 * balancer picks the same one twice. The verdict is read after the fault, once the deployment is healthy again.
 */
export class RedemptionRaces {
  readonly races: Race[] = [];
  private setupsFailed = 0;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly credentials: LoadCredentials,
    private readonly front: Instance,
    private readonly instances: Instance[],
  ) {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  async verdict(): Promise<RaceVerdict> {
    const codes = this.races.filter((race) => race.kind === 'code');
    const refreshes = this.races.filter((race) => race.kind === 'refresh');
    const branchedTwice: string[] = [];
    let unreadable = 0;
    for (const race of refreshes) {
      const candidates = race.refresh ? [race.refresh.redeemed, ...race.refresh.issued] : [];
      const live = await Promise.all(candidates.map((token) => isActive(this.credentials, this.front.url, token)));
      if (live.some((answer) => typeof answer === 'number')) {
        unreadable += 1;
      } else if (live.filter((answer) => answer === true).length > 1) {
        branchedTwice.push(describe(race));
      }
    }
    return {
      codeRaces: codes.length,
      refreshRaces: refreshes.length,
      setupsFailed: this.setupsFailed,
      codesRedeemedTwice: codes.filter((race) => race.statuses.filter((s) => s === 200).length > 1).map(describe),
      refreshTokensBranchedTwice: branchedTwice,
      unreadable,
    };
  }

  private async run(): Promise<void> {
    for (let round = 0; this.running; round += 1) {
      const pair: [Instance, Instance] = [
        this.instances[round % this.instances.length],
        this.instances[(round + 1) % this.instances.length],
      ];
      try {
        await (round % 2 === 0 ? this.raceCode(pair) : this.raceRefresh(pair));
      } catch {
        this.setupsFailed += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  private raceCode(pair: [Instance, Instance]): Promise<void> {
    return this.race('code', pair, {
      obtain: async () => {
        const authorized = await authorizeCode(this.credentials, this.front.url);
        return 'code' in authorized ? authorized : undefined;
      },
      redeem: (url, authorized) => exchangeCode(this.credentials, url, authorized),
    });
  }

  private raceRefresh(pair: [Instance, Instance]): Promise<void> {
    return this.race('refresh', pair, {
      obtain: async () => {
        const { answer: granted } = await codeFlow(this.credentials, this.front.url);
        return granted.status === 200 ? refreshTokenOf(granted.body) : undefined;
      },
      redeem: (url, redeemed) => refreshTokens(this.credentials, url, redeemed),
      record: (redeemed, answers) => ({
        refresh: {
          redeemed,
          issued: answers.flatMap((answer) => (answer.status === 200 ? [refreshTokenOf(answer.body)] : [])),
        },
      }),
    });
  }

  /**
   * The one race both kinds run: a value obtained through the front (none: the setup failed), then redeemed at both
   * instances of the pair at the same moment, and recorded with what `record` adds for its kind.
   */
  private async race<T>(kind: Race['kind'], pair: [Instance, Instance], steps: RaceSteps<T>): Promise<void> {
    const value = await steps.obtain();
    if (value === undefined) {
      this.setupsFailed += 1;
      return;
    }
    const startedAt = Date.now();
    const answers = await Promise.all(pair.map((instance) => answerOf(steps.redeem(instance.url, value))));
    this.races.push({
      kind,
      startedAt,
      instances: [pair[0].name, pair[1].name],
      statuses: answers.map((answer) => answer.status),
      ...steps.record?.(value, answers),
    });
  }
}

/** How a race of one kind gets its single-use value, redeems it at an instance, and what its record adds. */
interface RaceSteps<T> {
  obtain: () => Promise<T | undefined>;
  redeem: (url: string, value: T) => Promise<Answer>;
  record?: (value: T, answers: Answered[]) => Pick<Race, 'refresh'>;
}

type Answered = { status: number | string; body: string };

function refreshTokenOf(body: string): string {
  return (JSON.parse(body) as { refresh_token: string }).refresh_token;
}

/** The answer, or the transport error (a refused or cut connection) in its place. */
async function answerOf(sent: Promise<Answer>): Promise<Answered> {
  try {
    return await sent;
  } catch (error) {
    return { status: transportError(error), body: '' };
  }
}

function describe(race: Race): string {
  return `${race.kind} at ${new Date(race.startedAt).toISOString()} on ${race.instances.join('+')}: ${race.statuses.join(', ')}`;
}
