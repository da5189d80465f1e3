import type { EventEmitter2 } from '@nestjs/event-emitter';
import { type Invalidation, LocalInvalidationBus } from '../cache/invalidation-bus';
import type { Acceptance } from './acceptance';
import type { AcceptanceChanges, AcceptanceRepository } from './acceptance.repository';
import { AcceptanceService } from './acceptance.service';

/** One stored acceptance in memory, enough for `grant()` and `revoke()`. */
function repository(stored: Acceptance): AcceptanceRepository {
  let row: Acceptance | undefined = stored;
  return {
    find: () => Promise.resolve(row),
    findById: () => Promise.resolve(row),
    update: (_id: number, changes: AcceptanceChanges) => {
      row = row && { ...row, ...changes };
      return Promise.resolve();
    },
    delete: () => {
      const existed = row !== undefined;
      row = undefined;
      return Promise.resolve(existed);
    },
  } as unknown as AcceptanceRepository;
}

describe('AcceptanceService', () => {
  const stored: Acceptance = {
    id: 7,
    wiki: '*',
    userId: 3,
    consumerId: 5,
    accessToken: 'a'.repeat(32),
    accessSecretStored: 'b'.repeat(32),
    grants: ['basic', 'editpage'],
    acceptedAt: new Date('2026-01-01T00:00:00Z'),
    oauthVersion: 2,
  };
  const setup = () => {
    const bus = new LocalInvalidationBus();
    const announced: Invalidation[] = [];
    bus.subscribe((invalidation) => announced.push(invalidation));
    const events = { emitAsync: () => Promise.resolve([]) } as unknown as EventEmitter2;
    return { sut: new AcceptanceService(repository(stored), events, bus), announced };
  };
  const again = (grants: string[]) => ({ userId: 3, consumerId: 5, wiki: '*', grants, oauthVersion: 2 as const });

  it('renews an authorization with the same grants without dropping what instances cached about its tokens', async () => {
    const { sut, announced } = setup();
    const renewed = await sut.grant(again(['basic', 'editpage', 'basic']));
    expect(renewed.grants).toEqual(['basic', 'editpage']);
    expect(renewed.acceptedAt.getTime()).toBeGreaterThan(stored.acceptedAt.getTime());
    expect(announced).toEqual([]);
  });

  it.each([[['basic']], [['editpage', 'basic']], [['basic', 'editpage', 'highvolume']]])(
    'announces a renewal whose grants differ (%j), so the tokens follow at once',
    async (grants) => {
      const { sut, announced } = setup();
      expect((await sut.grant(again(grants))).grants).toEqual(grants);
      expect(announced).toEqual([{ acceptanceId: 7 }]);
    },
  );

  it('announces a revocation', async () => {
    const { sut, announced } = setup();
    await sut.revoke(7);
    expect(announced).toEqual([{ acceptanceId: 7 }]);
  });
});
