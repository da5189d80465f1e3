import { CacheableMemory } from '@cacheable/memory';
import { Logger } from '@nestjs/common';
import { MemoryTemporaryStore } from '../../cache/memory-temporary-store';
import { sha256Hex } from '../../common/crypto/crypto';
import { Oauth2Error } from '../oauth2-error';
import type { TokenRevocation } from '../tokens/token-revocation.service';
import { type AuthorizationCode, AuthorizationCodeStore, CODE_TTL_SECONDS } from './authorization-code.store';

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

describe('AuthorizationCodeStore', () => {
  let revokeFamily: ReturnType<typeof vi.fn<(familyId: string) => Promise<void>>>;
  let codes: AuthorizationCodeStore;

  beforeEach(() => {
    // Replays are audited; the warnings are expected here.
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    revokeFamily = vi.fn(() => Promise.resolve());
    const store = new MemoryTemporaryStore(new CacheableMemory({ useClone: false }), 'test:');
    codes = new AuthorizationCodeStore(store, { revokeFamily } as unknown as TokenRevocation);
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('issues 80 hex characters and redeems them once for what they stand for', async () => {
    const value = await codes.issue(CODE);
    expect(value).toMatch(/^[0-9a-f]{80}$/);
    expect(await codes.redeem(value)).toEqual({ code: CODE, familyId: sha256Hex(value) });
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('issues a different code every time', async () => {
    expect(await codes.issue(CODE)).not.toBe(await codes.issue(CODE));
  });

  it('confirms a code redeemed once without revoking anything', async () => {
    const { familyId } = await codes.redeem(await codes.issue(CODE));
    await expect(codes.confirmIssued(familyId)).resolves.toBeUndefined();
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('refuses a second redemption and revokes the family named by the code hash', async () => {
    const value = await codes.issue(CODE);
    await codes.redeem(value);
    await invalidGrant(codes.redeem(value));
    expect(revokeFamily).toHaveBeenCalledExactlyOnceWith(sha256Hex(value));
  });

  it('revokes again on every later replay', async () => {
    const value = await codes.issue(CODE);
    await codes.redeem(value);
    await invalidGrant(codes.redeem(value));
    await invalidGrant(codes.redeem(value));
    expect(revokeFamily).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['an unknown code', 'f'.repeat(80)],
    ['a code too short', 'f'.repeat(79)],
    ['a code too long', 'f'.repeat(81)],
    ['upper-case hex', 'F'.repeat(80)],
    ['a code with other characters', `${'f'.repeat(79)}g`],
    ['an empty code', ''],
  ])('refuses %s without revoking anything', async (_label, value) => {
    await invalidGrant(codes.redeem(value));
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('refuses the upper-case spelling of an issued code, which stays redeemable', async () => {
    const value = await codes.issue(CODE);
    await invalidGrant(codes.redeem(value.toUpperCase()));
    expect((await codes.redeem(value)).code).toEqual(CODE);
  });

  it('refuses an expired code without revoking anything', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const value = await codes.issue(CODE);
    vi.advanceTimersByTime(CODE_TTL_SECONDS * 1000 + 1);
    await invalidGrant(codes.redeem(value));
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('revokes and refuses at confirmation when a replay came before the first use recorded its tokens', async () => {
    const value = await codes.issue(CODE);
    const { familyId } = await codes.redeem(value);
    await invalidGrant(codes.redeem(value));
    revokeFamily.mockClear();

    await invalidGrant(codes.confirmIssued(familyId));
    expect(revokeFamily).toHaveBeenCalledExactlyOnceWith(familyId);
  });

  it('does not let the replay of one code affect another', async () => {
    const replayed = await codes.issue(CODE);
    const other = await codes.issue(CODE);
    await codes.redeem(replayed);
    await invalidGrant(codes.redeem(replayed));
    const { familyId } = await codes.redeem(other);
    await expect(codes.confirmIssued(familyId)).resolves.toBeUndefined();
  });

  it('gives the code to exactly one of 50 concurrent redemptions', async () => {
    const value = await codes.issue(CODE);
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => codes.redeem(value)));

    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0].value).toEqual({ code: CODE, familyId: sha256Hex(value) });
    for (const result of results.filter((r) => r.status === 'rejected')) {
      expect(result.reason).toBeInstanceOf(Oauth2Error);
      expect((result.reason as Oauth2Error).error).toBe('invalid_grant');
    }
    // The losers were replays: the winner must not get to keep its tokens.
    expect(revokeFamily).toHaveBeenCalledWith(sha256Hex(value));
    await invalidGrant(codes.confirmIssued(sha256Hex(value)));
  });
});
