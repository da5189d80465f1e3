import { CacheableMemory } from '@cacheable/memory';
import { MemoryTemporaryStore } from '../../cache/memory-temporary-store';
import type { AppConfig } from '../../config/app-config';
import type { Consumer } from '../../consumers/consumer';
import type { Acceptance } from '../../grants/acceptance';
import { DeviceAuthorizationStore } from '../device/device-authorization.store';
import { Oauth2Error } from '../oauth2-error';
import type { ProtocolRequest } from '../protocol/protocol-request';
import type { CurrentAuthorization } from './current-authorization';
import { DEVICE_CODE_GRANT, DeviceCodeGrant } from './device-code.grant';
import type { TokenPairService, UserGrant } from './token-pair.service';

const CLIENT = { key: 'c'.repeat(32), id: 7 } as Consumer;
const OTHER_CLIENT = { key: 'd'.repeat(32), id: 8 } as Consumer;

describe('DeviceCodeGrant (RFC 8628 §3.4, §3.5)', () => {
  let devices: DeviceAuthorizationStore;
  let grant: DeviceCodeGrant;
  let issued: UserGrant[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const config = { oauth2: { deviceCodeLifetime: 600, deviceCodeInterval: 5 } } as AppConfig;
    devices = new DeviceAuthorizationStore(new MemoryTemporaryStore(new CacheableMemory(), 'test:'), config);
    issued = [];
    const authorization = {
      require: (_consumer: Consumer, userId: number, acceptanceId: number) =>
        Promise.resolve({ id: acceptanceId, userId, grants: ['basic'] } as Acceptance),
    } as unknown as CurrentAuthorization;
    const tokens = {
      issue: (userGrant: UserGrant) => {
        issued.push(userGrant);
        return Promise.resolve({ token_type: 'Bearer', expires_in: 3600, access_token: 'at', scope: 'basic' });
      },
    } as unknown as TokenPairService;
    grant = new DeviceCodeGrant(devices, authorization, tokens);
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function poll(deviceCode: string, consumer = CLIENT, extra: Record<string, string> = {}) {
    const request = {
      query: {},
      body: { grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, ...extra },
      header: () => undefined,
      is: () => 'application/x-www-form-urlencoded',
      ip: '192.0.2.1',
      path: '/oauth2/token',
    } as ProtocolRequest;
    return grant.exchange(request, { consumer, method: 'none', senderKey: undefined });
  }

  async function errorOf(promise: Promise<unknown>): Promise<string> {
    const error: unknown = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(Oauth2Error);
    return (error as Oauth2Error).error;
  }

  const later = (seconds: number) => vi.setSystemTime(Date.now() + seconds * 1000);

  it('is pending until the person answers, then issues tokens once', async () => {
    const started = await devices.start(CLIENT.key, ['basic', 'editpage']);
    expect(await errorOf(poll(started.deviceCode))).toBe('authorization_pending');
    const claimed = await devices.claim(started.userCode);
    await devices.decide(claimed!.id, claimed!.authorization, {
      approved: true,
      userId: 3,
      acceptanceId: 11,
      scopes: ['basic', 'editpage'],
    });
    later(5);
    await expect(poll(started.deviceCode)).resolves.toMatchObject({ access_token: 'at' });
    // Cut to what the authorization still allows; the family is the device code's.
    expect(issued).toEqual([expect.objectContaining({ userId: 3, acceptanceId: 11, scopes: ['basic'] })]);
    expect(issued[0].grantType).toBe(DEVICE_CODE_GRANT);
    later(5);
    expect(await errorOf(poll(started.deviceCode))).toBe('invalid_grant');
  });

  it('refuses a resource indicator (RFC 8707 §2) rather than issue a token for another audience', async () => {
    const started = await devices.start(CLIENT.key, ['basic']);
    expect(await errorOf(poll(started.deviceCode, CLIENT, { resource: 'https://mcp.example/tools' }))).toBe(
      'invalid_target',
    );
    expect(await errorOf(poll(started.deviceCode))).toBe('authorization_pending');
  });

  it('answers slow_down within the interval and adds 5 seconds to it, per device code', async () => {
    const started = await devices.start(CLIENT.key, ['basic']);
    const other = await devices.start(CLIENT.key, ['basic']);
    expect(await errorOf(poll(started.deviceCode))).toBe('authorization_pending');
    later(2);
    expect(await errorOf(poll(started.deviceCode))).toBe('slow_down');
    // Another device's code keeps its own interval.
    expect(await errorOf(poll(other.deviceCode))).toBe('authorization_pending');
    later(5);
    // 7 s after the first poll: enough for the old interval, not for the new one of 10 s.
    expect(await errorOf(poll(started.deviceCode))).toBe('authorization_pending');
    later(6);
    expect(await errorOf(poll(started.deviceCode))).toBe('slow_down');
    later(15);
    expect(await errorOf(poll(started.deviceCode))).toBe('authorization_pending');
  });

  it('answers access_denied once the person denied, and then forgets the code', async () => {
    const started = await devices.start(CLIENT.key, ['basic']);
    const claimed = await devices.claim(started.userCode);
    await devices.decide(claimed!.id, claimed!.authorization, { approved: false });
    expect(await errorOf(poll(started.deviceCode))).toBe('access_denied');
    expect(await errorOf(poll(started.deviceCode))).toBe('invalid_grant');
  });

  it('answers expired_token after expires_in, even when approved late', async () => {
    const started = await devices.start(CLIENT.key, ['basic']);
    later(601);
    expect(await errorOf(poll(started.deviceCode))).toBe('expired_token');
    expect(await devices.claim(started.userCode)).toBeUndefined();
  });

  it('refuses unknown codes and codes of another client', async () => {
    const started = await devices.start(CLIENT.key, ['basic']);
    expect(await errorOf(poll('0'.repeat(80)))).toBe('invalid_grant');
    expect(await errorOf(poll('not-a-code'))).toBe('invalid_grant');
    expect(await errorOf(poll(started.deviceCode, OTHER_CLIENT))).toBe('invalid_grant');
  });

  it('spends a user code once', async () => {
    const started = await devices.start(CLIENT.key, ['basic']);
    expect(await devices.findByUserCode(started.userCode)).toBeDefined();
    const [first, second] = await Promise.all([devices.claim(started.userCode), devices.claim(started.userCode)]);
    expect([first, second].filter(Boolean)).toHaveLength(1);
    expect(await devices.findByUserCode(started.userCode)).toBeUndefined();
    expect(await devices.wasUsed(started.userCode)).toBe(true);
  });

  it('gives an approval to one of two concurrent polls', async () => {
    const started = await devices.start(CLIENT.key, ['basic']);
    const claimed = await devices.claim(started.userCode);
    await devices.decide(claimed!.id, claimed!.authorization, {
      approved: true,
      userId: 3,
      acceptanceId: 11,
      scopes: ['basic'],
    });
    const results = await Promise.allSettled([poll(started.deviceCode), poll(started.deviceCode)]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });
});
