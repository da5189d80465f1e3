import type { AppRequest } from '../common/http/app-request';
import { type OutputFormat, outputFormat } from './oauth1-response';
import { type Oauth1Subpage, subpageOfTitle } from './special-page-title';

/**
 * A single text field from the form body or the query (the CSRF token from the body only, so it never sits in a
 * URL); repeated or structured values count as absent.
 */
export function field(request: AppRequest, name: string): string | undefined {
  const fromBody: unknown = (request.body as Record<string, unknown> | undefined)?.[name];
  const value = fromBody ?? (name === 'csrf' ? undefined : request.query[name]);
  return typeof value === 'string' ? value : undefined;
}

/** Browser steps always answer with pages; the machine steps with `format` (raw by default). */
export function formatOf(subpage: Oauth1Subpage | undefined, request: AppRequest): OutputFormat {
  if (subpage === 'authorize' || subpage === 'authenticate' || subpage === 'verified') {
    return 'html';
  }
  return subpage === 'identify' ? 'json' : outputFormat(field(request, 'format'));
}

/** The subpage a request names: `/oauth1/<step>`, `/wiki/Special:OAuth/<step>`, or `index.php?title=…`. */
export function subpageOf(request: AppRequest): Oauth1Subpage | undefined {
  const { subpage } = request.params as { subpage?: string };
  const title = subpage === undefined ? field(request, 'title') : `Special:OAuth/${subpage}`;
  return title === undefined ? undefined : subpageOfTitle(title);
}
