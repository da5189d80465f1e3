import type { NextFunction, Request, Response } from 'express';
import type { AppRequest } from './app-request';
import { tooManyHeaderLines } from './input-limits';
import { InputRefusedException } from './input-refused.exception';
import type { AnswerContext, RequestEdge } from './request-edge';

const EXPRESS_ANSWER: AnswerContext<AppRequest> = {
  route: (request) => {
    const route = (request.route as { path?: unknown } | undefined)?.path;
    return typeof route === 'string' ? route : 'unmatched';
  },
  user: (request) => request.auth?.userName,
};

/**
 * The main port's first Express step: the request edge (id, headers, access log, metrics), and the header line
 * limit, whose refusal the global guard raises once the route is known, in the route's format.
 */
export function edgeMiddleware(edge: RequestEdge) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const appRequest = request as AppRequest;
    appRequest.id = edge.begin(appRequest, response, EXPRESS_ANSWER);
    if (tooManyHeaderLines(request)) {
      appRequest.inputRefusal = InputRefusedException.tooManyHeaders();
    }
    next();
  };
}
