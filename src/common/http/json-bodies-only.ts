import type { NextFunction, Request, Response } from 'express';
import { CommonErrorCode, CommonException } from '../errors/common.exception';

/**
 * The JSON API reads `application/json` bodies only (DESIGN §11), and refuses any other body with 415 before it is
 * parsed. An HTML form on another site can send only form or text bodies, and a browser sends JSON across sites
 * only after a CORS preflight that this service never grants: so no other site can make a browser sign in here or
 * change anything (login CSRF: RFC 6749 §10.12; OWASP CSRF Prevention Cheat Sheet).
 */
export function jsonBodiesOnly(request: Request, _response: Response, next: NextFunction): void {
  // `is` answers null when the request has no body at all; an empty one (`Content-Length: 0`) has nothing to read.
  const empty = request.headers['content-length'] === '0';
  if (!empty && request.is('application/json') === false) {
    next(new CommonException(CommonErrorCode.UnsupportedMediaType, 'The JSON API takes application/json bodies only'));
    return;
  }
  next();
}
