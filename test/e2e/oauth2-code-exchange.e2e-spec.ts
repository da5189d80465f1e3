import { DataSource } from 'typeorm';
import { sha256Hex } from '../../src/common/crypto/crypto';
import { CodeRedemptionEntity } from '../../src/oauth2/authorize/code-redemption.entity';
import { Oauth2Extensions } from '../../src/oauth2/extensions/oauth2-extensions';
import { AccessTokenIssuer } from '../../src/oauth2/tokens/access-token.issuer';
import { RefreshTokenEntity } from '../../src/oauth2/tokens/refresh-token.entity';
import { RefreshTokenRepository } from '../../src/oauth2/tokens/refresh-token.repository';
import {
  CALLBACK,
  type Oauth2Client,
  authorizationCode,
  postForm,
  registerOauth2Client,
} from './support/oauth2-client';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';
import { backend } from './support/test-environment';
import { createSignedInUser } from './support/users';

interface Tokens {
  access_token: string;
  refresh_token: string;
}

/**
 * The code exchange's single use (RFC 6749 §4.1.2) is decided by the code's row in `oauth2_code_redemptions`, in the
 * transaction that stores its refresh token, on both backends: an exchange cut short before that commit leaves the
 * code for the client's retry (issue 24), and of any number of uses, across instances, exactly one gets tokens, which
 * the others, being replays, revoke.
 */
describe('OAuth 2 code exchange: single use, decided with its tokens', () => {
  let gatehouse: TestApp;
  let user: SignedIn;
  let client: Oauth2Client;

  const exchange = (instance: TestApp, code: string, verifier: string) =>
    postForm(
      instance,
      '/oauth2/token',
      { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: CALLBACK },
      client,
    );
  const active = async (token: string): Promise<boolean> => {
    const answer = await postForm(gatehouse, '/oauth2/introspect', { token }, client).expect(200);
    return (answer.body as { active: boolean }).active;
  };
  const redeemed = (code: string) =>
    gatehouse.app
      .get(DataSource)
      .getRepository(CodeRedemptionEntity)
      .existsBy({ codeHash: sha256Hex(code) });
  const liveRefreshTokens = (code: string) =>
    gatehouse.app
      .get(DataSource)
      .getRepository(RefreshTokenEntity)
      .countBy({ familyId: sha256Hex(code), revoked: false });

  beforeAll(async () => {
    gatehouse = await startTestApp();
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    const dev = await createSignedInUser(gatehouse, 'Codecutdev');
    user = await createSignedInUser(gatehouse, 'Codecutuser');
    client = await registerOauth2Client(dev, admin, { name: 'Code exchange app' });
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  describe('a code exchange cut short, as by kill -9 (issue 24)', () => {
    it('leaves the code redeemable when cut before its tokens were stored: the retry exchanges it', async () => {
      // Where the code was once taken from the store first: spent with nothing issued, and the retry a "replay".
      const { code, verifier } = await authorizationCode(user, client);
      vi.spyOn(gatehouse.app.get(AccessTokenIssuer), 'issue').mockRejectedValueOnce(new Error('killed'));
      await exchange(gatehouse, code, verifier).expect(500);
      expect(await redeemed(code)).toBe(false);

      const retried = (await exchange(gatehouse, code, verifier).expect(200)).body as Tokens;
      expect(await active(retried.access_token)).toBe(true);
      expect(await active(retried.refresh_token)).toBe(true);
      expect(await liveRefreshTokens(code)).toBe(1);
    });

    it('leaves the code redeemable when its transaction fails: neither the redemption nor the token is kept', async () => {
      const { code, verifier } = await authorizationCode(user, client);
      // The refresh token's INSERT fails inside the transaction that records the redemption.
      vi.spyOn(gatehouse.app.get(RefreshTokenRepository), 'insertStep').mockReturnValueOnce([
        { sql: 'INSERT INTO oauth2_no_such_table (id) VALUES (1)', parameters: [] },
      ]);
      await exchange(gatehouse, code, verifier).expect(500);
      expect(await redeemed(code)).toBe(false);
      expect(await liveRefreshTokens(code)).toBe(0);

      const retried = (await exchange(gatehouse, code, verifier).expect(200)).body as Tokens;
      expect(await active(retried.refresh_token)).toBe(true);
      expect(await liveRefreshTokens(code)).toBe(1);
    });

    it('leaves the code spent when cut after its tokens were committed: the retry is a replay and revokes them', async () => {
      // The window that stays: the server cannot tell this retry from an attacker's replay (RFC 6749 §4.1.2).
      const { code, verifier } = await authorizationCode(user, client);
      vi.spyOn(gatehouse.app.get(Oauth2Extensions), 'tokenResponse').mockRejectedValueOnce(new Error('killed'));
      await exchange(gatehouse, code, verifier).expect(500);
      expect(await redeemed(code)).toBe(true);
      expect(await liveRefreshTokens(code)).toBe(1);

      const retried = await exchange(gatehouse, code, verifier).expect(400);
      expect(retried.body.error).toBe('invalid_grant');
      expect(await liveRefreshTokens(code)).toBe(0);
    });
  });

  it('spends a code on a refused exchange: a wrong verifier gets no second guess', async () => {
    const { code, verifier } = await authorizationCode(user, client);
    const wrong = `${verifier.slice(0, -1)}${verifier.endsWith('A') ? 'B' : 'A'}`;
    expect((await exchange(gatehouse, code, wrong).expect(400)).body.error).toBe('invalid_grant');
    expect((await exchange(gatehouse, code, verifier).expect(400)).body.error).toBe('invalid_grant');
  });

  it('answers exactly one of 8 concurrent exchanges of a code with tokens, which the replays revoke', async () => {
    for (let round = 1; round <= 4; round += 1) {
      const { code, verifier } = await authorizationCode(user, client);
      const answers = await Promise.all(Array.from({ length: 8 }, () => exchange(gatehouse, code, verifier)));
      expectOneUse(round, answers);
      for (const answer of answers.filter((candidate) => candidate.status === 200)) {
        expect(await active((answer.body as Tokens).access_token)).toBe(false);
      }
      expect({ round, live: await liveRefreshTokens(code) }).toEqual({ round, live: 0 });
    }
  });

  /** Two instances of one deployment, on MariaDB and Redis: the unique key decides for both. */
  describe.runIf(backend.redisUrl)('across two instances', () => {
    let second: TestApp;

    beforeAll(async () => {
      second = await startTestApp({ shareWith: gatehouse, env: { PUBLIC_URL: gatehouse.url } });
    });

    afterAll(async () => {
      await second.close();
    });

    it('answers exactly one of concurrent exchanges on both instances with tokens, which the replays revoke', async () => {
      for (let round = 1; round <= 6; round += 1) {
        const { code, verifier } = await authorizationCode(user, client);
        const answers = await Promise.all(
          Array.from({ length: 6 }, (_, index) => exchange(index % 2 === 0 ? gatehouse : second, code, verifier)),
        );
        expectOneUse(round, answers);
        for (const answer of answers.filter((candidate) => candidate.status === 200)) {
          expect(await active((answer.body as Tokens).access_token)).toBe(false);
        }
        expect({ round, live: await liveRefreshTokens(code) }).toEqual({ round, live: 0 });
      }
    });

    it('exchanges on one instance a code whose exchange was cut short on the other', async () => {
      const { code, verifier } = await authorizationCode(user, client);
      vi.spyOn(gatehouse.app.get(AccessTokenIssuer), 'issue').mockRejectedValueOnce(new Error('killed'));
      await exchange(gatehouse, code, verifier).expect(500);

      const retried = (await exchange(second, code, verifier).expect(200)).body as Tokens;
      expect(await active(retried.refresh_token)).toBe(true);
      expect((await exchange(gatehouse, code, verifier).expect(400)).body.error).toBe('invalid_grant');
      expect(await active(retried.refresh_token)).toBe(false);
    });
  });
});

/**
 * Exactly one answer with tokens (the first to commit; a use that comes later is refused, never the winner); every
 * other one refused as `invalid_grant`, never an error of the server.
 */
function expectOneUse(round: number, answers: { status: number; body: { error?: string } }[]): void {
  const issued = answers.filter((answer) => answer.status === 200).length;
  expect({ round, issued }).toEqual({ round, issued: 1 });
  const refused = answers.filter((answer) => answer.status !== 200);
  expect({ round, refused: refused.map((answer) => `${answer.status} ${answer.body.error ?? ''}`) }).toEqual({
    round,
    refused: refused.map(() => '400 invalid_grant'),
  });
}
