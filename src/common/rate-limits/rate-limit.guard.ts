import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { RateLimitedDoor } from '../../config/rate-limits';
import type { AppRequest } from '../http/app-request';
import { DoorLimits } from './door-limits';

export const RATE_LIMITED_DOOR = Symbol('RATE_LIMITED_DOOR');

/**
 * Counts every request to a `@RateLimit(door)` route against its client address, before the handler does any work;
 * over the limit it throws `RateLimitedException`, which the route's own exception filter renders in its format.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: DoorLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const door = this.reflector.get<RateLimitedDoor | undefined>(RATE_LIMITED_DOOR, context.getHandler());
    if (door !== undefined) {
      await this.limits.admit(door, context.switchToHttp().getRequest<AppRequest>().ip);
    }
    return true;
  }
}
