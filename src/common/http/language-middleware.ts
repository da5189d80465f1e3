import type { NextFunction, Request, Response } from 'express';
import { parse } from 'node:querystring';
import { acceptedLanguage } from '../messages/accept-language';
import { type LanguageContext, negotiatedLanguage, runWithLanguage } from '../messages/language-context';
import { type Language, languageOf } from '../messages/languages';
import { localPathOr } from './local-path';

/**
 * The machine doors: JSON and protocol answers are English contracts (the API takes an explicit `lang` where it
 * translates), so they need no language context, and run without its cost (language-context.ts). The OAuth 2 paths
 * under each of its prefixes (DESIGN §8).
 */
const MACHINE_PATH =
  /^\/(?:api\/|gateway\/|\.well-known\/|(?:healthz|readyz|metrics)$|(?:w\/)?(?:rest\.php\/)?oauth2\/(?:token|access_token|introspect|revoke|par|device_authorization|client|resource\/))/;

/**
 * Starts each page request's language context (`uselang`, `Accept-Language`, the default; the guard adds the viewer's
 * preference) and runs the rest of the request inside it, so `t()` anywhere below speaks the request's language.
 * It must run after the body parsers: their stream callbacks would not carry the context on.
 */
export function languageMiddleware(defaultLanguage: Language) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (MACHINE_PATH.test(request.path)) {
      return next();
    }
    const context: LanguageContext = {
      requested: languageOf(uselangOf(request)) ?? languageOfReturnTo(request),
      accepted: acceptedLanguage(request, defaultLanguage),
      fallback: defaultLanguage,
    };
    announceLanguage(response, context);
    runWithLanguage(context, next, (done) => response.once('close', done));
  };
}

/**
 * Express's query parser without `uselang`: it belongs to the language layer (MediaWiki's request context), not to
 * the route, so a page whose query DTO allows only its own parameters still takes it.
 */
export function queryWithoutUselang(queryString: string): Record<string, unknown> {
  const query = parse(queryString);
  delete query.uselang;
  return query;
}

function uselangOf(request: Request): string | undefined {
  const start = request.originalUrl.indexOf('?');
  const value = start < 0 ? undefined : parse(request.originalUrl.slice(start + 1)).uselang;
  return typeof value === 'string' ? value : undefined;
}

/**
 * The sign-in pages between a page and its return (`/login?returnTo=…`, the form's hidden `returnTo`) speak the
 * language that page asked for with `uselang`, or with OIDC's `ui_locales` (Core §3.1.2.1: the sign-in is part of
 * the authorization's user interface), so the language survives the round trip.
 */
function languageOfReturnTo(request: Request): Language | undefined {
  const body = request.body as Record<string, unknown> | undefined;
  const returnTo = localPathOr(request.query.returnTo ?? body?.returnTo, '');
  if (!returnTo) {
    return undefined;
  }
  const query = new URL(returnTo, 'http://return.invalid').searchParams;
  return languageOf(query.get('uselang') ?? undefined) ?? languageOf(query.get('ui_locales') ?? undefined);
}

/**
 * HTML answers say which language they speak, decided when their headers go out (the session may change it until
 * then), and that `Accept-Language` chose it (RFC 9110 §8.5, §12.5.5). JSON and protocol answers stay English
 * machine contracts, so they say nothing.
 */
function announceLanguage(response: Response, context: LanguageContext): void {
  const writeHead = response.writeHead.bind(response);
  response.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    if (/^text\/html\b/i.test(String(this.getHeader('content-type') ?? ''))) {
      this.setHeader('Content-Language', negotiatedLanguage(context));
      this.vary('Accept-Language');
    }
    return writeHead(...args);
  } as Response['writeHead'];
}
