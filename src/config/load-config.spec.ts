import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from '../../test/support/config-problems';
import { parseSentinelUrl } from '../cache/redis-sentinel-url';
import { loadConfig } from './load-config';

const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
const base = { DATA_DIR: dataDir };

function problemsOf(env: Record<string, string>): string[] {
  return configProblems(() => loadConfig({ ...base, ...env }));
}

describe('loadConfig', () => {
  it('starts with no configuration at all, generating development keys once', () => {
    const config = loadConfig(base);
    expect(config.http.port).toBe(3000);
    expect(config.http.publicUrl).toBe('http://localhost:3000');
    expect(config.database).toEqual({ type: 'sqlite', path: './data/gatehouse.sqlite' });
    expect(config.cache).toEqual({ type: 'memory' });
    expect(config.oauth.secretKeyGenerated).toBe(true);
    expect(config.oauth2.signingKeyGenerated).toBe(true);
    expect(config.oauth2.privateKeys).toHaveLength(1);
    expect(config.oauth2.accessTokenTtl).toBe(3600);
    expect(config.oauth2.refreshTokenTtl).toBe(30 * 86400);
    expect(config.oauth2.enabledGrantTypes).toEqual(['authorization_code', 'refresh_token', 'client_credentials']);
    expect(config.oauth2.dpop).toEqual({ enabled: true, requireNonce: false, proofWindow: 60 });
    const again = loadConfig(base);
    expect(again.oauth.secretKey).toBe(config.oauth.secretKey);
    expect(again.oauth2.privateKeys).toEqual(config.oauth2.privateKeys);
  });

  it('maps the production setup', () => {
    const config = loadConfig({
      ...base,
      DATABASE_URL: 'mariadb://root@127.0.0.1:3306/test',
      CACHE_URL: 'redis://127.0.0.1:6379',
      PUBLIC_URL: 'https://auth.example.com/',
      TRUST_PROXY: 'loopback, 10.0.0.0/8',
      OAUTH_GROUPS_TO_NOTIFY: 'oauthadmin, sysop',
      OAUTH2_GRANT_EXPIRATION_INTERVAL: 'infinity',
      OAUTH_READ_ONLY: 'yes',
      OAUTH2_REFRESH_TOKEN_GRACE_PERIOD: 'PT10S',
      OAUTH2_ALLOW_PLAIN_PKCE: 'true',
    });
    expect(config.database).toEqual({ type: 'mysql', url: 'mysql://root@127.0.0.1:3306/test' });
    expect(config.cache).toEqual({ type: 'redis', url: 'redis://127.0.0.1:6379' });
    expect(config.http.publicUrl).toBe('https://auth.example.com');
    expect(config.http.secureCookies).toBe(true);
    expect(config.http.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(config.oauth.groupsToNotify).toEqual(['oauthadmin', 'sysop']);
    expect(config.oauth.readOnly).toBe(true);
    expect(config.oauth2.accessTokenTtl).toBe(Infinity);
    expect(config.oauth2.refreshTokenGracePeriod).toBe(10);
    expect(config.oauth2.allowPlainPkce).toBe(true);
  });

  it('takes replicas of a MariaDB primary for the reads that may lag', () => {
    const config = loadConfig({
      ...base,
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/test',
      DATABASE_REPLICA_URLS: 'mariadb://reader:pw@10.0.0.2:3306/test, mysql://reader:pw@10.0.0.3/test',
    });
    expect(config.database).toEqual({
      type: 'mysql',
      url: 'mysql://root@127.0.0.1:3306/test',
      replicaUrls: ['mysql://reader:pw@10.0.0.2:3306/test', 'mysql://reader:pw@10.0.0.3/test'],
    });
  });

  it('refuses replica URLs that are not MariaDB URLs, without echoing their passwords', () => {
    const [problem] = problemsOf({
      DATABASE_URL: 'mysql://root@127.0.0.1:3306/test',
      DATABASE_REPLICA_URLS: 'mysql://reader:pw@10.0.0.2/test,postgres://reader:pw@10.0.0.3/test',
    });
    expect(problem).toMatch(/^DATABASE_REPLICA_URLS must be a comma-separated list of mysql:\/\//);
    expect(problem).not.toContain('pw');
  });

  it('refuses replicas of a SQLite database', () => {
    expect(problemsOf({ DATABASE_REPLICA_URLS: 'mysql://reader@10.0.0.2/test' })).toEqual([
      'DATABASE_REPLICA_URLS needs a MariaDB/MySQL DATABASE_URL: a SQLite file has no replicas',
    ]);
  });

  it('keeps a short refresh grace period and S256-only PKCE by default', () => {
    const config = loadConfig(base);
    expect(config.oauth2.refreshTokenGracePeriod).toBe(30);
    expect(config.oauth2.allowPlainPkce).toBe(false);
  });

  it('keeps the device flow off unless named, with a 10-minute code and a 5-second interval', () => {
    const config = loadConfig(base);
    expect(config.oauth2.enabledGrantTypes).not.toContain('urn:ietf:params:oauth:grant-type:device_code');
    expect(config.oauth2.deviceCodeLifetime).toBe(600);
    expect(config.oauth2.deviceCodeInterval).toBe(5);
    const enabled = loadConfig({
      ...base,
      OAUTH2_ENABLED_GRANT_TYPES: 'authorization_code,urn:ietf:params:oauth:grant-type:device_code',
      OAUTH2_DEVICE_CODE_LIFETIME: 'PT5M',
      OAUTH2_DEVICE_CODE_INTERVAL: '2',
    });
    expect(enabled.oauth2.enabledGrantTypes).toContain('urn:ietf:params:oauth:grant-type:device_code');
    expect([enabled.oauth2.deviceCodeLifetime, enabled.oauth2.deviceCodeInterval]).toEqual([300, 2]);
  });

  it('turns private_key_jwt and PAR on by default, PAR optional, request_uri living 60 s', () => {
    expect(loadConfig(base).oauth2).toMatchObject({
      privateKeyJwt: true,
      par: true,
      requirePar: false,
      parLifetime: 60,
      jwksUriCa: undefined,
    });
    expect(
      loadConfig({ ...base, OAUTH2_PRIVATE_KEY_JWT: 'false', OAUTH2_REQUIRE_PAR: 'true', OAUTH2_PAR_LIFETIME: 'PT90S' })
        .oauth2,
    ).toMatchObject({ privateKeyJwt: false, par: true, requirePar: true, parLifetime: 90 });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'ftp://x' }, 'DATABASE_URL'],
    [{ CACHE_URL: 'memcached://x' }, 'CACHE_URL'],
    [{ CACHE_URL: 'redis+sentinel://127.0.0.1:26379' }, 'CACHE_URL'],
    [{ CACHE_URL: 'redis+sentinel://a:1,b:99999/main' }, 'CACHE_URL'],
    [{ CACHE_URL: 'redis+sentinel://a:1,,b:2/main' }, 'CACHE_URL'],
    [{ SHUTDOWN_DRAIN_DELAY: 'soon' }, 'SHUTDOWN_DRAIN_DELAY'],
    [{ SHUTDOWN_DRAIN_DELAY: 'PT2M' }, 'SHUTDOWN_DRAIN_DELAY'],
    [{ OAUTH2_GRANT_EXPIRATION_INTERVAL: 'soon' }, 'OAUTH2_GRANT_EXPIRATION_INTERVAL'],
    [{ OAUTH2_ENABLED_GRANT_TYPES: 'password' }, 'OAUTH2_ENABLED_GRANT_TYPES'],
    [{ OAUTH_READ_ONLY: 'maybe' }, 'OAUTH_READ_ONLY'],
    [{ PUBLIC_URL: 'localhost:3000' }, 'PUBLIC_URL'],
    [{ OAUTH_SECRET_KEY: 'short' }, 'OAUTH_SECRET_KEY'],
    [{ ADMIN_USERNAME: 'admin' }, 'ADMIN_PASSWORD'],
    [{ GROUP_PERMISSIONS: '{"user": "edit"}' }, 'GROUP_PERMISSIONS'],
    [{ GROUP_PERMISSIONS: '{not json' }, 'GROUP_PERMISSIONS'],
    [{ GRANTS_FILE: '/nonexistent/grants.json' }, 'GRANTS_FILE'],
    [{ OAUTH2_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }, 'OAUTH2_PRIVATE_KEY'],
    [{ SESSION_TTL: 'infinity' }, 'SESSION_TTL'],
    [{ OAUTH2_REFRESH_TOKEN_GRACE_PERIOD: 'infinity' }, 'OAUTH2_REFRESH_TOKEN_GRACE_PERIOD'],
    [{ OAUTH2_REFRESH_TOKEN_GRACE_PERIOD: 'later' }, 'OAUTH2_REFRESH_TOKEN_GRACE_PERIOD'],
    [{ OAUTH2_ALLOW_PLAIN_PKCE: 'perhaps' }, 'OAUTH2_ALLOW_PLAIN_PKCE'],
    [{ OAUTH2_DEVICE_CODE_LIFETIME: 'infinity' }, 'OAUTH2_DEVICE_CODE_LIFETIME'],
    [{ OAUTH2_DEVICE_CODE_LIFETIME: 'soon' }, 'OAUTH2_DEVICE_CODE_LIFETIME'],
    [{ OAUTH2_DEVICE_CODE_INTERVAL: '0' }, 'OAUTH2_DEVICE_CODE_INTERVAL'],
    [{ OAUTH2_DEVICE_CODE_INTERVAL: '61' }, 'OAUTH2_DEVICE_CODE_INTERVAL'],
    [{ OAUTH2_DEVICE_CODE_INTERVAL: '1.5' }, 'OAUTH2_DEVICE_CODE_INTERVAL'],
    [{ OAUTH2_DPOP: 'perhaps' }, 'OAUTH2_DPOP'],
    [{ OAUTH2_DPOP_REQUIRE_NONCE: 'sometimes' }, 'OAUTH2_DPOP_REQUIRE_NONCE'],
    [{ OAUTH2_DPOP_PROOF_WINDOW: 'a minute' }, 'OAUTH2_DPOP_PROOF_WINDOW'],
    [{ OAUTH2_DPOP_PROOF_WINDOW: 'infinity' }, 'OAUTH2_DPOP_PROOF_WINDOW'],
    [{ OAUTH2_PRIVATE_KEY_JWT: 'maybe' }, 'OAUTH2_PRIVATE_KEY_JWT'],
    [{ OAUTH2_JWKS_URI_CA_FILE: '/nonexistent/ca.pem' }, 'OAUTH2_JWKS_URI_CA_FILE'],
    [{ CLIENT_METADATA_HOSTS: 'https://agent.example' }, 'CLIENT_METADATA_HOSTS'],
    [{ CLIENT_METADATA_HOSTS: 'agent.example:70000' }, 'CLIENT_METADATA_HOSTS'],
    [{ CLIENT_METADATA_CA_FILE: '/nonexistent/ca.pem' }, 'CLIENT_METADATA_CA_FILE'],
    [{ OAUTH2_PAR: 'sometimes' }, 'OAUTH2_PAR'],
    [{ OAUTH2_REQUIRE_PAR: 'true', OAUTH2_PAR: 'false' }, 'OAUTH2_REQUIRE_PAR'],
    [{ OAUTH2_PAR_LIFETIME: 'PT1H' }, 'OAUTH2_PAR_LIFETIME'],
    [{ OAUTH2_PAR_LIFETIME: 'soon' }, 'OAUTH2_PAR_LIFETIME'],
    [{ PURGE_SCHEDULE: 'hourly' }, 'PURGE_SCHEDULE'],
    [{ PURGE_SCHEDULE: '* * * *' }, 'PURGE_SCHEDULE'],
    [{ PURGE_SCHEDULE: '61 * * * *' }, 'PURGE_SCHEDULE'],
    [{ PURGE_BATCH_SIZE: '0' }, 'PURGE_BATCH_SIZE'],
    [{ PURGE_BATCH_SIZE: '100001' }, 'PURGE_BATCH_SIZE'],
    [{ PURGE_BATCH_SIZE: '1.5' }, 'PURGE_BATCH_SIZE'],
    [{ TOKEN_RETENTION: 'a week' }, 'TOKEN_RETENTION'],
    [{ TOKEN_RETENTION: '-P7D' }, 'TOKEN_RETENTION'],
    [{ TOKEN_RETENTION: 'infinity' }, 'TOKEN_RETENTION'],
    [{ NODE_ENV: 'production' }, 'OAUTH_SECRET_KEY'],
    [{ NODE_ENV: 'production' }, 'OAUTH2_PRIVATE_KEY'],
  ])('refuses %p naming %s', (env, variable) => {
    expect(problemsOf(env).some((problem) => problem.startsWith(variable))).toBe(true);
  });

  it('drains for five seconds on SIGTERM by default, or as long as asked, down to none', () => {
    expect(loadConfig(base).http.shutdownDrainDelay).toBe(5);
    expect(loadConfig({ ...base, SHUTDOWN_DRAIN_DELAY: 'PT0S' }).http.shutdownDrainDelay).toBe(0);
    expect(loadConfig({ ...base, SHUTDOWN_DRAIN_DELAY: 'PT1M' }).http.shutdownDrainDelay).toBe(60);
  });

  it('takes a Sentinel address list and master name', () => {
    const url = 'redis+sentinel://:p%40ss@10.0.0.1:26380,[::1],sentinel-3:26381/gatehouse';
    expect(loadConfig({ ...base, CACHE_URL: url }).cache).toEqual({ type: 'redis', url });
    expect(parseSentinelUrl(url)).toEqual({
      sentinels: [
        { host: '10.0.0.1', port: 26380 },
        { host: '::1', port: 26379 },
        { host: 'sentinel-3', port: 26381 },
      ],
      masterName: 'gatehouse',
      password: 'p@ss',
    });
    expect(parseSentinelUrl('redis+sentinel://ops:pw@h/m')).toMatchObject({ username: 'ops', password: 'pw' });
  });

  it('purges dead rows every five minutes, 1000 rows a statement, keeping dead tokens a week', () => {
    expect(loadConfig(base).retention).toEqual({ schedule: '*/5 * * * *', batchSize: 1000, tokenRetention: 7 * 86400 });
  });

  it('takes a purge schedule of 5 or 6 fields or off, and a retention of zero', () => {
    expect(loadConfig({ ...base, PURGE_SCHEDULE: '30 2 * * *' }).retention.schedule).toBe('30 2 * * *');
    expect(loadConfig({ ...base, PURGE_SCHEDULE: '*/10 * * * * *' }).retention.schedule).toBe('*/10 * * * * *');
    expect(loadConfig({ ...base, PURGE_SCHEDULE: 'off' }).retention.schedule).toBeUndefined();
    const config = loadConfig({ ...base, PURGE_BATCH_SIZE: '2', TOKEN_RETENTION: 'PT0S' });
    expect(config.retention).toMatchObject({ batchSize: 2, tokenRetention: 0 });
  });

  it('never repeats a secret value in its message', () => {
    const problems = problemsOf({ OAUTH_SECRET_KEY: 'tooshort-secret' });
    expect(problems.join('\n')).not.toContain('tooshort-secret');
  });

  it('reads several signing keys from files, the first one signing', () => {
    const pems = [1, 2].map(() =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    const paths = pems.map((pem, i) => {
      const path = join(dataDir, `key${i}.pem`);
      writeFileSync(path, pem);
      return path;
    });
    const config = loadConfig({ ...base, OAUTH2_PRIVATE_KEY: paths.join(',') });
    expect(config.oauth2.privateKeys.map((key) => key.trim())).toEqual(pems.map((pem) => pem.trim()));
    expect(config.oauth2.signingKeyGenerated).toBe(false);
  });

  it('merges group permissions given as JSON', () => {
    const config = loadConfig({ ...base, GROUP_PERMISSIONS: '{"user":{"edit":true},"bot":["edit","highvolume"]}' });
    expect(config.identity.groupPermissions).toEqual({ user: { edit: true }, bot: ['edit', 'highvolume'] });
  });
});
