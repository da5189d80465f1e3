import { SetMetadata, type Type, UseGuards, applyDecorators } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { RateLimitedDoor } from '../../config/rate-limits';
import { RATE_LIMITED_DOOR, RateLimitGuard } from './rate-limit.guard';

export const RETRY_AFTER_HEADER = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer' } },
};

/**
 * Puts a route behind its door's per-address abuse limit (`RATE_LIMIT_*`). With `errorType`, Swagger documents the
 * 429 answer in that body shape (routes that already document a 429 of their own mention the limit there).
 */
export function RateLimit(door: RateLimitedDoor, errorType?: Type): MethodDecorator {
  const decorators = [SetMetadata(RATE_LIMITED_DOOR, door), UseGuards(RateLimitGuard)];
  if (errorType !== undefined) {
    decorators.push(
      ApiTooManyRequestsResponse({
        type: errorType,
        description: 'Too many requests from this address (a per-address abuse limit)',
        headers: RETRY_AFTER_HEADER,
      }),
    );
  }
  return applyDecorators(...decorators);
}
