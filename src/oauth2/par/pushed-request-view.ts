import type { AppRequest } from '../../common/http/app-request';

/**
 * `request` as if its query were `parameters`: the authorization request's checks read the query, and a pushed
 * request's parameters come from the PAR form or the store (RFC 9126 §4: only those are used). Everything else
 * (headers, address, session) is the real request's. Its `originalUrl` is the authorization endpoint with those
 * parameters, which is where a sign-in would return to.
 */
export function withAuthorizationParameters(request: AppRequest, parameters: Record<string, string>): AppRequest {
  const view = Object.create(request) as AppRequest;
  const path = request.path.endsWith('/par') ? request.path.replace(/par$/, 'authorize') : request.path;
  Object.defineProperties(view, {
    query: { value: { ...parameters } },
    originalUrl: { value: `${path}?${new URLSearchParams(parameters).toString()}` },
  });
  return view;
}
