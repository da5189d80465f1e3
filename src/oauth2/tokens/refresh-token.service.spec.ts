import type { AtomicStep } from '../../database/atomic-write';
import { Logger } from '@nestjs/common';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aConsumer } from '../../../test/fixtures/consumer.fixture';
import { sha256Hex } from '../../common/crypto/crypto';
import { loadConfig } from '../../config/load-config';
import { Oauth2Error } from '../oauth2-error';
import type {
  IssuedToken,
  NewRefreshTokenRow,
  RefreshTokenRecord,
  RefreshTokenRepository,
} from './refresh-token.repository';
import { type NewRefreshToken, RefreshTokenService } from './refresh-token.service';
import type { TokenRevocation } from './token-revocation.service';

const config = loadConfig({
  DATA_DIR: mkdtempSync(join(tmpdir(), 'gatehouse-refresh-')),
  OAUTH_SECRET_KEY: 'k'.repeat(32),
  OAUTH2_REFRESH_TOKEN_TTL: 'P1D',
  OAUTH2_REFRESH_TOKEN_GRACE_PERIOD: 'PT30S',
});
const GRACE_MS = 30_000;
const DAY_MS = 86_400_000;

const CLIENT = aConsumer({ id: 10, key: 'a'.repeat(32), oauthVersion: 2 });
const OTHER_CLIENT = aConsumer({ id: 11, key: 'b'.repeat(32), oauthVersion: 2 });
const FAMILY = 'f'.repeat(64);

/**
 * The table as the repository's SQL leaves it: rows come back as copies, rotate and supersede are a conditional
 * update and the successor's insert, both or neither, and `rotated_at` keeps the precision of the database's DATETIME
 * (milliseconds on SQLite, whole seconds on MariaDB).
 */
class InMemoryRefreshTokens implements Pick<
  RefreshTokenRepository,
  'insert' | 'findByHash' | 'rotate' | 'issuedAfter' | 'supersede' | 'revokeFamily'
> {
  readonly rows: RefreshTokenRecord[] = [];
  /** How many calls of `rotate` marked a token used. */
  rotations = 0;
  /** What went alongside each rotation or replacement that was kept, in order. */
  readonly committedAlongside: AtomicStep[][] = [];

  constructor(private readonly timePrecisionMs = 1) {}

  insert(record: NewRefreshTokenRow): Promise<void> {
    this.rows.push(structuredClone({ ...record, id: this.rows.length + 1, rotatedAt: null, revoked: false }));
    return Promise.resolve();
  }

  findByHash(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const row = this.rows.find((candidate) => candidate.tokenHash === tokenHash);
    return Promise.resolve(row && structuredClone(row));
  }

  async rotate(
    id: number,
    at: Date,
    successor: NewRefreshTokenRow | undefined,
    alongside: AtomicStep[] = [],
  ): Promise<boolean> {
    const row = this.unused(id);
    if (!row) {
      return false;
    }
    row.rotatedAt = new Date(Math.floor(at.getTime() / this.timePrecisionMs) * this.timePrecisionMs);
    this.rotations += 1;
    this.committedAlongside.push(alongside);
    if (successor) {
      await this.insert(successor);
    }
    return true;
  }

  issuedAfter(familyId: string, tokenId: number): Promise<IssuedToken[]> {
    return Promise.resolve(
      this.rows.filter((row) => row.familyId === familyId && row.id > tokenId).map((row) => structuredClone(row)),
    );
  }

  async supersede(
    id: number,
    replacement: NewRefreshTokenRow | undefined,
    alongside: AtomicStep[] = [],
  ): Promise<boolean> {
    const row = this.unused(id);
    if (!row) {
      return false;
    }
    row.revoked = true;
    this.committedAlongside.push(alongside);
    if (replacement) {
      await this.insert(replacement);
    }
    return true;
  }

  revokeFamily(familyId: string): Promise<void> {
    for (const row of this.rows.filter((candidate) => candidate.familyId === familyId)) {
      row.revoked = true;
    }
    return Promise.resolve();
  }

  private unused(id: number): RefreshTokenRecord | undefined {
    return this.rows.find((candidate) => candidate.id === id && candidate.rotatedAt === null && !candidate.revoked);
  }

  row(token: string): RefreshTokenRecord | undefined {
    return this.rows.find((candidate) => candidate.tokenHash === sha256Hex(token));
  }
}

/** Stands for the INSERT of the access token issued with a rotation, which goes alongside it. */
const recordOf = (jti: string): AtomicStep => ({ sql: `record ${jti}`, parameters: [] });

async function refusal(attempt: Promise<unknown>, code: 'invalid_grant' | 'invalid_scope'): Promise<Oauth2Error> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(Oauth2Error);
  expect((error as Oauth2Error).error).toBe(code);
  return error as Oauth2Error;
}

describe('RefreshTokenService', () => {
  let tokens: InMemoryRefreshTokens;
  let revokeFamily: ReturnType<typeof vi.fn<(familyId: string) => Promise<void>>>;
  let revokeAccessToken: ReturnType<typeof vi.fn<(jti: string) => Promise<boolean>>>;
  let service: RefreshTokenService;

  const newToken = (overrides: Partial<NewRefreshToken> = {}): NewRefreshToken => ({
    consumer: CLIENT,
    userId: 7,
    acceptanceId: 3,
    scopes: ['basic', 'editpage'],
    accessTokenJti: 'jti-1',
    familyId: FAMILY,
    senderKey: undefined,
    ...overrides,
  });

  /** As the refresh grant does: checks `token`, then exchanges it for a successor in the same family. */
  const exchange = async (
    token: string,
    {
      consumer = CLIENT,
      requested = undefined as string[] | undefined,
      senderKey = undefined as string | undefined,
    } = {},
    accessTokenJti = 'jti-next',
  ): Promise<{ record: RefreshTokenRecord; successor: string }> => {
    const record = await service.redeemable(token, consumer, requested, senderKey);
    const successor = await service.rotate(
      record,
      newToken({ consumer, familyId: record.familyId, scopes: record.scopes, accessTokenJti, senderKey }),
      [recordOf(accessTokenJti)],
    );
    return { record, successor: successor as string };
  };
  const redeem = async (
    token: string,
    consumer: typeof CLIENT,
    requested: string[] | undefined,
    senderKey: string | undefined,
  ): Promise<RefreshTokenRecord> => (await exchange(token, { consumer, requested, senderKey })).record;
  const rotate = async (token: string, accessTokenJti = 'jti-next'): Promise<string> =>
    (await exchange(token, {}, accessTokenJti)).successor;

  const withTable = (table: InMemoryRefreshTokens) => {
    tokens = table;
    revokeFamily = vi.fn((familyId: string) => tokens.revokeFamily(familyId));
    revokeAccessToken = vi.fn(() => Promise.resolve(true));
    service = new RefreshTokenService(
      tokens as unknown as RefreshTokenRepository,
      { revokeFamily, revokeAccessToken } as unknown as TokenRevocation,
      config,
    );
  };

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-01-01T00:00:00Z') });
    // Reuse is audited; the warnings are expected here.
    vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    withTable(new InMemoryRefreshTokens());
  });

  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('issues 80 hex characters, stores only their hash and redeems them for the record', async () => {
    const token = await service.issue(newToken());
    expect(token).toMatch(/^[0-9a-f]{80}$/);
    expect(tokens.rows).toHaveLength(1);
    expect(JSON.stringify(tokens.rows)).not.toContain(token);

    const record = await redeem(token, CLIENT, undefined, undefined);
    expect(record).toMatchObject({
      tokenHash: sha256Hex(token),
      consumerId: CLIENT.id,
      userId: 7,
      acceptanceId: 3,
      scopes: ['basic', 'editpage'],
      accessTokenJti: 'jti-1',
      familyId: FAMILY,
      revoked: false,
    });
    expect(record.expires.getTime()).toBe(Date.now() + DAY_MS);
    expect(tokens.row(token)?.rotatedAt).toEqual(new Date());
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('redeems for the same or fewer scopes', async () => {
    const token = await service.issue(newToken());
    expect((await redeem(token, CLIENT, ['editpage'], undefined)).scopes).toEqual(['basic', 'editpage']);
  });

  it.each([
    ['an unknown token', 'e'.repeat(80)],
    ['a malformed token', 'not a token'],
    ['an empty token', ''],
  ])('refuses %s with invalid_grant', async (_label, token) => {
    await service.issue(newToken());
    await refusal(redeem(token, CLIENT, undefined, undefined), 'invalid_grant');
    expect(revokeFamily).not.toHaveBeenCalled();
  });

  it('refuses another client without using the token up', async () => {
    const token = await service.issue(newToken());
    await refusal(redeem(token, OTHER_CLIENT, undefined, undefined), 'invalid_grant');
    expect(tokens.row(token)?.rotatedAt).toBeNull();
    expect(revokeFamily).not.toHaveBeenCalled();
    expect((await redeem(token, CLIENT, undefined, undefined)).consumerId).toBe(CLIENT.id);
  });

  it("binds a public client's token to its DPoP key, and never a confidential client's (RFC 9449 §5)", async () => {
    const PUBLIC = aConsumer({ id: 12, key: 'c'.repeat(32), oauthVersion: 2, oauth2IsConfidential: false });
    const bound = await service.issue(newToken({ consumer: PUBLIC, senderKey: 'key-1' }));
    await refusal(redeem(bound, PUBLIC, undefined, undefined), 'invalid_grant');
    await refusal(redeem(bound, PUBLIC, undefined, 'key-2'), 'invalid_grant');
    expect(tokens.row(bound)?.rotatedAt).toBeNull();
    expect((await redeem(bound, PUBLIC, undefined, 'key-1')).dpopJkt).toBe('key-1');

    const unbound = await service.issue(newToken({ senderKey: 'key-1' }));
    expect((await redeem(unbound, CLIENT, undefined, undefined)).dpopJkt).toBeNull();
  });

  it('refuses an expired token', async () => {
    const token = await service.issue(newToken());
    vi.advanceTimersByTime(DAY_MS);
    await refusal(redeem(token, CLIENT, undefined, undefined), 'invalid_grant');
    expect(tokens.row(token)?.rotatedAt).toBeNull();
  });

  it('refuses a revoked token', async () => {
    const token = await service.issue(newToken());
    await tokens.revokeFamily(FAMILY);
    await refusal(redeem(token, CLIENT, undefined, undefined), 'invalid_grant');
    expect(tokens.row(token)?.rotatedAt).toBeNull();
  });

  it('refuses a scope the token was not granted with invalid_scope, without using the token up', async () => {
    const token = await service.issue(newToken());
    const error = await refusal(redeem(token, CLIENT, ['basic', 'delete'], undefined), 'invalid_scope');
    expect(error.description).toContain('delete');
    expect(tokens.row(token)?.rotatedAt).toBeNull();
    expect(revokeFamily).not.toHaveBeenCalled();
    expect((await redeem(token, CLIENT, ['basic'], undefined)).id).toBe(tokens.row(token)?.id);
  });

  describe('reuse of a rotated token', () => {
    it('lets the token rotated last be used again within the grace period, in place of its successor', async () => {
      const first = await service.issue(newToken());
      const second = await rotate(first, 'jti-second');
      vi.advanceTimersByTime(GRACE_MS - 1);

      const again = await redeem(first, CLIENT, undefined, undefined);
      expect(again.tokenHash).toBe(sha256Hex(first));
      expect(revokeFamily).not.toHaveBeenCalled();
      // The successor handed out before dies with its access token: the grant keeps one branch.
      expect(tokens.row(second)?.revoked).toBe(true);
      expect(revokeAccessToken).toHaveBeenCalledExactlyOnceWith('jti-second');
      await refusal(redeem(second, CLIENT, undefined, undefined), 'invalid_grant');
    });

    it("hands what goes alongside to the rotation it makes and to a retry's replacement, and to nothing that is refused", async () => {
      const first = await service.issue(newToken());
      const second = await rotate(first, 'jti-second');
      await rotate(first, 'jti-retried');
      await refusal(exchange(first, {}, 'jti-refused'), 'invalid_grant');
      await rotate(second, 'jti-third').catch(() => undefined);

      expect(tokens.committedAlongside).toEqual([[recordOf('jti-second')], [recordOf('jti-retried')]]);
    });

    it('lets it be used again only once: a second retry is refused and the first retry keeps the grant', async () => {
      const first = await service.issue(newToken());
      await rotate(first);
      const retried = await rotate(first, 'jti-retried');

      await refusal(redeem(first, CLIENT, undefined, undefined), 'invalid_grant');
      expect(revokeFamily).not.toHaveBeenCalled();
      expect(tokens.row(retried)).toMatchObject({ revoked: false, rotatedAt: null });
      expect(revokeAccessToken).not.toHaveBeenCalledWith('jti-retried');
    });

    it('refuses a retry of a token exchanged for no successor, and leaves the grant alone', async () => {
      // The client may no longer refresh: its pair came without a refresh token, so there is nothing to replace.
      const first = await service.issue(newToken());
      await service.rotate(await service.redeemable(first, CLIENT, undefined, undefined), undefined, []);

      await refusal(redeem(first, CLIENT, undefined, undefined), 'invalid_grant');
      expect(revokeFamily).not.toHaveBeenCalled();
      expect(tokens.rows).toHaveLength(1);
    });

    it('lets the latest token of a longer chain be used again within the grace period', async () => {
      const first = await service.issue(newToken());
      const second = await rotate(first);
      vi.advanceTimersByTime(1000);
      await rotate(second);
      vi.advanceTimersByTime(1000);

      expect((await redeem(second, CLIENT, undefined, undefined)).tokenHash).toBe(sha256Hex(second));
      expect(revokeFamily).not.toHaveBeenCalled();
    });

    it('takes a reuse after the grace period as theft: invalid_grant and the family revoked', async () => {
      const first = await service.issue(newToken());
      const second = await rotate(first);
      vi.advanceTimersByTime(GRACE_MS);

      await refusal(redeem(first, CLIENT, undefined, undefined), 'invalid_grant');
      expect(revokeFamily).toHaveBeenCalledExactlyOnceWith(FAMILY);
      await refusal(redeem(second, CLIENT, undefined, undefined), 'invalid_grant');
    });

    it('revokes the family when an older token comes back after its child was rotated, even within grace', async () => {
      const first = await service.issue(newToken());
      const second = await rotate(first);
      vi.advanceTimersByTime(1000);
      const third = await rotate(second);
      vi.advanceTimersByTime(1000);

      await refusal(redeem(first, CLIENT, undefined, undefined), 'invalid_grant');
      expect(revokeFamily).toHaveBeenCalledExactlyOnceWith(FAMILY);
      await refusal(redeem(third, CLIENT, undefined, undefined), 'invalid_grant');
    });

    it('revokes the family when an older token comes back after its child was rotated within the same second', async () => {
      // MariaDB keeps DATETIME to the second, so parent and child can share one rotated_at.
      withTable(new InMemoryRefreshTokens(1000));
      const first = await service.issue(newToken());
      const second = await rotate(first);
      vi.advanceTimersByTime(100);
      await rotate(second);
      vi.advanceTimersByTime(100);

      await refusal(redeem(first, CLIENT, undefined, undefined), 'invalid_grant');
      expect(revokeFamily).toHaveBeenCalledExactlyOnceWith(FAMILY);
    });

    it('does not let another client use the grace period', async () => {
      const first = await service.issue(newToken());
      await rotate(first);
      await refusal(redeem(first, OTHER_CLIENT, undefined, undefined), 'invalid_grant');
      expect(revokeFamily).not.toHaveBeenCalled();
    });

    it('marks a token used exactly once among concurrent redemptions', async () => {
      const token = await service.issue(newToken());
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => redeem(token, CLIENT, undefined, undefined)),
      );
      // Only the winner rotated it; the others went through the reuse rules.
      expect(results.some((result) => result.status === 'fulfilled')).toBe(true);
      expect(tokens.rotations).toBe(1);
      expect(tokens.row(token)?.rotatedAt).toEqual(new Date());
    });

    it('leaves one live successor after concurrent rotations of one token', async () => {
      const token = await service.issue(newToken());
      const results = await Promise.allSettled(Array.from({ length: 10 }, () => rotate(token)));

      expect(results.some((result) => result.status === 'fulfilled')).toBe(true);
      expect(revokeFamily).not.toHaveBeenCalled();
      const live = tokens.rows.filter((row) => !row.revoked && row.rotatedAt === null);
      expect(live).toHaveLength(1);
    });
  });
});
