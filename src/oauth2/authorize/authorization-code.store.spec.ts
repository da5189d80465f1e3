import { CacheableMemory } from '@cacheable/memory';
import { Logger } from '@nestjs/common';
import { MemoryTemporaryStore } from '../../cache/memory-temporary-store';
import { sha256Hex } from '../../common/crypto/crypto';
import type { AtomicStep } from '../../database/atomic-write';
import { Oauth2Error } from '../oauth2-error';
import type { TokenRevocation } from '../tokens/token-revocation.service';
import { type AuthorizationCode, AuthorizationCodeStore, CODE_TTL_SECONDS } from './authorization-code.store';
import type { CodeRedemptionRepository } from './code-redemption.repository';

const CODE: AuthorizationCode = {
  clientKey: 'a'.repeat(32),
  userId: 7,
  acceptanceId: 3,
  scopes: ['basic', 'editpage'],
  redirectUri: 'https://app.example/cb',
  redirectUriGiven: true,
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  codeChallengeMethod: 'S256',
};

async function invalidGrant(attempt: Promise<unknown>): Promise<Oauth2Error> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Oauth2Error);
  expect((error as Oauth2Error).error).toBe('invalid_grant');
  return error as Oauth2Error;
}

/**
 * The redemptions table as the unique key makes it: a hash is recorded once, with what came along, and never again.
 * Its atomicity across instances is the e2e suites' (oauth2-code-exchange-cut-short, the attack and race tests).
 */
class RecordedRedemptions {
  readonly rows = new Map<string, AtomicStep[]>();

  record(codeHash: string, _expires: Date, alongside: AtomicStep[]): Promise<boolean> {
    if (this.rows.has(codeHash)) {
      return Promise.resolve(false);
    }
    this.rows.set(codeHash, alongside);
    return Promise.resolve(true);
  }

  wasRedeemed(codeHash: string): Promise<boolean> {
    return Promise.resolve(this.rows.has(codeHash));
  }
}

describe('AuthorizationCodeStore', () => {
  let revokeFamily: ReturnType<typeof vi.fn<(familyId: string) => Promise<void>>>;
  let store: MemoryTemporaryStore;
  let redemptions: RecordedRedemptions;
  let codes: AuthorizationCodeStore;

  beforeEach(() => {
    // Replays are audited; the warnings are expected here.
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    revokeFamily = vi.fn(() => Promise.resolve());
    store = new MemoryTemporaryStore(new CacheableMemory({ useClone: false }), 'test:');
    redemptions = new RecordedRedemptions();
    codes = new AuthorizationCodeStore(
      store,
      redemptions as unknown as CodeRedemptionRepository,
      { revokeFamily } as unknown as TokenRevocation,
    );
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('issues 80 hex characters that read as what they stand for', async () => {
    const value = await codes.issue(CODE);
    expect(value).toMatch(/^[0-9a-f]{80}$/);
    expect(await codes.read(value)).toEqual({ code: CODE, familyId: sha256Hex(value) });
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('issues a different code every time', async () => {
    expect(await codes.issue(CODE)).not.toBe(await codes.issue(CODE));
  });

  it('leaves a code that was read and not spent as it was: an exchange cut short before its commit', async () => {
    const value = await codes.issue(CODE);
    await codes.read(value);
    expect((await codes.read(value)).code).toEqual(CODE);
    expect(redemptions.rows.size).toBe(0);
  });

  it('spends a code with the refresh token insert it was exchanged for, and takes it out of the store', async () => {
    const value = await codes.issue(CODE);
    const { familyId } = await codes.read(value);
    const insert: AtomicStep = { sql: 'INSERT INTO oauth2_refresh_tokens …', parameters: [] };
    await codes.spend(familyId, [insert]);
    expect(redemptions.rows.get(familyId)).toEqual([insert]);
    expect(await store.get(`oauth2:code:${familyId}`)).toBeUndefined();
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('refuses a second spending and revokes the family named by the code hash', async () => {
    const value = await codes.issue(CODE);
    const { familyId } = await codes.read(value);
    await codes.spend(familyId);
    await invalidGrant(codes.spend(familyId));
    expect(revokeFamily).toHaveBeenCalledExactlyOnceWith(sha256Hex(value));
  });

  it('takes a spent code sent again for a replay, and revokes again on every later one', async () => {
    const value = await codes.issue(CODE);
    await codes.spend((await codes.read(value)).familyId);
    await invalidGrant(codes.read(value));
    await invalidGrant(codes.read(value));
    expect(revokeFamily).toHaveBeenCalledTimes(2);
  });

  it('still spends the code, and answers, when the store cannot forget it: the unique key refuses it all the same', async () => {
    const value = await codes.issue(CODE);
    const { familyId } = await codes.read(value);
    vi.spyOn(store, 'delete').mockRejectedValueOnce(new Error('Redis is away'));
    await codes.spend(familyId);
    await invalidGrant(codes.spend((await codes.read(value)).familyId));
    expect(revokeFamily).toHaveBeenCalledExactlyOnceWith(familyId);
  });

  it.each([
    ['an unknown code', 'f'.repeat(80)],
    ['a code too short', 'f'.repeat(79)],
    ['a code too long', 'f'.repeat(81)],
    ['upper-case hex', 'F'.repeat(80)],
    ['a code with other characters', `${'f'.repeat(79)}g`],
    ['an empty code', ''],
  ])('refuses %s without revoking anything', async (_label, value) => {
    await invalidGrant(codes.read(value));
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('refuses the upper-case spelling of an issued code, which stays redeemable', async () => {
    const value = await codes.issue(CODE);
    await invalidGrant(codes.read(value.toUpperCase()));
    expect((await codes.read(value)).code).toEqual(CODE);
  });

  it('refuses an expired code without revoking anything', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const value = await codes.issue(CODE);
    vi.advanceTimersByTime(CODE_TTL_SECONDS * 1000 + 1);
    await invalidGrant(codes.read(value));
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('does not let the replay of one code affect another', async () => {
    const replayed = await codes.issue(CODE);
    const other = await codes.issue(CODE);
    await codes.spend((await codes.read(replayed)).familyId);
    await invalidGrant(codes.read(replayed));
    await codes.spend((await codes.read(other)).familyId);
    expect(revokeFamily).toHaveBeenCalledExactlyOnceWith(sha256Hex(replayed));
  });
});
