import type { NextFunction, Request, Response } from 'express';
import { acceptedLanguage } from '../messages/accept-language';
import { type LanguageContext, negotiatedLanguage, runWithLanguage } from '../messages/language-context';
import { type Language, languageOf } from '../messages/languages';

/**
 * Starts each request's language context (`uselang`, `Accept-Language`, the default; the guard adds the viewer's
 * preference) and runs the rest of the request inside it, so `t()` anywhere below speaks the request's language.
 * It must run after the body parsers: their stream callbacks would not carry the context on.
 */
export function languageMiddleware(defaultLanguage: Language) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const context: LanguageContext = {
      requested: languageOf(request.query.uselang),
      accepted: acceptedLanguage(request, defaultLanguage),
      fallback: defaultLanguage,
    };
    announceLanguage(response, context);
    runWithLanguage(context, next);
  };
}

/**
 * HTML answers say which language they speak, decided when their headers go out (the session may change it until
 * then), and that `Accept-Language` chose it (RFC 9110 §8.5, §12.5.5). JSON and protocol answers stay English
 * machine contracts, so they say nothing.
 */
function announceLanguage(response: Response, context: LanguageContext): void {
  const writeHead = response.writeHead;
  response.writeHead = function (this: Response, ...args: Parameters<Response['writeHead']>) {
    if (/^text\/html\b/i.test(String(this.getHeader('content-type') ?? ''))) {
      this.setHeader('Content-Language', negotiatedLanguage(context));
      this.vary('Accept-Language');
    }
    return writeHead.apply(this, args);
  } as Response['writeHead'];
}
