// The query plans of the statements the hot paths (and the retention purge) issue, on a seeded database: which
// index each one uses, or that it scans the table. The statements are the SQL TypeORM builds for the named
// repository methods, with its aliases and column lists left out (they do not change the plan).
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../package.json', import.meta.url));

/**
 * Values of real seeded rows, so that a lookup of a unique key is planned as one (MariaDB answers "impossible
 * WHERE" for a key that is not there), and the purge's cutoff: the default retention of 7 days before now.
 */
const SAMPLE = `SELECT t.identifier AS jti, t.family_id AS family, t.acceptance_id AS acceptance, t.consumer_id AS consumer,
  a.user_id AS user, c.consumer_key AS consumerKey, r.token_hash AS tokenHash
  FROM oauth2_access_tokens t JOIN oauth_accepted_consumer a ON a.id = t.acceptance_id
  JOIN oauth_registered_consumer c ON c.id = t.consumer_id JOIN oauth2_refresh_tokens r ON r.access_token_jti = t.identifier
  WHERE t.family_id IS NOT NULL LIMIT 1`;

/** [what issues it, SQL of the sample row `s`]. */
const STATEMENTS = (s, cutoff) => [
  [
    'AccessTokenRepository.find (introspection, gateway cache miss)',
    `SELECT * FROM oauth2_access_tokens WHERE identifier = '${s.jti}' LIMIT 1`,
  ],
  [
    'AccessTokenRepository.revoke (RFC 7009 revocation)',
    `UPDATE oauth2_access_tokens SET revoked = 1 WHERE identifier = '${s.jti}' AND revoked = 0`,
  ],
  [
    'AccessTokenRepository.revokeFamily (code replay, refresh reuse)',
    `UPDATE oauth2_access_tokens SET revoked = 1 WHERE family_id = '${s.family}' AND revoked = 0`,
  ],
  [
    'AccessTokenRepository.revokeByAcceptance (a user revokes an app)',
    `UPDATE oauth2_access_tokens SET revoked = 1 WHERE acceptance_id = ${s.acceptance} AND revoked = 0`,
  ],
  [
    'AccessTokenRepository.revokeByConsumer (a consumer disabled)',
    `UPDATE oauth2_access_tokens SET revoked = 1 WHERE consumer_id = ${s.consumer} AND revoked = 0`,
  ],
  [
    'AcceptanceRepository.findById (introspection, gateway cache miss)',
    `SELECT * FROM oauth_accepted_consumer WHERE id = ${s.acceptance} LIMIT 1`,
  ],
  [
    'AcceptanceRepository.find (owner-only client_credentials, consent)',
    `SELECT * FROM oauth_accepted_consumer WHERE user_id = ${s.user} AND consumer_id = ${s.consumer} AND wiki = '*' LIMIT 1`,
  ],
  [
    'UserRepository.findById with memberships (introspection, gateway cache miss)',
    `SELECT * FROM users u LEFT JOIN user_groups g ON g.user_id = u.id WHERE u.id = ${s.user}`,
  ],
  [
    'ConsumerRepository.findByKey (client authentication, cache miss)',
    `SELECT * FROM oauth_registered_consumer WHERE consumer_key = '${s.consumerKey}' LIMIT 1`,
  ],
  [
    'RefreshTokenRepository.findByHash (refresh exchange, introspection)',
    `SELECT * FROM oauth2_refresh_tokens WHERE token_hash = '${s.tokenHash}' LIMIT 1`,
  ],
  [
    'RefreshTokenRepository.issuedAfter (refresh reuse)',
    `SELECT id, access_token_jti, rotated_at, revoked FROM oauth2_refresh_tokens WHERE family_id = '${s.family}' AND id > 1 ORDER BY id ASC`,
  ],
  [
    'RefreshTokenRepository.revokeByAcceptance',
    `UPDATE oauth2_refresh_tokens SET revoked = 1 WHERE acceptance_id = ${s.acceptance} AND revoked = 0`,
  ],
  [
    'RefreshTokenRepository.revokeByConsumer (a consumer disabled)',
    `UPDATE oauth2_refresh_tokens SET revoked = 1 WHERE consumer_id = ${s.consumer} AND revoked = 0`,
  ],
  [
    'retention purge (deleteInBatches): the ids of one batch of dead access tokens',
    `SELECT id FROM oauth2_access_tokens WHERE expires < '${cutoff}' LIMIT 1000`,
  ],
  [
    'retention purge (deleteInBatches): the DELETE of a batch, by id',
    'DELETE FROM oauth2_access_tokens WHERE id IN (1, 2, 3)',
  ],
  [
    'retention purge (deleteInBatches): the ids of one batch of dead refresh tokens',
    `SELECT id FROM oauth2_refresh_tokens WHERE expires < '${cutoff}' LIMIT 1000`,
  ],
];

const RETENTION_MS = 7 * 86_400_000;

/** Answers [{ what, sql, plan: [lines], scan: whether some step reads a whole table }]. */
export async function explainHotPaths(backend) {
  const plans = [];
  const cutoff = new Date(Date.now() - RETENTION_MS).toISOString().slice(0, 19).replace('T', ' ');
  if (backend.kind === 'sqlite') {
    const Database = require('better-sqlite3');
    const db = new Database(backend.databaseUrl.slice('sqlite:'.length), { readonly: true });
    for (const [what, sql] of STATEMENTS(db.prepare(SAMPLE).get(), cutoff)) {
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all()
        .map((row) => row.detail);
      plans.push({ what, sql, plan, scan: plan.some((line) => /^SCAN (?!CONSTANT)/.test(line)) });
    }
    db.close();
    return plans;
  }
  const mysql = require('mysql2/promise');
  const connection = await mysql.createConnection(backend.databaseUrl);
  try {
    const [[sample]] = await connection.query(SAMPLE);
    for (const [what, sql] of STATEMENTS(sample, cutoff)) {
      const [rows] = await connection.query(`EXPLAIN ${sql}`);
      const plan = rows.map(
        (row) =>
          `${row.table ?? '-'}: type ${row.type ?? '-'}, key ${row.key ?? '-'}, rows ${row.rows ?? '-'}` +
          (row.Extra ? `, ${row.Extra}` : ''),
      );
      plans.push({ what, sql, plan, scan: rows.some((row) => row.type === 'ALL' || row.type === 'index') });
    }
  } finally {
    await connection.end();
  }
  return plans;
}

export function formatPlans(title, plans) {
  const lines = [
    `#### Query plans: ${title}`,
    '',
    '| statement (issued by) | plan | full scan |',
    '| --- | --- | --- |',
  ];
  for (const { what, sql, plan, scan } of plans) {
    lines.push(`| ${what}<br>\`${sql.replaceAll('|', '\\|')}\` | ${plan.join('<br>')} | ${scan ? '**yes**' : 'no'} |`);
  }
  return lines.join('\n');
}
