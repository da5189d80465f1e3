import { DataSource, IsNull, type Repository } from 'typeorm';
import { randomHex, sha256Hex } from '../../src/common/crypto/crypto';
import { isUniqueViolation } from '../../src/database/unique-violation';
import { AccessTokenEntity } from '../../src/oauth2/tokens/access-token.entity';
import { AccessTokenIssuer } from '../../src/oauth2/tokens/access-token.issuer';
import { AccessTokenRepository } from '../../src/oauth2/tokens/access-token.repository';
import { RefreshTokenEntity } from '../../src/oauth2/tokens/refresh-token.entity';
import { type NewRefreshTokenRow, RefreshTokenRepository } from '../../src/oauth2/tokens/refresh-token.repository';
import { TokenRevocation } from '../../src/oauth2/tokens/token-revocation.service';
import { type Oauth2Client, postForm, registerOauth2Client, userTokens } from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';
import { createSignedInUser } from './support/users';

type Tokens = Awaited<ReturnType<typeof userTokens>>;

/**
 * Refresh-token rotation keeps one live branch per grant (issue 19 row 8; RFC 9700 §4.14.2, RFC 6819 §5.2.2.3): a
 * retry within the grace period replaces the successor it was given before, and concurrent refreshes of one token
 * leave exactly one live refresh token, on both backends.
 */
describe('OAuth 2 refresh-token rotation: one live branch', () => {
  let gatehouse: TestApp;
  let user: SignedIn & { email: string };
  let client: Oauth2Client;

  const refresh = (refreshToken: string) =>
    postForm(gatehouse, '/oauth2/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, client);
  const active = async (token: string): Promise<boolean> => {
    const answer = await postForm(gatehouse, '/oauth2/introspect', { token }, client).expect(200);
    return (answer.body as { active: boolean }).active;
  };

  /** The refresh tokens of the grant `token` belongs to that are neither used nor revoked. */
  const liveInFamily = async (token: string): Promise<number> => {
    const rows = gatehouse.app.get(DataSource).getRepository(RefreshTokenEntity);
    const { familyId } = await rows.findOneByOrFail({ tokenHash: sha256Hex(token) });
    return rows.countBy({ familyId, revoked: false, rotatedAt: IsNull() });
  };

  /** The access tokens of the grant `token` belongs to that are not revoked, sent or not. */
  const liveAccessInFamily = async (token: string): Promise<number> => {
    const { familyId } = await gatehouse.app
      .get(DataSource)
      .getRepository(RefreshTokenEntity)
      .findOneByOrFail({ tokenHash: sha256Hex(token) });
    return gatehouse.app.get(DataSource).getRepository(AccessTokenEntity).countBy({ familyId, revoked: false });
  };

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Rotationdev');
    user = await createSignedInUser(gatehouse, 'Rotationuser');
    client = await registerOauth2Client(dev, admin, { name: 'Rotation app' });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('answers a retry within the grace period with a pair that replaces the earlier successor', async () => {
    const first = await userTokens(gatehouse, user, client);
    const earlier = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;
    const retried = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;

    expect(await active(earlier.refresh_token as string)).toBe(false);
    expect(await active(earlier.access_token)).toBe(false);
    const refused = await refresh(earlier.refresh_token as string).expect(400);
    expect(refused.body.error).toBe('invalid_grant');

    expect(await active(retried.access_token)).toBe(true);
    expect(await active(retried.refresh_token as string)).toBe(true);
    const next = (await refresh(retried.refresh_token as string).expect(200)).body as Tokens;
    expect(await active(next.access_token)).toBe(true);
  });

  it('refuses a second retry of the same token and keeps the branch the first retry made', async () => {
    const first = await userTokens(gatehouse, user, client);
    await refresh(first.refresh_token as string).expect(200);
    const retried = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;

    const again = await refresh(first.refresh_token as string).expect(400);
    expect(again.body.error).toBe('invalid_grant');
    expect(await active(retried.refresh_token as string)).toBe(true);
    expect(await active(retried.access_token)).toBe(true);
  });

  it('leaves exactly one live refresh token and one live access token after 10 concurrent refreshes of one token', async () => {
    // A race needs several tries to show: each round is a fresh grant refreshed 10 times at once.
    for (let round = 1; round <= 4; round += 1) {
      const first = await userTokens(gatehouse, user, client);
      const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(first.refresh_token as string)));
      const issued = answers.filter((answer) => answer.status === 200).map((answer) => answer.body as Tokens);
      const refused = answers.filter((answer) => answer.status !== 200);
      expect(issued.length).toBeGreaterThanOrEqual(1);
      expect(refused.every((answer) => answer.status === 400 && answer.body.error === 'invalid_grant')).toBe(true);

      const liveRefresh: string[] = [];
      const liveAccess: string[] = [];
      for (const tokens of issued) {
        if (await active(tokens.refresh_token as string)) {
          liveRefresh.push(tokens.refresh_token as string);
        }
        if (await active(tokens.access_token)) {
          liveAccess.push(tokens.access_token);
        }
      }
      expect({ round, liveRefresh: liveRefresh.length, liveAccess: liveAccess.length }).toEqual({
        round,
        liveRefresh: 1,
        liveAccess: 1,
      });
      // The survivor is a working branch, and the pair that carries it is the one live access token.
      const survivor = issued.find((tokens) => tokens.refresh_token === liveRefresh[0]);
      expect(survivor?.access_token).toBe(liveAccess[0]);
      // The refused requests signed an access token before they lost the rotation; none of them stays live.
      expect({ round, liveAccessRows: await liveAccessInFamily(first.refresh_token as string) }).toEqual({
        round,
        liveAccessRows: 1,
      });
      await refresh(liveRefresh[0]).expect(200);
    }
  });

  describe('a refresh cut short, as by kill -9 (issue 24)', () => {
    it('leaves the token unused when cut before the rotation: the retry rotates it', async () => {
      // Where the rotation once came first: a token marked used with no successor, and every retry refused.
      const first = await userTokens(gatehouse, user, client);
      vi.spyOn(gatehouse.app.get(AccessTokenIssuer), 'issueUnrecorded').mockRejectedValueOnce(new Error('killed'));
      await refresh(first.refresh_token as string).expect(500);

      const retried = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;
      expect(await liveInFamily(first.refresh_token as string)).toBe(1);
      expect(await active(retried.refresh_token as string)).toBe(true);
      expect(await active(retried.access_token)).toBe(true);
      await refresh(retried.refresh_token as string).expect(200);
    });

    it('leaves the token unused and records nothing when a write of the rotation fails: the retry rotates it', async () => {
      // The new access token's row fails after the token was marked and its successor stored, in the same transaction.
      const first = await userTokens(gatehouse, user, client);
      vi.spyOn(gatehouse.app.get(AccessTokenRepository), 'insertStep').mockReturnValueOnce({
        sql: 'INSERT INTO no_such_table (id) VALUES (?)',
        parameters: [1],
      });
      await refresh(first.refresh_token as string).expect(500);
      expect(await liveInFamily(first.refresh_token as string)).toBe(1);
      expect(await liveAccessInFamily(first.refresh_token as string)).toBe(1);
      expect(await active(first.access_token)).toBe(true);

      const retried = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;
      expect(await liveInFamily(first.refresh_token as string)).toBe(1);
      expect(await active(retried.access_token)).toBe(true);
      expect(await active(first.access_token)).toBe(false);
      await refresh(retried.refresh_token as string).expect(200);
    });

    it('leaves the token exchanged for a committed successor when cut after the rotation: the retry replaces it', async () => {
      const first = await userTokens(gatehouse, user, client);
      vi.spyOn(gatehouse.app.get(TokenRevocation), 'announceAccessToken').mockRejectedValueOnce(new Error('killed'));
      await refresh(first.refresh_token as string).expect(500);
      expect(await liveInFamily(first.refresh_token as string)).toBe(1);

      const retried = (await refresh(first.refresh_token as string).expect(200)).body as Tokens;
      expect(await liveInFamily(first.refresh_token as string)).toBe(1);
      expect(await active(retried.refresh_token as string)).toBe(true);
      expect(await active(first.access_token)).toBe(false);
      await refresh(retried.refresh_token as string).expect(200);
    });
  });

  /**
   * The repository on the suite's backend: a successor that cannot be stored leaves the token unused, a lost rotation
   * stores nothing, and of concurrent rotations exactly one is kept with its one successor (on MariaDB the row lock
   * orders them).
   */
  describe('rotation and successor, both or neither', () => {
    let repository: RefreshTokenRepository;
    let rows: Repository<RefreshTokenEntity>;
    /** A token of a real grant, whose client, user and authorization the rows below borrow. */
    let template: RefreshTokenEntity;

    const newRow = (familyId: string, tokenHash = randomHex(32)): NewRefreshTokenRow => ({
      tokenHash,
      accessTokenJti: randomHex(40),
      acceptanceId: template.acceptanceId,
      consumerId: template.consumerId,
      userId: template.userId,
      scopes: ['basic'],
      familyId,
      expires: new Date(Date.now() + 3_600_000),
      dpopJkt: null,
      resource: null,
    });

    /** A stored, unused token of a fresh family. */
    const stored = async (): Promise<RefreshTokenEntity> => {
      const row = newRow(randomHex(32));
      await repository.insert(row);
      return rows.findOneByOrFail({ tokenHash: row.tokenHash });
    };

    const family = (familyId: string) => rows.find({ where: { familyId }, order: { id: 'ASC' } });

    beforeAll(async () => {
      repository = gatehouse.app.get(RefreshTokenRepository);
      rows = gatehouse.app.get(DataSource).getRepository(RefreshTokenEntity);
      const { refresh_token: token } = await userTokens(gatehouse, user, client);
      template = await rows.findOneByOrFail({ tokenHash: sha256Hex(token as string) });
    });

    it('marks the token used and stores its successor', async () => {
      const token = await stored();
      expect(await repository.rotate(token.id, new Date(), newRow(token.familyId))).toBe(true);

      const [used, successor] = await family(token.familyId);
      expect(used.rotatedAt).not.toBeNull();
      expect(successor).toMatchObject({ rotatedAt: null, revoked: false });
    });

    it('leaves the token unused when its successor cannot be stored', async () => {
      const token = await stored();
      // The same hash twice: the unique index refuses the successor after the token was marked, in the transaction.
      const failure = await repository.rotate(token.id, new Date(), newRow(token.familyId, token.tokenHash)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isUniqueViolation(failure)).toBe(true);

      expect(await family(token.familyId)).toEqual([expect.objectContaining({ id: token.id, rotatedAt: null })]);
      expect(await repository.rotate(token.id, new Date(), newRow(token.familyId))).toBe(true);
    });

    it('stores nothing for a token already used', async () => {
      const token = await stored();
      await repository.rotate(token.id, new Date(), undefined);
      expect(await repository.rotate(token.id, new Date(), newRow(token.familyId))).toBe(false);
      expect(await family(token.familyId)).toHaveLength(1);
    });

    it('keeps exactly one of concurrent rotations, with its one successor', async () => {
      for (let round = 1; round <= 3; round += 1) {
        const token = await stored();
        const won = await Promise.all(
          Array.from({ length: 10 }, () => repository.rotate(token.id, new Date(), newRow(token.familyId))),
        );
        expect({ round, winners: won.filter(Boolean).length }).toEqual({ round, winners: 1 });
        expect({ round, rows: (await family(token.familyId)).length }).toEqual({ round, rows: 2 });
      }
    });

    it('revokes a family racing a rotation in it without a deadlock, and leaves nothing of the family live', async () => {
      // Reuse detection revokes by family_id (its index range) while a rotation holds the used token's row and inserts
      // its successor into that range: on MariaDB (REPEATABLE READ) the two take their locks in opposite orders.
      for (let round = 1; round <= 40; round += 1) {
        let token = await stored();
        for (let generation = 0; generation < 3; generation += 1) {
          const successor = newRow(token.familyId);
          await repository.rotate(token.id, new Date(), successor);
          token = await rows.findOneByOrFail({ tokenHash: successor.tokenHash });
        }
        const outcomes = await Promise.allSettled([
          repository.rotate(token.id, new Date(), newRow(token.familyId)),
          repository.revokeFamily(token.familyId),
        ]);
        const failures = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));
        const live = (await family(token.familyId)).filter((row) => !row.revoked).length;
        expect({ round, failures, live }).toEqual({ round, failures: [], live: 0 });
      }
    });

    it.runIf(backend.mysqlUrl)(
      'revokes a family behind a rotation that holds its token, successor included, without a deadlock',
      async () => {
        // The interleaving the race above may miss, made certain: the rotation marks the token (its row locked), the
        // revocation of the family starts and waits, then the rotation inserts the successor into the family's range.
        let token = await stored();
        for (let generation = 0; generation < 2; generation += 1) {
          const successor = newRow(token.familyId);
          await repository.rotate(token.id, new Date(), successor);
          token = await rows.findOneByOrFail({ tokenHash: successor.tokenHash });
        }
        const runner = gatehouse.app.get(DataSource).createQueryRunner('master');
        let revocation: Promise<string> | undefined;
        let rotation = 'committed';
        try {
          await runner.startTransaction();
          const marked = await runner.query(
            'UPDATE oauth2_refresh_tokens SET rotated_at = ? WHERE id = ? AND revoked = 0 AND rotated_at IS NULL',
            [new Date(), token.id],
            true,
          );
          expect(marked.affected).toBe(1);
          revocation = repository.revokeFamily(token.familyId).then(
            () => 'revoked',
            (error: unknown) => String(error),
          );
          await new Promise((resolve) => setTimeout(resolve, 300));
          const [successor] = repository.insertStep(newRow(token.familyId));
          await runner.query(successor.sql, successor.parameters);
          await runner.commitTransaction();
        } catch (error) {
          rotation = String(error);
          await runner.rollbackTransaction().catch(() => undefined);
        } finally {
          await runner.release();
        }
        expect({ rotation, revocation: await revocation }).toEqual({ rotation: 'committed', revocation: 'revoked' });
        expect((await family(token.familyId)).filter((row) => !row.revoked)).toEqual([]);
      },
    );

    it('revokes a successor only with its replacement stored, once', async () => {
      const token = await stored();
      const successor = newRow(token.familyId);
      await repository.rotate(token.id, new Date(), successor);
      const { id } = await rows.findOneByOrFail({ tokenHash: successor.tokenHash });

      const failure = await repository.supersede(id, newRow(token.familyId, token.tokenHash)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isUniqueViolation(failure)).toBe(true);
      expect(await rows.findOneByOrFail({ id })).toMatchObject({ revoked: false });

      const replaced = await Promise.all(
        Array.from({ length: 5 }, () => repository.supersede(id, newRow(token.familyId))),
      );
      expect(replaced.filter(Boolean)).toHaveLength(1);
      const live = (await family(token.familyId)).filter((row) => !row.revoked && row.rotatedAt === null);
      expect(live).toHaveLength(1);
    });
  });
});
