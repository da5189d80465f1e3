import type { AppRequest } from '../../common/http/app-request';

/** RFC 6750 §2.1: the initial and registration access tokens travel as bearer tokens (RFC 7591 §3, RFC 7592 §3). */
export function bearerToken(request: AppRequest): string | undefined {
  return /^Bearer +([\x21-\x7e]+)$/i.exec(request.header('authorization') ?? '')?.[1];
}
