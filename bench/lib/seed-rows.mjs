// Rows for a grown database, shaped like real traffic: users, approved OAuth 2 consumers, users' authorizations of
// them, and the access and refresh tokens they were issued. Each table is a generator of rows (arrays of column
// values, in the order of COLUMNS), so a writer can stream them into multi-row INSERTs without holding them all.
import { createHash, randomFillSync } from 'node:crypto';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../package.json', import.meta.url));

/** The columns written, per table (the rest keep their defaults); matches migrations/ and the entities. */
export const COLUMNS = {
  users: [
    'id',
    'name',
    'name_skeleton',
    'email',
    'email_confirmed_at',
    'password_hash',
    'real_name',
    'registered_at',
    'blocked',
    'locked',
  ],
  oauth_registered_consumer: [
    'id',
    'consumer_key',
    'name',
    'version',
    'user_id',
    'callback_url',
    'callback_is_prefix',
    'description',
    'email',
    'developer_agreement',
    'owner_only',
    'wiki',
    'grants',
    'registration',
    'secret_key',
    'restrictions',
    'stage',
    'stage_timestamp',
    'deleted',
    'oauth_version',
    'oauth2_allowed_grants',
    'oauth2_is_confidential',
    'change_counter',
  ],
  oauth_accepted_consumer: [
    'id',
    'wiki',
    'user_id',
    'consumer_id',
    'access_token',
    'access_secret',
    'grants',
    'accepted',
    'oauth_version',
  ],
  oauth2_access_tokens: ['identifier', 'expires', 'acceptance_id', 'consumer_id', 'revoked', 'family_id'],
  oauth2_refresh_tokens: [
    'token_hash',
    'access_token_jti',
    'acceptance_id',
    'consumer_id',
    'user_id',
    'scopes',
    'family_id',
    'expires',
    'rotated_at',
    'revoked',
  ],
};

const GRANTS = JSON.stringify(['basic', 'editpage']);
const GRANT_TYPES = JSON.stringify(['authorization_code', 'refresh_token', 'client_credentials']);
const RESTRICTIONS = JSON.stringify({ IPAddresses: ['0.0.0.0/0', '::/0'] });
/** The shape of a real scrypt hash; nobody signs in as a seeded user. */
const PASSWORD_HASH = `scrypt$16384$8$1$${'A'.repeat(22)}==$${'B'.repeat(43)}=`;
const DAY = 86_400_000;

/** Random lowercase hex from a refilled pool: one randomFillSync per 64 KiB instead of one call per value. */
class HexPool {
  pool = Buffer.alloc(65_536);
  offset = this.pool.length;

  next(chars) {
    const bytes = chars / 2;
    if (this.offset + bytes > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    this.offset += bytes;
    return this.pool.toString('hex', this.offset - bytes, this.offset);
  }
}

/** Deterministic pseudo-random numbers (mulberry32), so two seeds of the same size spread rows the same way. */
function numbers(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * The plan of a seed: how many rows of each kind, the first id of each table (after the rows already there), and
 * the shares that make it look like traffic. Half the access tokens are users' (code and refresh exchanges, each
 * with its refresh token), half are client_credentials tokens of shared clients; a quarter of them are still live,
 * the rest expired within the retention window (up to 7 days ago), 3 % revoked.
 */
export function seedPlan({ users, consumers, tokens, firstIds, now = Date.now() }) {
  return {
    users,
    consumers,
    // one to three authorizations per user: two on average
    acceptances: users * 2,
    tokens,
    userShare: 0.5,
    liveShare: 0.25,
    revokedShare: 0.03,
    retentionMs: 7 * DAY,
    firstIds,
    now,
  };
}

/** A consumer index skewed toward the first ones: a few apps get most of the traffic, as in real deployments. */
function popularConsumer(random, count) {
  return Math.min(count - 1, Math.floor(count * random() ** 3));
}

/**
 * The table's rows as arrays of values (dates as Date, booleans as 0/1, JSON as text). `references` carries what
 * later tables need from earlier ones (consumer ids, acceptances), so call the tables in order.
 */
export function* rowsOf(table, plan, references, hex = new HexPool()) {
  const random = numbers(Object.keys(COLUMNS).indexOf(table) + 1);
  const { now, firstIds } = plan;
  const past = (maxMs) => new Date(now - Math.floor(random() * maxMs));
  if (table === 'users') {
    const { userNameSkeleton } = require('./dist/src/identity/user-name-skeleton.js');
    for (let i = 0; i < plan.users; i += 1) {
      const id = firstIds.users + i;
      const name = `Seeduser${id}`;
      const registered = past(1000 * DAY);
      yield [
        id,
        name,
        userNameSkeleton(name),
        `seeduser${id}@example.com`,
        registered,
        PASSWORD_HASH,
        '',
        registered,
        random() < 0.005 ? 1 : 0,
        0,
      ];
    }
  } else if (table === 'oauth_registered_consumer') {
    references.consumerIds = [];
    for (let i = 0; i < plan.consumers; i += 1) {
      const id = firstIds.oauth_registered_consumer + i;
      references.consumerIds.push(id);
      const owner = firstIds.users + Math.floor(random() * plan.users);
      const registered = past(1000 * DAY);
      yield [
        id,
        hex.next(32),
        `Seed app ${id}`,
        '1.0',
        owner,
        `https://app${id}.example/callback`,
        0,
        `Seeded application ${id}`,
        `seeduser${owner}@example.com`,
        1,
        0,
        '*',
        GRANTS,
        registered,
        hex.next(32),
        RESTRICTIONS,
        1,
        registered,
        0,
        2,
        GRANT_TYPES,
        1,
        0,
      ];
    }
  } else if (table === 'oauth_accepted_consumer') {
    // per acceptance: [id, user id, consumer id], for the user tokens
    references.acceptances = [];
    let id = firstIds.oauth_accepted_consumer;
    for (let u = 0; u < plan.users; u += 1) {
      const userId = firstIds.users + u;
      const count = 1 + Math.floor(random() * 3);
      const chosen = new Set();
      while (chosen.size < Math.min(count, plan.consumers)) {
        chosen.add(references.consumerIds[popularConsumer(random, plan.consumers)]);
      }
      for (const consumerId of chosen) {
        references.acceptances.push([id, userId, consumerId]);
        yield [id, '*', userId, consumerId, hex.next(32), hex.next(32), GRANTS, past(365 * DAY), 2];
        id += 1;
      }
    }
  } else if (table === 'oauth2_access_tokens' || table === 'oauth2_refresh_tokens') {
    // The same draw for both tables: each user token's refresh token is written with the access token's jti.
    const draw = numbers(99);
    const refresh = table === 'oauth2_refresh_tokens';
    for (let i = 0; i < plan.tokens; i += 1) {
      const userToken = draw() < plan.userShare;
      const live = draw() < plan.liveShare;
      const revoked = draw() < plan.revokedShare ? 1 : 0;
      const expires = live
        ? new Date(plan.now + Math.floor(draw() * 3_600_000))
        : new Date(plan.now - Math.floor(draw() * plan.retentionMs));
      const pick = draw();
      const familyPart = Math.floor(draw() * 4);
      const used = draw() < 0.9;
      if (!userToken) {
        if (!refresh) {
          const consumerId = references.consumerIds[popularConsumer(() => pick, plan.consumers)];
          yield [tokenIdentifier(i), expires, 0, consumerId, revoked, null];
        }
        continue;
      }
      const jti = tokenIdentifier(i);
      const [acceptanceId, userId, consumerId] =
        references.acceptances[Math.floor(pick * references.acceptances.length)];
      const family = createHash('sha256').update(`${acceptanceId}:${familyPart}`).digest('hex');
      if (!refresh) {
        yield [jti, expires, acceptanceId, consumerId, revoked, family];
      } else {
        const rotated = !live && used ? new Date(expires.getTime() - 60_000) : null;
        yield [
          hex.next(64),
          jti,
          acceptanceId,
          consumerId,
          userId,
          GRANTS,
          family,
          new Date(expires.getTime() + 30 * DAY - 3_600_000),
          rotated,
          revoked,
        ];
      }
    }
  } else {
    throw new Error(`no seed rows for ${table}`);
  }
}

/**
 * The jti of the i-th token (80 hex, like a real one): random-looking, and the same in the access-token pass and
 * the refresh-token pass without either keeping millions of them.
 */
export function tokenIdentifier(i) {
  return createHash('sha512').update(`seed-jti:${i}`).digest('hex').slice(0, 80);
}
