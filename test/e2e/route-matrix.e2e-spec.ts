import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { t } from '../../src/common/messages/catalogue';
import { GrantCatalogue } from '../../src/grants/grant-catalogue';
import { SESSION_COOKIE } from '../../src/identity/session-cookie';
import { SessionService } from '../../src/identity/session.service';
import { type LiveRoute, liveRoutes } from './support/live-routes';
import { type Oauth1Credentials, ownerOnlyOauth1Credentials, signedHeader } from './support/oauth1-client';
import { registerOauth2Client } from './support/oauth2-client';
import { type CredentialKind, type Outcome, expectedOutcome, renderMatrix } from './support/route-matrix';
import { type SignedIn, signIn } from './support/session-client';
import { ADMIN, type TestApp, startTestApp } from './support/test-app';

/** A credential kind with what it takes to present it. */
interface Caller extends CredentialKind {
  userId?: number;
  token?: string;
  oauth1?: Oauth1Credentials;
}

interface Answer {
  route: LiveRoute;
  method: string;
  path: string;
  caller: Caller;
  expected: Outcome;
  status: number;
  /** Refused by the guards (not by the handler). */
  refused: boolean;
  ok: boolean;
}

/** What an answer says about the guards. */
interface Reading {
  status: number;
  /** A refusal of the guards: their JSON codes, or for pages the sign-in redirect or a refusal page. */
  refused: boolean;
  /** Express found no such route: the matrix built a wrong address. */
  noSuchRoute: boolean;
}

const SECURITY_DOC = resolve(__dirname, '../../docs/security.md');
const START = '<!-- route-matrix:start -->';
const END = '<!-- route-matrix:end -->';
const GUARD_CODES = new Set(['not_authenticated', 'permission_denied', 'csrf_failed', 'blocked']);
const PAGE_REFUSALS = [t('error.forbidden'), t('error.blocked'), t('error.form-expired')];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const PARALLEL_CALLS = 8;

/** Values for path parameters: addresses of nothing, so a call that passes the guards changes nothing. */
const PLACEHOLDERS: Record<string, string> = {
  key: 'f'.repeat(32),
  sid: 'f'.repeat(32),
  consumerKey: 'f'.repeat(32),
  client_key: 'f'.repeat(32),
  client_id: 'f'.repeat(32),
  kid: 'f'.repeat(43),
  id: '999999',
  action: 'approve',
  protocol: 'oauth2',
  type: 'profile',
  subpage: 'identify',
  path: 'upstream',
  name: 'corp',
};

/**
 * The route × credential matrix (issue 19, deliverable 2): every route of the running app, each with every kind of
 * credential, held to what its declaration says; and `docs/security.md` prints the same matrix.
 */
describe('route × credential matrix', () => {
  let gatehouse: TestApp;
  let routes: LiveRoute[];
  let callers: Caller[];
  let held: (caller: CredentialKind) => ReadonlySet<string>;
  let answers: Answer[];

  beforeAll(async () => {
    gatehouse = await startTestApp();
    routes = liveRoutes(gatehouse.app);
    const sessions = gatehouse.app.get(SessionService);
    const admin = await signIn(gatehouse, ADMIN.username, ADMIN.password);
    // Sessions straight from the session store: a password sign-in per account would cost the suite seconds.
    const sysopWithSession = async (name: string): Promise<SignedIn & { email: string }> => {
      const email = `${name.toLowerCase()}@example.com`;
      const created = await admin.agent
        .post('/api/admin/users')
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ name, password: `${name}-password-1`, email, groups: ['sysop'] })
        .expect(201);
      const user = created.body as SignedIn['user'];
      const session = await sessions.create(user.id, ['pwd'], { ip: '127.0.0.1', userAgent: 'route-matrix' });
      const agent = supertest.agent(gatehouse.url).set('Cookie', `${SESSION_COOKIE}=${session.id}`);
      return { agent, csrfToken: session.csrfToken, user, email };
    };
    const sysop = await sysopWithSession('Matrix');
    const blockee = await sysopWithSession('Blockee');
    // The grants as the registry holds them (with `basic` added), which decide what a token may do.
    const grantsOf = async (key: string) =>
      ((await supertest(gatehouse.url).get(`/api/consumers/${key}`).expect(200)).body as { grants: string[] }).grants;
    const oauth2 = async (owner: typeof sysop, column: string, grants: string[]): Promise<Caller> => {
      const registered = await registerOauth2Client(owner, admin, {
        name: `Matrix ${column}`,
        grants,
        ownerOnly: true,
      });
      const token = registered.accessToken;
      return { column, via: 'oauth2', grants: await grantsOf(registered.clientId), token, userId: owner.user.id };
    };
    const oauth1 = await ownerOnlyOauth1Credentials(sysop, 'Matrix OAuth 1');
    callers = [
      { column: 'none', via: 'none' },
      await oauth2(sysop, 'OAuth 2 `mwoauth-authonly`', ['mwoauth-authonly']),
      await oauth2(sysop, 'OAuth 2 `mwoauth-authonlyprivate`', ['mwoauth-authonlyprivate']),
      await oauth2(sysop, 'OAuth 2 `basic`', ['basic']),
      await oauth2(sysop, 'OAuth 2 `oauthmanageownclient`', ['oauthmanageownclient']),
      {
        column: 'OAuth 1 `basic`, `editpage`',
        via: 'oauth1',
        grants: await grantsOf(oauth1.consumerKey),
        oauth1,
        userId: sysop.user.id,
      },
      { column: 'session, no CSRF token', via: 'session', userId: sysop.user.id },
      { column: 'session', via: 'session', csrf: true, userId: sysop.user.id },
      { column: 'blocked: session', via: 'session', csrf: true, blocked: true, userId: blockee.user.id },
      { ...(await oauth2(blockee, 'blocked: OAuth 2 token', ['oauthmanageownclient'])), blocked: true },
    ];
    await gatehouse.app.get(DataSource).query('UPDATE users SET blocked = ? WHERE id = ?', [true, blockee.user.id]);

    const catalogue = gatehouse.app.get(GrantCatalogue);
    const userRights = new Set(sysop.user.rights);
    held = (caller) => {
      if (caller.via === 'none') {
        return new Set();
      }
      const granted = caller.grants ? catalogue.rightsOf(caller.grants) : userRights;
      return new Set([...userRights].filter((right) => granted.has(right)));
    };

    // Public routes and protocol doors are for anyone: the guard must refuse no one there, so no credential is tried.
    const triedOn = (route: LiveRoute) => (needsCaller(route) ? callers : callers.filter(({ via }) => via === 'none'));
    const work = routes.flatMap((route) =>
      (route.method === 'ALL' ? ['GET', 'POST'] : [route.method]).flatMap((method) =>
        route.paths.flatMap((pattern) => triedOn(route).map((caller) => ({ route, method, pattern, caller }))),
      ),
    );
    // "Sign out everywhere else" ends every other session of its caller, also those of calls still in flight (a
    // 303 to sign-in on MariaDB in CI): those routes are called once everything else has answered, one at a time.
    const endsOtherSessions = ({ route }: (typeof work)[number]) => route.handler.endsWith('.endOthers');
    const call = async ({ route, method, pattern, caller }: (typeof work)[number]): Promise<Answer> => {
      const path = concretePath(pattern);
      let request = supertest(gatehouse.url)[method.toLowerCase() as 'get'](path);
      let csrf: string | undefined;
      if (caller.via === 'session') {
        // A session of its own for every call, so that a sign-out ends no other call's session.
        const session = await sessions.create(caller.userId as number, ['pwd'], {
          ip: '127.0.0.1',
          userAgent: 'route-matrix',
        });
        request = request.set('Cookie', `${SESSION_COOKIE}=${session.id}`);
        csrf = caller.csrf ? session.csrfToken : undefined;
      } else if (caller.via === 'oauth2') {
        request = request.set('Authorization', `Bearer ${caller.token}`);
      } else if (caller.via === 'oauth1') {
        const call = { method: method as 'GET', target: path };
        request = request.set('Authorization', signedHeader(gatehouse.url, caller.oauth1 as Oauth1Credentials, call));
      }
      if (csrf) {
        request = request.set('X-CSRF-Token', csrf);
      }
      if (!SAFE_METHODS.has(method)) {
        // The JSON API takes JSON; pages and protocol endpoints take forms, whose CSRF token is a field.
        request = path.startsWith('/api/')
          ? request.send({})
          : request.type('form').send({ matrix: '1', ...(csrf ? { csrf } : {}) });
      }
      const response = await request.redirects(0).buffer(true).parse(asText);
      const expected = expectedOutcome(route.access, method, caller, held(caller));
      const reading = read(route, response);
      const ok = holdsTo(expected, route, reading);
      return { route, method, path, caller, expected, status: response.status, refused: reading.refused, ok };
    };
    answers = await inParallel(
      work.filter((item) => !endsOtherSessions(item)),
      call,
    );
    for (const item of work.filter(endsOtherSessions)) {
      answers.push(await call(item));
    }
  });

  afterAll(async () => {
    await gatehouse.close();
  });

  it('finds every route, and each declares who may call it', () => {
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.filter((route) => route.access === undefined).map((route) => route.handler)).toEqual([]);
  });

  it('answers every credential on every route as the route declares', () => {
    const wrong = answers
      .filter((answer) => !answer.ok)
      .map(
        (answer) =>
          `${answer.method} ${answer.path} with ${answer.caller.column}: expected ${answer.expected}, got ${answer.status}`,
      );
    expect(wrong).toEqual([]);
    expect(answers.length).toBeGreaterThan(500);
  });

  it('lets auth-only tokens reach nothing but public routes and the protocol doors', () => {
    const reached = answers.filter(
      (answer) =>
        answer.caller.grants?.every((grant) => grant.startsWith('mwoauth-authonly')) &&
        needsCaller(answer.route) &&
        !answer.refused,
    );
    expect(reached.map((answer) => `${answer.method} ${answer.path}`)).toEqual([]);
  });

  it('refuses a blocked account everywhere a caller is needed', () => {
    const reached = answers.filter((answer) => answer.caller.blocked && needsCaller(answer.route) && !answer.refused);
    expect(reached.map((answer) => `${answer.method} ${answer.path}`)).toEqual([]);
  });

  it('is printed in docs/security.md', async () => {
    const text = readFileSync(SECURITY_DOC, 'utf8');
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start >= 0 && end > start, `docs/security.md needs the markers ${START} and ${END}`).toBe(true);
    const generated = await format(
      `${text.slice(0, start + START.length)}\n${renderMatrix(routes, callers, held)}\n${text.slice(end)}`,
      { ...(await resolveConfig(SECURITY_DOC)), filepath: SECURITY_DOC },
    );
    if (process.env.UPDATE_SECURITY_MATRIX === '1') {
      writeFileSync(SECURITY_DOC, generated);
    }
    expect(
      readFileSync(SECURITY_DOC, 'utf8') === generated,
      'The route matrix in docs/security.md is stale: run `npm run docs:security-matrix`',
    ).toBe(true);
  });
});

/** Routes where the guards decide by the caller's credential: the others let anyone in. */
function needsCaller(route: LiveRoute): boolean {
  const access = route.access;
  return (
    access?.kind !== 'public' && access?.kind !== 'protocol-door' && !(access?.kind === 'page' && !access.rights.length)
  );
}

/** A pattern's address with placeholders for its parameters; an unknown parameter fails loudly. */
function concretePath(pattern: string): string {
  return pattern.replace(/\\:/g, ':').replace(/(?<=\/)[:*](\w+)/g, (_, name: string) => {
    const value = PLACEHOLDERS[name];
    if (value === undefined) {
      throw new Error(`route-matrix: add a placeholder for the path parameter "${name}" (${pattern})`);
    }
    return value;
  });
}

function read(route: LiveRoute, response: supertest.Response): Reading {
  const text = response.body as string;
  const body = jsonOf(text);
  const guardRefused =
    (response.status === 401 || response.status === 403) &&
    (GUARD_CODES.has(String(body?.code)) || GUARD_CODES.has(String(body?.errorKey)));
  const pageRefused =
    route.access?.kind === 'page' &&
    ((response.status === 303 && String(response.headers.location).startsWith('/login')) ||
      (response.status === 403 && PAGE_REFUSALS.some((message) => text.includes(message))));
  const noSuchRoute = response.status === 404 && /Cannot [A-Z]+ \//.test(text);
  return { status: response.status, refused: guardRefused || pageRefused, noSuchRoute };
}

/**
 * Whether an answer is what the declaration says. A refusal must be the guards'; a credential let through must not
 * meet 401/403 at all on routes that need a caller, and on public routes and doors must meet no refusal of the
 * guards (the doors answer for themselves, with their protocol's 401s).
 */
function holdsTo(expected: Outcome, route: LiveRoute, answer: Reading): boolean {
  switch (expected) {
    case 'refused':
      return answer.refused;
    case 'door':
      return !answer.refused && !answer.noSuchRoute;
    case 'pass':
      return route.access?.kind === 'public'
        ? !answer.refused && !answer.noSuchRoute
        : answer.status !== 401 && answer.status !== 403 && !answer.refused && !answer.noSuchRoute;
  }
}

/** Every answer as text: some doors answer JSON types with other things in them (OAuth 1 identify's JWT). */
function asText(response: supertest.Response, done: (error: Error | null, body: string) => void): void {
  let text = '';
  response.on('data', (chunk: Buffer) => (text += chunk.toString()));
  response.on('end', () => done(null, text));
}

function jsonOf(text: string): { code?: unknown; errorKey?: unknown } | undefined {
  try {
    return JSON.parse(text) as { code?: unknown; errorKey?: unknown };
  } catch {
    return undefined;
  }
}

async function inParallel<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_CALLS }, worker));
  return results;
}
