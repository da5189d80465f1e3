import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** What helmet does to an answer for this configuration; the headers are the same for every request. */
function helmetFor(hsts: boolean) {
  return helmet({
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts,
    contentSecurityPolicy: {
      directives: { 'frame-ancestors': ["'none'"], 'form-action': ["'self'", 'http:', 'https:'] },
    },
  });
}

/**
 * Helmet's headers, recorded once at start-up by running its middleware on a stand-in answer, then set on each answer
 * as a list: helmet's twelve middlewares per request cost the main port more than the headers themselves. The
 * directives are all static (no per-request nonce), so the recorded list is exactly what helmet would set. Helmet's
 * one other act, removing `X-Powered-By`, is done by `app.disable('x-powered-by')`.
 */
export function securityHeaders(hsts: boolean): readonly (readonly [string, string])[] {
  const headers: [string, string][] = [];
  const recorder = {
    setHeader: (name: string, value: string) => headers.push([name, value]),
    removeHeader: (name: string) => {
      if (name.toLowerCase() !== 'x-powered-by') {
        throw new Error(`helmet removed ${name}: the recorded security headers would not match it`);
      }
    },
  } as unknown as ServerResponse;
  let finished = false;
  let failure: unknown;
  helmetFor(hsts)({} as IncomingMessage, recorder, (error?: unknown) => {
    failure = error;
    finished = true;
  });
  if (failure !== undefined) {
    throw new Error('helmet refused its configuration', { cause: failure });
  }
  if (!finished) {
    throw new Error('helmet did not finish synchronously: the security headers cannot be recorded');
  }
  return headers;
}
