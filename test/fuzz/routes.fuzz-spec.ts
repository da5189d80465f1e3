import fc from 'fast-check';
import { type LiveRoute, liveRoutes } from '../e2e/support/live-routes';
import { type CallerKind, type FuzzApp, startFuzzApp } from './support/fuzz-app';
import { FUZZ_SEED, RUN_SCALE, announceSeed, fuzzLog, fuzzParameters, fuzzTimeout } from './support/fuzz-settings';
import {
  type FuzzOperation,
  type FuzzRequest,
  type OpenApiDocument,
  operationsOf,
  requestsFor,
} from './support/openapi-requests';
import { rawRequest } from './support/raw-http';
import { StatusTally, describeFault, faultsOf, rssGrowthBoundMiB, settledRssMiB } from './support/verdict';

/** Cases per operation and caller; every operation is attacked, not a random sample of them. */
const RUNS_PER_OPERATION = 4;
/** The time this file may spend sending requests, spread over the operations. */
const BUDGET_SECONDS = 60;
const CALLERS: readonly CallerKind[] = ['anonymous', 'user', 'admin'];

/**
 * Issue 17 item 2: hostile requests to every operation of the OpenAPI document and to every other route the app
 * serves (pages, protocol aliases), as anonymous, a signed-in user and an admin. No answer may be a 5xx or carry a
 * stack trace, and the process RSS must stay bounded over the run.
 */
describe('fuzz: every route', () => {
  let fuzz: FuzzApp;
  let document: OpenApiDocument;
  let operations: FuzzOperation[];

  beforeAll(async () => {
    announceSeed('every route');
    fuzz = await startFuzzApp();
    const answer = await fuzz.gatehouse.http().get('/docs-json').expect(200);
    document = answer.body as OpenApiDocument;
    operations = [...operationsOf(document), ...undocumented(liveRoutes(fuzz.gatehouse.app), document)];
  });

  afterAll(async () => {
    await fuzz.gatehouse.close();
  });

  /** Sends one case as `caller`: a session cookie and its CSRF token (header and form field) when signed in. */
  async function send(request: FuzzRequest, caller: CallerKind) {
    const headers: [string, string][] = [];
    let body = request.body;
    let end = async () => {};
    if (caller !== 'anonymous') {
      const session = await fuzz.sessionOf(caller);
      end = session.end;
      headers.push(['Cookie', session.cookie], ['X-CSRF-Token', session.csrfToken]);
      if (request.contentType?.includes('form-urlencoded')) {
        body = Buffer.concat([Buffer.from(`csrf=${session.csrfToken}&`), body ?? Buffer.alloc(0)]);
      }
    }
    if (request.contentType !== undefined) {
      headers.push(['Content-Type', request.contentType]);
    }
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const response = await rawRequest(fuzz.gatehouse.url, { method, target: request.target, headers, body });
    await end();
    return response;
  }

  it('reads the OpenAPI document and finds the routes outside it', () => {
    expect(operationsOf(document).length).toBeGreaterThan(40);
    expect(operations.some((operation) => operation.template.startsWith('/oauth1/'))).toBe(true);
  });

  it(
    'answers every operation, for every caller, without a 5xx or a stack trace; RSS stays bounded',
    async () => {
      const started = Date.now();
      const work = operations.flatMap((operation) => CALLERS.map((caller) => ({ operation, caller })));
      let warmed: number | undefined;
      const tally = new StatusTally();
      const failures: string[] = [];
      for (const [index, { operation, caller }] of work.entries()) {
        if (index === Math.ceil(work.length / 10)) {
          warmed = settledRssMiB();
        }
        const left = BUDGET_SECONDS * RUN_SCALE - (Date.now() - started) / 1000;
        // Each pair keeps its share of what is left, so a slow route cannot starve the ones after it; at least a few
        // seconds, since fast-check fails a property stopped before its first case (a sign-in hashes a password).
        const seconds = Math.max(5, left / (work.length - index)) / RUN_SCALE;
        // One failing operation does not hide the others: each property's report (seed and case) is kept.
        await fc
          .assert(
            fc.asyncProperty(requestsFor(operation, document), async (request) => {
              const response = await send(request, caller);
              tally.add(response.status);
              const faults = faultsOf(response);
              if (faults.length) {
                const head = `${request.method} ${request.target} as ${caller} (${request.contentType ?? 'no content type'})`;
                throw new Error(describeFault(`${head}\n${request.body?.toString('utf8') ?? ''}`, response, faults));
              }
            }),
            fuzzParameters(RUNS_PER_OPERATION, seconds, index),
          )
          .catch((error: Error) =>
            failures.push(`${error.message}\n${(error.cause as Error | undefined)?.message ?? ''}`),
          );
      }
      const final = settledRssMiB();
      fuzzLog(
        `every route: ${tally.total} requests to ${operations.length} operations in ${Math.round((Date.now() - started) / 1000)} s ` +
          `(seed ${FUZZ_SEED}): ${String(tally)}; RSS ${Math.round(warmed ?? 0)} → ${Math.round(final)} MiB`,
      );
      expect(failures).toEqual([]);
      expect(tally.total).toBeGreaterThan(work.length);
      expect(final - (warmed ?? final)).toBeLessThan(rssGrowthBoundMiB(warmed ?? final));
    },
    fuzzTimeout(BUDGET_SECONDS),
  );
});

/**
 * The routes the OpenAPI document leaves out (pages, protocol doors, MediaWiki aliases) as operations without a
 * schema: Express patterns become templates, and a handler for any method is tried with GET and POST.
 */
function undocumented(routes: LiveRoute[], document: OpenApiDocument): FuzzOperation[] {
  const documented = new Set(operationsOf(document).map((operation) => `${operation.method} ${operation.template}`));
  return routes.flatMap((route) =>
    (route.method === 'ALL' ? ['GET', 'POST'] : [route.method]).flatMap((method) =>
      route.paths
        .map((pattern) => pattern.replace(/\\:/g, ':').replace(/(?<=\/)[:*](\w+)/g, '{$1}'))
        .filter((template) => !documented.has(`${method} ${template}`))
        .map((template) => ({
          method,
          template,
          pathParameters: [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]),
          queryParameters: [],
        })),
    ),
  );
}
