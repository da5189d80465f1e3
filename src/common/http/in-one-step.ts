import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Callback-style middlewares run in order as one Express step: each step of Express's router (matching its path, the
 * `next` loop) costs the main port's bare route about as much as a cheap middleware itself. An error ends the run at
 * once, passed on as Express would.
 */
export function inOneStep(...steps: RequestHandler[]): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    let index = 0;
    const proceed = (error?: unknown): void => {
      if (error !== undefined && error !== null) {
        next(error);
      } else if (index < steps.length) {
        void steps[index++](request, response, proceed);
      } else {
        next();
      }
    };
    proceed();
  };
}
