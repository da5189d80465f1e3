import { type ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { AppRequest } from '../http/app-request';

/** The caller the guard established (`undefined` only on public routes without a credential). */
export const CurrentAuth = createParamDecorator((_: unknown, context: ExecutionContext) => {
  return context.switchToHttp().getRequest<AppRequest>().auth;
});
