import type { Request } from 'express';
import { LANGUAGES, type Language } from './languages';

/**
 * The supported language the `Accept-Language` header prefers (RFC 9110 §12.5.4: q-values, `*`, and language
 * ranges matched as RFC 4647 §3.3.1 basic filtering), or undefined when the header is absent or accepts none of them.
 * Express's `acceptsLanguages` (the maintained `negotiator`) does the parsing; entries it cannot parse are skipped,
 * so garbage falls back rather than failing. The default language is offered first, so it wins ties (`*`).
 */
export function acceptedLanguage(
  request: Pick<Request, 'acceptsLanguages' | 'headers'>,
  defaultLanguage: Language,
): Language | undefined {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || header.trim() === '') {
    return undefined;
  }
  const offered = [defaultLanguage, ...LANGUAGES.filter((language) => language !== defaultLanguage)];
  const chosen = request.acceptsLanguages(...offered);
  return offered.find((language) => language === chosen);
}
