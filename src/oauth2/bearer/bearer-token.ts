import type { AppRequest } from '../../common/http/app-request';

/** RFC 6750 §2.1: the b64token of `Authorization: Bearer …`; undefined when there is no bearer credential. */
export function bearerToken(request: AppRequest): string | undefined {
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(request.header('authorization') ?? '');
  return match?.[1];
}

export function hasBearerScheme(request: AppRequest): boolean {
  return /^Bearer(\s|$)/i.test(request.header('authorization') ?? '');
}
