import { Inject, Injectable } from '@nestjs/common';
import { TemporaryStore } from '../../cache/temporary-store';
import { randomHex, sha256Hex } from '../../common/crypto/crypto';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { generateUserCode } from './user-code';

/** DESIGN §6: codes are 80 hex (RFC 8628 §5.2: high entropy, since a device code is a bearer credential). */
const DEVICE_CODE = /^[0-9a-f]{80}$/;
/** A fresh user code that collides with a live one is drawn again; 20^8 codes make a second collision unheard of. */
const USER_CODE_ATTEMPTS = 5;
/** RFC 8628 §3.5: each `slow_down` adds 5 seconds to the interval, for this and every later poll. */
export const SLOW_DOWN_SECONDS = 5;

/** One device authorization request (RFC 8628 §3.1), as the verification page and the token endpoint see it. */
export interface DeviceAuthorization {
  clientKey: string;
  scopes: string[];
  /** Canonical (no dash). */
  userCode: string;
  /** Epoch milliseconds after which the device code answers `expired_token`. */
  expiresAt: number;
}

/** What the person decided on the verification page; spent by the one poll that reads it. */
export type DeviceDecision =
  | { approved: true; userId: number; acceptanceId: number; scopes: string[]; carried?: Record<string, unknown> }
  | { approved: false };

export interface StartedDeviceAuthorization {
  deviceCode: string;
  userCode: string;
  expiresIn: number;
  interval: number;
}

/**
 * Device authorizations in the temporary store (DESIGN §5), keyed by the hash of the device code, so what the store
 * holds cannot be polled with. The user code points to that hash until someone answers it: taking it (GETDEL) is
 * what makes it single use across instances. The record outlives its `expires_in` as long again, so a late poll is
 * told `expired_token` rather than that the code never existed.
 */
@Injectable()
export class DeviceAuthorizationStore {
  constructor(
    private readonly store: TemporaryStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async start(clientKey: string, scopes: string[]): Promise<StartedDeviceAuthorization> {
    const { deviceCodeLifetime: lifetime, deviceCodeInterval: interval } = this.config.oauth2;
    const deviceCode = randomHex(40);
    const id = sha256Hex(deviceCode);
    const userCode = await this.reserveUserCode(id, lifetime);
    const authorization: DeviceAuthorization = { clientKey, scopes, userCode, expiresAt: Date.now() + lifetime * 1000 };
    await this.store.set(deviceKey(id), authorization, 2 * lifetime);
    return { deviceCode, userCode, expiresIn: lifetime, interval };
  }

  /** The live request a user code stands for, without spending it (the page shows the consent first). */
  async findByUserCode(userCode: string): Promise<{ id: string; authorization: DeviceAuthorization } | undefined> {
    const id = await this.store.get<string>(userCodeKey(userCode));
    return id === undefined ? undefined : this.live(id);
  }

  /**
   * Spends a user code, ATOMICALLY: of several answers to the same code (two tabs, two instances), exactly one gets
   * the request; the others get undefined.
   */
  async claim(userCode: string): Promise<{ id: string; authorization: DeviceAuthorization } | undefined> {
    const id = await this.store.take<string>(userCodeKey(userCode));
    const found = id === undefined ? undefined : await this.live(id);
    if (found) {
      await this.store.set(usedKey(userCode), true, secondsUntil(found.authorization.expiresAt));
    }
    return found;
  }

  /** Whether the user code was answered already (while it would still be live), so the page can say so. */
  async wasUsed(userCode: string): Promise<boolean> {
    return (await this.store.get<boolean>(usedKey(userCode))) === true;
  }

  /** Records the answer of the one who claimed the user code, for the device's next poll. */
  async decide(id: string, authorization: DeviceAuthorization, decision: DeviceDecision): Promise<void> {
    await this.store.set(decisionKey(id), decision, secondsUntil(authorization.expiresAt));
  }

  /** The request a polled device code stands for, expired or not; undefined for a code never issued (or long gone). */
  async find(deviceCode: string): Promise<{ id: string; authorization: DeviceAuthorization } | undefined> {
    if (!DEVICE_CODE.test(deviceCode)) {
      return undefined;
    }
    const id = sha256Hex(deviceCode);
    const authorization = await this.store.get<DeviceAuthorization>(deviceKey(id));
    return authorization && { id, authorization };
  }

  /** Spends the answer, ATOMICALLY (GETDEL): of two concurrent polls, one gets it; undefined while none was given. */
  takeDecision(id: string): Promise<DeviceDecision | undefined> {
    return this.store.take<DeviceDecision>(decisionKey(id));
  }

  /** Ends a device code once its answer was given out: later polls find no such code. */
  async end(id: string): Promise<void> {
    await this.store.delete(deviceKey(id));
  }

  /**
   * Counts a poll of a pending request, ATOMICALLY per device code (SET NX of a marker that lives one interval):
   * answers the seconds to wait from now on when this poll came too soon, after adding `SLOW_DOWN_SECONDS` to the
   * code's interval (RFC 8628 §3.5); undefined when the poll was on time.
   */
  async pollTooSoon(id: string, authorization: DeviceAuthorization): Promise<number | undefined> {
    const interval = (await this.store.get<number>(intervalKey(id))) ?? this.config.oauth2.deviceCodeInterval;
    if (await this.store.add(pollKey(id), true, interval)) {
      return undefined;
    }
    const slower = interval + SLOW_DOWN_SECONDS;
    await this.store.set(intervalKey(id), slower, secondsUntil(authorization.expiresAt));
    return slower;
  }

  private async live(id: string): Promise<{ id: string; authorization: DeviceAuthorization } | undefined> {
    const authorization = await this.store.get<DeviceAuthorization>(deviceKey(id));
    return authorization && authorization.expiresAt > Date.now() ? { id, authorization } : undefined;
  }

  private async reserveUserCode(id: string, lifetime: number): Promise<string> {
    for (let attempt = 0; attempt < USER_CODE_ATTEMPTS; attempt++) {
      const userCode = generateUserCode();
      if (await this.store.add(userCodeKey(userCode), id, lifetime)) {
        return userCode;
      }
    }
    throw new Error('No free user code after several attempts');
  }
}

/** Seconds from now to `epochMs`, at least one (a TTL must be positive; the expiry is checked on reading anyway). */
function secondsUntil(epochMs: number): number {
  return Math.max(1, Math.ceil((epochMs - Date.now()) / 1000));
}

function deviceKey(id: string): string {
  return `oauth2:device:request:${id}`;
}

function userCodeKey(userCode: string): string {
  return `oauth2:device:user-code:${userCode}`;
}

function usedKey(userCode: string): string {
  return `oauth2:device:used-user-code:${userCode}`;
}

function decisionKey(id: string): string {
  return `oauth2:device:decision:${id}`;
}

function pollKey(id: string): string {
  return `oauth2:device:poll:${id}`;
}

function intervalKey(id: string): string {
  return `oauth2:device:interval:${id}`;
}
