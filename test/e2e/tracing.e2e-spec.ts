import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import supertest from 'supertest';
import { buildService, runScript, spawnScript } from './support/built-service';
import { authorizationCode, CALLBACK, postForm, registerOauth2Client } from './support/oauth2-client';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { signIn } from './support/session-client';
import { ADMIN } from './support/test-app';
import { backend, createMysqlDatabase, freePort, temporaryDirectory, uniqueSuffix } from './support/test-environment';
import { createSignedInUser } from './support/users';

const SERVER = 2;
const HTTP_SCOPE = '@opentelemetry/instrumentation-http';
const MYSQL_SCOPE = '@opentelemetry/instrumentation-mysql2';
const REDIS_SCOPE = '@opentelemetry/instrumentation-redis';

/** A W3C trace context (Trace Context §3.2) as a gateway in front of Gatehouse would send it. */
function gatewayTrace(): { traceId: string; parentId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const parentId = randomBytes(8).toString('hex');
  return { traceId, parentId, traceparent: `00-${traceId}-${parentId}-01` };
}

/**
 * The built service with tracing on (OTLP/HTTP, JSON), exporting to a receiver in the test: a gateway's trace is
 * continued through the token endpoint into the database and the cache. On SQLite + memory there is nothing below
 * the route span to see (better-sqlite3 has no instrumentation, the memory cache no client): the database and cache
 * spans are checked on MariaDB + Redis.
 */
describe('tracing (OpenTelemetry)', () => {
  let receiver: OtlpReceiver;
  let service: ChildProcess;
  let output = '';
  let url: string;
  let gatewayUrl: string;
  let dropDatabase: (() => Promise<void>) | undefined;

  // `nest build` alone can take minutes on a loaded machine.
  beforeAll(() => buildService(), 300_000);

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    const cwd = temporaryDirectory();
    const [port, gatewayPort] = [await freePort(), await freePort()];
    url = `http://127.0.0.1:${port}`;
    gatewayUrl = `http://127.0.0.1:${gatewayPort}`;
    const env: Record<string, string> = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATA_DIR: cwd,
      OAUTH_SECRET_KEY: `tracing-secret-key-${uniqueSuffix()}-0123456789abcdef`,
      ADMIN_USERNAME: ADMIN.username,
      ADMIN_PASSWORD: ADMIN.password,
      DATABASE_URL: `sqlite:${cwd}/gatehouse.sqlite`,
      PORT: String(port),
      PUBLIC_URL: url,
      GATEWAY_PORT: String(gatewayPort),
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.tracesUrl,
      OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      OTEL_SERVICE_NAME: 'gatehouse-e2e',
      // Spans reach the receiver a tenth of a second after they end, instead of the default five seconds.
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    if (backend.mysqlUrl) {
      const database = await createMysqlDatabase(backend.mysqlUrl);
      env.DATABASE_URL = database.url;
      dropDatabase = database.drop;
    }
    if (backend.redisUrl) {
      env.CACHE_URL = backend.redisUrl;
      env.CACHE_PREFIX = `${backend.cachePrefix}${uniqueSuffix()}:`;
    }
    service = spawnScript('main', [], env, cwd);
    service.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    service.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitForHttp(`${url}/healthz`);
  }, 120_000);

  afterAll(async () => {
    if (service) {
      await stop(service);
    }
    await receiver?.stop();
    await dropDatabase?.();
  });

  it('continues the caller trace through a code exchange: the route span, with database and cache spans under it', async () => {
    const admin = await signIn({ url }, ADMIN.username, ADMIN.password);
    const developer = await createSignedInUser({ url }, 'Tracer');
    const client = await registerOauth2Client(developer, admin, { name: `Traced app ${uniqueSuffix()}` });
    const { code, verifier } = await authorizationCode(developer, client);
    const caller = gatewayTrace();

    const exchange = await postForm(
      { url },
      '/oauth2/token',
      { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier },
      client,
    )
      .set('traceparent', caller.traceparent)
      .expect(200);
    const tokens = exchange.body as { access_token: string; refresh_token: string };

    const route = await receiver.waitForSpan((span) => span.traceId === caller.traceId && span.kind === SERVER);
    expect(route).toMatchObject({
      scope: HTTP_SCOPE,
      name: 'POST /oauth2/token',
      parentSpanId: caller.parentId,
      attributes: expect.objectContaining({ 'http.route': '/oauth2/token', 'http.response.status_code': 200 }),
    });
    if (backend.mysqlUrl && backend.redisUrl) {
      const below = await waitForDescendants(route, [MYSQL_SCOPE, REDIS_SCOPE]);
      const queries = below.filter((span) => span.scope === MYSQL_SCOPE);
      expect(queries.map((span) => span.attributes['db.query.text'])).toContainEqual(
        expect.stringMatching(/^INSERT INTO `?oauth2_access_tokens`? \(/),
      );
      // Commands are recorded by name alone: their keys hold codes and token ids.
      const commands = below.filter((span) => span.scope === REDIS_SCOPE);
      for (const command of commands) {
        expect(command.name).toMatch(/^redis-[A-Z]+$/);
        expect(command.attributes['db.query.text']).toBe(command.name.slice('redis-'.length));
      }
    }

    // The request id in the answer and the access log is the trace id.
    expect(exchange.headers['x-request-id']).toBe(caller.traceId);
    await waitUntil(() => output.includes(`"requestId":"${caller.traceId}","method":"POST","path":"/oauth2/token"`));

    // No code, verifier, secret, token or CSRF token anywhere in what was exported.
    const exported = receiver.bodies.join('\n');
    for (const secret of [code, verifier, client.secret, tokens.access_token, tokens.refresh_token]) {
      expect(secret).toBeTruthy();
      expect(exported).not.toContain(secret);
    }
    expect(exported).not.toContain(developer.csrfToken);
    const authorizeSpan = await receiver.waitForSpan((span) => span.name === 'GET /oauth2/authorize');
    expect(authorizeSpan.attributes['url.query']).toBe('[redacted]');
  });

  it('names the spans of the Nest routes after their templates, never the raw path', async () => {
    const approval = await receiver.waitForSpan(
      (span) =>
        span.scope === HTTP_SCOPE && span.attributes['http.route'] === '/api/admin/consumers/:consumerKey/:action',
    );
    expect(approval.name).toBe('POST /api/admin/consumers/:consumerKey/:action');
    expect(receiver.spans.filter((span) => /[0-9a-f]{32}/.test(span.name))).toEqual([]);
  });

  it('continues the caller trace on the dedicated gateway listener (bare node:http)', async () => {
    const caller = gatewayTrace();
    await supertest(gatewayUrl).get('/gateway/verify').set('traceparent', caller.traceparent).expect(401);
    const route = await receiver.waitForSpan((span) => span.traceId === caller.traceId && span.kind === SERVER);
    expect(route).toMatchObject({ name: 'GET /gateway/verify', parentSpanId: caller.parentId });
  });

  it('refuses to start with a bad OTEL_* value, naming the variable', async () => {
    const exited = await runScript('main', [], { OTEL_TRACES_SAMPLER: 'sometimes' }, temporaryDirectory());
    expect(exited.code).not.toBe(0);
    expect(exited.stderr).toContain('Invalid configuration');
    expect(exited.stderr).toContain('OTEL_TRACES_SAMPLER');
  });

  /** The spans under `root` once those of every scope in `scopes` have arrived. */
  async function waitForDescendants(root: ReceivedSpan, scopes: string[]): Promise<ReceivedSpan[]> {
    for (;;) {
      const below = receiver.descendantsOf(root);
      if (scopes.every((scope) => below.some((span) => span.scope === scope))) {
        return below;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForHttp(target: string): Promise<void> {
  for (;;) {
    try {
      if ((await fetch(target)).ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) {
      resolve(child.exitCode);
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
    child.kill('SIGTERM');
  });
}
