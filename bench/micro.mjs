#!/usr/bin/env node
// What the steps of the slow requests cost, called one at a time inside a running service (no HTTP, no
// concurrency): the built app (dist/) is started in this process, pinned to one core, on a fresh backend, and
// each step is timed for about a second. CPU is this process's (all threads: WebCrypto signs on libuv's pool).
// For the database reads and writes the same statement is also timed through TypeORM's raw query() and through
// the driver itself, which shows what the ORM's query building adds.
//
//   node bench/micro.mjs [--backends sqlite,mysql] [--service-dir DIR] [--seconds 1] [--passes 3] [--only REGEX]
// Each step runs in every pass (the passes interleave the steps); the table keeps each step's median pass.
/* global URLSearchParams */
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freshBackend, serviceEnv, writeSigningKey } from './lib/backends.mjs';
import { cleanups, runCleanups } from './lib/cleanups.mjs';
import { signedHeader } from './lib/oauth1-headers.mjs';
import { freePort } from './lib/pinned-process.mjs';
import { ADMIN, prepareCredentials } from './lib/setup.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    backends: { type: 'string', default: 'sqlite,mysql' },
    'service-dir': { type: 'string', default: '' },
    seconds: { type: 'string', default: '1' },
    passes: { type: 'string', default: '3' },
    only: { type: 'string', default: '' },
    core: { type: 'string', default: '0' },
    'mysql-url': { type: 'string', default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/' },
    'redis-url': { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379' },
    out: { type: 'string', default: 'bench/results' },
  },
});
const SERVICE_DIR = resolve(options['service-dir'] || ROOT);
const SECONDS = Number(options.seconds);
const PASSES = Number(options.passes);
const only = options.only ? new RegExp(options.only) : undefined;
const serviceRequire = createRequire(join(SERVICE_DIR, 'package.json'));
const dist = (path) => serviceRequire(join(SERVICE_DIR, 'dist/src', path));

/** Runs `step(i)` one call at a time for about SECONDS after a warm-up; CPU and wall time per call. */
async function time(step, seconds = SECONDS) {
  let i = 0;
  for (; i < 30; i += 1) {
    await step(i);
  }
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  let count = 0;
  while (count < 20_000 && Number(process.hrtime.bigint() - started) < seconds * 1e9) {
    await step(i + count);
    count += 1;
  }
  const wallUs = Number(process.hrtime.bigint() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { count, cpu_us: (used.user + used.system) / count, wall_us: wallUs / count };
}

/** SQL statements per call of `step` (MariaDB only), e.g. `2 SELECT, 1 INSERT`, over 50 calls. */
async function statementsPerCall(counts, step) {
  const calls = 50;
  const before = await counts();
  for (let i = 0; i < calls; i += 1) {
    await step(100_000 + i);
  }
  const after = await counts();
  const parts = Object.keys(after)
    .map((kind) => [kind, (after[kind] - before[kind]) / calls])
    .filter(([, perCall]) => perCall >= 0.05)
    .map(([kind, perCall]) => `${Number.isInteger(perCall) ? perCall : perCall.toFixed(1)} ${kind}`);
  return parts.length > 0 ? parts.join(', ') : 'no SQL';
}

function protocolRequest({ authorization, body }) {
  const headers = { authorization, 'content-type': 'application/x-www-form-urlencoded' };
  return {
    query: {},
    body,
    header: (name) => headers[name.toLowerCase()],
    is: (type) => (type === 'application/x-www-form-urlencoded' ? type : false),
    ip: '127.0.0.1',
  };
}

async function steps(app, credentials, kind) {
  const { DataSource } = serviceRequire('typeorm');
  const { SignJWT } = await import(serviceRequire.resolve('jose'));
  const get = (path, name) => app.get(dist(path)[name], { strict: false });
  const basic = (client) => `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;

  const directory = get('consumers/consumer-directory.js', 'ConsumerDirectory');
  const consumerRepository = get('consumers/consumer.repository.js', 'ConsumerRepository');
  const clients = get('oauth2/protocol/client-authenticator.js', 'ClientAuthenticator');
  const throttle = get('oauth2/protocol/client-auth-throttle.js', 'ClientAuthThrottle');
  const { checkConsumerAccess } = dist('consumers/checks/check-consumer-access.js');
  const issuer = get('oauth2/tokens/access-token.issuer.js', 'AccessTokenIssuer');
  const tokens = get('oauth2/tokens/access-token.repository.js', 'AccessTokenRepository');
  const verifier = get('oauth2/tokens/access-token.verifier.js', 'AccessTokenVerifier');
  const endpoint = get('oauth2/token/token-endpoint.service.js', 'TokenEndpointService');
  const introspection = get('oauth2/introspection/token-introspection.service.js', 'TokenIntrospectionService');
  const identity = get('identity/identity.service.js', 'IdentityService');
  const acceptances = get('grants/acceptance.service.js', 'AcceptanceService');
  const store = get('cache/temporary-store.js', 'TemporaryStore');
  const keys = get('oauth2/keys/signing-keys.service.js', 'SigningKeys');
  const secrets = get('consumers/consumer-secrets.js', 'ConsumerSecrets');
  const decisions = get('gateway/gateway-decision.service.js', 'GatewayDecisionService');
  const codes = get('oauth2/authorize/authorization-code.store.js', 'AuthorizationCodeStore');
  const refreshTokens = get('oauth2/tokens/refresh-token.service.js', 'RefreshTokenService');
  const refreshRows = get('oauth2/tokens/refresh-token.repository.js', 'RefreshTokenRepository');
  const revocation = get('oauth2/tokens/token-revocation.service.js', 'TokenRevocation');
  const currentAuthorization = get('oauth2/grants/current-authorization.js', 'CurrentAuthorization');
  const { inIpRanges } = dist('common/http/ip-ranges.js');
  const dataSource = app.get(DataSource, { strict: false });

  const consumer = await directory.findByKey(credentials.client.id);
  const claims = await verifier.claims(credentials.bearer); // synchronous in newer builds
  const record = await tokens.find(claims.jti);
  const consumerMeta = dataSource.entityMetadatas.find((m) => m.name === 'ConsumerEntity');
  const keyColumn = consumerMeta.findColumnWithPropertyName('consumerKey').databaseName;
  const tokenMeta = dataSource.entityMetadatas.find((m) => m.name === 'AccessTokenEntity');
  const column = (property) => tokenMeta.findColumnWithPropertyName(property).databaseName;
  const q = kind === 'sqlite' ? (name) => `"${name}"` : (name) => `\`${name}\``;
  const selectConsumer = `SELECT * FROM ${q(consumerMeta.tableName)} WHERE ${q(keyColumn)} = ?`;
  const insertColumns = ['identifier', 'expires', 'acceptanceId', 'consumerId', 'familyId', 'revoked'];
  const insertToken = `INSERT INTO ${q(tokenMeta.tableName)} (${insertColumns.map((p) => q(column(p))).join(', ')}) VALUES (?, ?, ?, ?, ?, ?)`;
  const tokenValues = () => [
    randomBytes(40).toString('hex'),
    kind === 'sqlite'
      ? new Date(Date.now() + 3600_000).toISOString().replace('T', ' ').slice(0, 23)
      : new Date(Date.now() + 3600_000),
    0,
    consumer.id,
    null,
    0,
  ];
  let driverSelect;
  let driverInsert;
  let statementCounts;
  if (kind === 'sqlite') {
    const db = dataSource.driver.databaseConnection;
    const select = db.prepare(selectConsumer);
    const insert = db.prepare(insertToken);
    driverSelect = async () => select.get(credentials.client.id);
    driverInsert = async () => insert.run(...tokenValues());
  } else {
    const pool = dataSource.driver.pool;
    const query = (sql, values) =>
      new Promise((done, fail) => pool.query(sql, values, (error, rows) => (error ? fail(error) : done(rows))));
    driverSelect = () => query(selectConsumer, [credentials.client.id]);
    driverInsert = () => query(insertToken, tokenValues());
    // MariaDB counts statements by kind server-wide (SHOW STATUS itself counts as none of these)
    statementCounts = async () => {
      const rows = await query(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('Com_select', 'Com_insert', 'Com_update', 'Com_delete')",
        [],
      );
      return Object.fromEntries(rows.map((row) => [row.Variable_name.slice(4).toUpperCase(), Number(row.Value)]));
    };
  }

  // refresh_token: each call spends the token the previous one got (rotation), as a client does
  let refreshToken = credentials.refreshToken;
  const refresh = async () => {
    const answer = await endpoint.exchange(
      protocolRequest({
        authorization: basic(credentials.client),
        body: { grant_type: 'refresh_token', refresh_token: refreshToken },
      }),
    );
    refreshToken = answer.refresh_token;
  };
  // authorization_code: a code for the bench user's authorization, put in the store as the consent page does
  const codeVerifier = randomBytes(32).toString('base64url');
  const issueCode = () =>
    codes.issue({
      clientKey: consumer.key,
      userId: claims.userId,
      acceptanceId: record.acceptanceId,
      scopes: claims.scopes,
      redirectUri: 'https://app.example/callback',
      redirectUriGiven: false,
      codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url'),
      codeChallengeMethod: 'S256',
    });
  const exchangeCode = async () =>
    endpoint.exchange(
      protocolRequest({
        authorization: basic(credentials.client),
        body: { grant_type: 'authorization_code', code: await issueCode(), code_verifier: codeVerifier },
      }),
    );

  const key = keys.current();
  const bearerInput = credentials.bearer.slice(0, credentials.bearer.lastIndexOf('.'));
  const bearerSignature = credentials.bearer.slice(credentials.bearer.lastIndexOf('.') + 1);
  const bearerPublicKey = createPublicKey(key.privateKey);
  const signingInput = Buffer.from(randomBytes(400).toString('base64url'));
  const oauth1Headers = Array.from({ length: 25_000 }, (_, i) =>
    signedHeader(
      'GET',
      'http://api.example.com/things',
      credentials.oauth1,
      `m${i}${randomBytes(4).toString('hex')}`,
      Math.floor(Date.now() / 1000),
    ),
  );
  const gatewayRequest = (authorization) => ({
    method: 'GET',
    headers: {
      authorization,
      'x-original-uri': '/things',
      'x-original-method': 'GET',
      'x-forwarded-host': 'api.example.com',
      'x-forwarded-proto': 'http',
      host: 'api.example.com',
    },
    suffix: '',
    query: new URLSearchParams(),
    clientIp: '127.0.0.1',
  });

  const joseSign = () =>
    new SignJWT({
      client_id: consumer.key,
      scope: 'basic editpage',
      scopes: ['basic', 'editpage'],
      grant_type: 'client_credentials',
    })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer('http://127.0.0.1')
      .setSubject('')
      .setAudience(consumer.key)
      .setJti(randomBytes(40).toString('hex'))
      .setIssuedAt()
      .setNotBefore('0s')
      .setExpirationTime('1h')
      .sign(key.privateKey);

  const list = [
    [
      'client_credentials, whole exchange (TokenEndpointService.exchange)',
      () =>
        endpoint.exchange(
          protocolRequest({ authorization: basic(credentials.client), body: { grant_type: 'client_credentials' } }),
        ),
    ],
    [
      '  ClientAuthenticator.authenticate (Basic)',
      () =>
        clients.authenticate(protocolRequest({ authorization: basic(credentials.client), body: {} }), {
          actor: 'someone',
        }),
    ],
    ['    ClientAuthThrottle.lockedFor (two counters)', () => throttle.lockedFor(credentials.client.id, '127.0.0.1')],
    ['    ConsumerDirectory.findByKey', () => directory.findByKey(credentials.client.id)],
    [
      '      ConsumerRepository.findByKey (TypeORM findOneBy)',
      () => consumerRepository.findByKey(credentials.client.id),
    ],
    ['      same SELECT through DataSource.query()', () => dataSource.query(selectConsumer, [credentials.client.id])],
    ['      same SELECT through the driver', driverSelect],
    [
      '    checkConsumerAccess (stage, owner rule, IP ranges)',
      async () => checkConsumerAccess(consumer, 'someone', '127.0.0.1'),
    ],
    [
      '    ConsumerSecrets.matches (HMAC + constant-time compare)',
      () => secrets.matches(consumer, credentials.client.secret),
    ],
    [
      '  AccessTokenIssuer.issue (sign + insert)',
      () =>
        issuer.issue({
          consumer,
          userId: undefined,
          acceptanceId: 0,
          scopes: consumer.grants,
          grantType: 'client_credentials',
          familyId: null,
        }),
    ],
    [
      '    jose sign, then the TypeORM insert (by hand)',
      async () => {
        await joseSign();
        await tokens.insert({
          jti: randomBytes(40).toString('hex'),
          expires: new Date(Date.now() + 3600_000),
          acceptanceId: 0,
          consumerId: consumer.id,
          familyId: null,
        });
      },
    ],
    ['    jose SignJWT RS256 (WebCrypto), for comparison', joseSign],
    [
      '    node:crypto sign RS256 of the same size (the signature alone)',
      async () => sign('sha256', signingInput, key.privateKey),
    ],
    [
      '    AccessTokenRepository.insert (TypeORM insert)',
      () =>
        tokens.insert({
          jti: randomBytes(40).toString('hex'),
          expires: new Date(Date.now() + 3600_000),
          acceptanceId: 0,
          consumerId: consumer.id,
          familyId: null,
        }),
    ],
    ['      same INSERT through the driver', driverInsert],
    ['refresh_token, whole exchange (TokenEndpointService.exchange)', refresh],
    ['  RefreshTokenService.lookup (SHA-256 + SELECT)', () => refreshTokens.lookup(randomBytes(40).toString('hex'))],
    // a used token's row: the transaction's UPDATE runs and changes nothing, as a lost race would
    ['  RefreshTokenRepository.rotate (UPDATE in a transaction)', () => refreshRows.rotate(1, new Date(), undefined)],
    [
      '  TokenRevocation.revokeAccessToken (UPDATE + invalidation)',
      () => revocation.revokeAccessToken(randomBytes(40).toString('hex')),
    ],
    [
      '  CurrentAuthorization.require (user, authorization)',
      () => currentAuthorization.require(consumer, claims.userId, record.acceptanceId, '127.0.0.1'),
    ],
    [
      '  RefreshTokenService.issue (INSERT)',
      () =>
        refreshTokens.issue({
          consumer,
          userId: claims.userId,
          acceptanceId: record.acceptanceId,
          scopes: claims.scopes,
          accessTokenJti: randomBytes(40).toString('hex'),
          familyId: randomBytes(32).toString('hex'),
        }),
    ],
    ['authorization_code, whole exchange, with AuthorizationCodeStore.issue', exchangeCode],
    ['  AuthorizationCodeStore.issue (to subtract)', issueCode],
    [
      'introspection (TokenIntrospectionService.introspect), token seen before',
      () =>
        introspection.introspect(
          protocolRequest({ authorization: basic(credentials.introspector), body: { token: credentials.bearer } }),
        ),
    ],
    [
      '  ActiveAccessTokens.check (cached)',
      // looked up here: builds before it have no such service, and the step fails alone there
      () => get('oauth2/tokens/active-access-tokens.js', 'ActiveAccessTokens').check(credentials.bearer),
    ],
    [
      '  AccessTokenVerifier.check (a token not seen before: signature + state)',
      () => verifier.check(credentials.bearer),
    ],
    ['    AccessTokenVerifier.claims (RS256 verify, claims)', async () => verifier.claims(credentials.bearer)],
    [
      '      node:crypto verify RS256 of the same token, for comparison',
      async () =>
        verify('sha256', Buffer.from(bearerInput), bearerPublicKey, Buffer.from(bearerSignature, 'base64url')),
    ],
    ['    AccessTokenRepository.find', () => tokens.find(claims.jti)],
    ['    AcceptanceService.findById', () => acceptances.findById(record.acceptanceId)],
    ['    IdentityService.findProfile', () => identity.findProfile(claims.userId)],
    [
      'gateway decision, bearer, cached (GatewayDecisionService.decide)',
      () => decisions.decide(gatewayRequest(`Bearer ${credentials.bearer}`)),
    ],
    [
      '  inIpRanges (consumer restriction check)',
      async () => inIpRanges('127.0.0.1', consumer.restrictions.ipAddresses),
    ],
    [
      'gateway decision, OAuth 1 HMAC-SHA1 (GatewayDecisionService.decide)',
      (i) => decisions.decide(gatewayRequest(oauth1Headers[i % oauth1Headers.length])),
    ],
    ['  TemporaryStore.add (nonce)', (i) => store.add(`bench-nonce:${i}:${randomBytes(4).toString('hex')}`, true, 300)],
    // Issue 15: a wrong password costs the same for a known and an unknown account (one scrypt derivation each), so
    // neither the answer nor its time tells whether the account exists. Below the throttle, which counts both alike.
    [
      'sign-in, wrong password, known account (IdentityService.verifyPassword)',
      () => identity.verifyPassword(ADMIN.username, 'wrong-password').catch(() => undefined),
    ],
    [
      'sign-in, wrong password, unknown account (IdentityService.verifyPassword)',
      () => identity.verifyPassword('No such account', 'wrong-password').catch(() => undefined),
    ],
  ];
  list.statementCounts = statementCounts;
  return list;
}

async function benchBackend(kind) {
  const { work, backend } = await freshBackend(
    kind,
    'gatehouse-micro',
    { mysqlUrl: options['mysql-url'], redisUrl: options['redis-url'] },
    cleanups,
  );
  const mainPort = await freePort();
  const env = serviceEnv({ mainPort, work, keyPath: writeSigningKey(work), backend, admin: ADMIN });
  serviceRequire('reflect-metadata'); // as main.ts does first
  const { loadConfig } = dist('config/load-config.js');
  const { createApp } = dist('app.factory.js');
  const { PinoLogger } = dist('common/logging/pino-logger.js');
  const config = loadConfig(env);
  const app = await createApp(config, new PinoLogger('warn'));
  await app.listen(mainPort, '127.0.0.1');
  cleanups.push(() => app.close());
  const credentials = await prepareCredentials(`http://127.0.0.1:${mainPort}`, ADMIN.username, ADMIN.password);
  console.log(
    `\n${backend.title} (${backend.versions.join(', ')}): one call at a time, ~${SECONDS} s each, median of ${PASSES}`,
  );
  console.log(`${'step'.padEnd(70)} ${'CPU µs'.padStart(8)} ${'wall µs'.padStart(8)} ${'calls'.padStart(6)}`);
  const rows = [];
  const list = await steps(app, credentials, kind);
  // a first pass warms every path up (JIT, caches, connection pools), so no step pays for the others' first calls
  for (const [name, step] of list) {
    if (!only || only.test(name)) {
      await time(step, 0.3).catch(() => undefined);
    }
  }
  // PASSES passes over all steps; each step's median pass is kept, so a slow moment of the machine hits one pass
  const passes = list.map(() => []);
  const failures = new Map();
  for (let pass = 0; pass < PASSES; pass += 1) {
    for (const [index, [name, step]] of list.entries()) {
      if (only && !only.test(name)) {
        continue;
      }
      try {
        passes[index].push(await time(step));
      } catch (error) {
        failures.set(index, error.message);
      }
    }
  }
  for (const [index, [name]] of list.entries()) {
    if (failures.has(index)) {
      rows.push({ name, error: failures.get(index) });
      console.log(`${name.padEnd(70)} failed: ${failures.get(index)}`);
      continue;
    }
    if (passes[index].length === 0) {
      continue;
    }
    const sorted = [...passes[index]].sort((a, b) => a.cpu_us - b.cpu_us);
    const result = sorted[Math.floor(sorted.length / 2)];
    if (list.statementCounts) {
      result.sql = await statementsPerCall(list.statementCounts, list[index][1]);
    }
    rows.push({ name, ...result, passes: passes[index].map((p) => Math.round(p.cpu_us)) });
    console.log(
      `${name.padEnd(70)} ${result.cpu_us.toFixed(0).padStart(8)} ${result.wall_us.toFixed(0).padStart(8)} ` +
        `${String(result.count).padStart(6)}${result.sql ? `  ${result.sql}` : ''}`,
    );
  }
  return { kind, title: backend.title, versions: backend.versions, rows };
}

async function main() {
  spawnSync('taskset', ['-a', '-cp', options.core, String(process.pid)]);
  const results = [];
  for (const kind of options.backends.split(',').filter(Boolean)) {
    try {
      results.push(await benchBackend(kind));
    } finally {
      await runCleanups();
    }
  }
  mkdirSync(options.out, { recursive: true });
  const lines = [];
  for (const result of results) {
    lines.push(
      `#### ${result.title} (${result.versions.join(', ')})`,
      '',
      '| step | CPU µs | wall µs | SQL per call |',
      '| --- | ---: | ---: | --- |',
    );
    for (const row of result.rows) {
      const name = row.name.replace(/^( +)/, (spaces) => '&nbsp;'.repeat(spaces.length * 2));
      lines.push(
        row.error
          ? `| ${name} | failed: ${row.error} | | |`
          : `| ${name} | ${row.cpu_us.toFixed(0)} | ${row.wall_us.toFixed(0)} | ${row.sql ?? ''} |`,
      );
    }
    lines.push('');
  }
  writeFileSync(join(options.out, 'micro.md'), `${lines.join('\n')}\n`);
  writeFileSync(join(options.out, 'micro.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nresults: ${join(options.out, 'micro.md')}, ${join(options.out, 'micro.json')}`);
  // the app's Redis and MariaDB clients are closed; a stray timer must not keep the process alive
  process.exit(0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
