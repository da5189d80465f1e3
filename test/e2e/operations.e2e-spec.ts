import { Validator } from '@seriousme/openapi-schema-validator';
import { type ChildProcess, spawn } from 'node:child_process';
import { type TestApp, startTestApp } from './support/test-app';
import { freePort } from './support/test-environment';

describe('operations endpoints', () => {
  let gatehouse: TestApp;

  beforeAll(async () => {
    gatehouse = await startTestApp();
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('answers /healthz and /readyz', async () => {
    await gatehouse.http().get('/healthz').expect(200, { status: 'ok' });
    await gatehouse.http().get('/readyz').expect(200, { status: 'ok', database: 'ok', cache: 'ok' });
  });

  it('exposes Prometheus metrics with an HTTP latency histogram by route pattern', async () => {
    await gatehouse.http().get('/api/me').expect(401);
    const response = await gatehouse.http().get('/metrics').expect(200);
    expect(response.headers['content-type']).toContain('text/plain');
    expect(response.text).toContain('# TYPE gatehouse_http_request_duration_seconds histogram');
    expect(response.text).toMatch(
      /gatehouse_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} \d+/,
    );
    expect(response.text).toContain('gatehouse_process_cpu_seconds_total');
  });

  it('serves a valid OpenAPI 3 document naming every route, with auth and errors', async () => {
    const response = await gatehouse.http().get('/docs-json').expect(200);
    const document = response.body as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { security?: unknown[]; responses: Record<string, unknown> } & Record<`x-${string}`, unknown>>
      >;
    };
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\./);
    const routes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/me',
        'POST /api/admin/users',
        'PUT /api/admin/users/{id}/groups',
        'GET /api/admin/groups',
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
        'GET /api/grants',
        'POST /api/consumers',
        'GET /api/consumers',
        'GET /api/consumers/{consumerKey}',
        'PATCH /api/consumers/{consumerKey}',
        'GET /api/me/consumers',
        'GET /api/me/grants',
        'DELETE /api/me/grants/{id}',
        'GET /api/admin/consumers',
        'POST /api/admin/consumers/{consumerKey}/{action}',
        'GET /api/log',
        'GET /api/me/notifications',
        'POST /oauth2/client',
        'GET /oauth2/client',
        'POST /w/rest.php/oauth2/client/{client_key}/reset_secret',
        'POST /oauth2/token',
        'POST /oauth2/revoke',
        'POST /oauth2/introspect',
        'GET /oauth2/resource/{type}',
        'GET /.well-known/oauth-authorization-server',
        'GET /.well-known/jwks.json',
        'GET /gateway/verify',
      ]),
    );
    const createUser = document.paths['/api/admin/users'].post;
    expect(createUser.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(createUser['x-rights']).toEqual(['userrights']);
    const logout = document.paths['/api/auth/logout'].post;
    expect(logout.security).toEqual([{ session: [] }]);
    expect(logout['x-session-only']).toBe(true);
    expect(document.paths['/oauth2/token'].post['x-protocol-door']).toBe('oauth2-client');
    expect(Object.keys(createUser.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '409']));
  });

  it('serves the Swagger console', async () => {
    const response = await gatehouse.http().get('/docs/').expect(200);
    expect(response.text).toContain('swagger-ui');
  });
});

describe('/readyz follows the cache', () => {
  let redis: ChildProcess | undefined;
  let port: number;
  let gatehouse: TestApp;

  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
  };
  const stopRedis = async () => {
    const exited = new Promise((resolve) => redis?.once('exit', resolve));
    redis?.kill('SIGKILL');
    await exited;
    redis = undefined;
  };
  const waitForStatus = async (status: number) => {
    const deadline = Date.now() + 15_000;
    let last = 0;
    while (Date.now() < deadline) {
      last = (await gatehouse.http().get('/readyz')).status;
      if (last === status) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`/readyz stayed at ${last}`);
  };

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    gatehouse = await startTestApp({ env: { CACHE_URL: `redis://127.0.0.1:${port}`, CACHE_PREFIX: 'readyz-test:' } });
  });

  afterAll(async () => {
    await gatehouse.close();
    if (redis) {
      await stopRedis();
    }
  });

  it('turns 503 when Redis stops and 200 when it is back', async () => {
    await gatehouse.http().get('/readyz').expect(200);
    await stopRedis();
    await waitForStatus(503);
    const down = await gatehouse.http().get('/readyz').expect(503);
    expect(down.body).toEqual({ status: 'unavailable', database: 'ok', cache: 'unavailable' });
    await gatehouse.http().get('/healthz').expect(200);
    await startRedis();
    await waitForStatus(200);
  });
});
