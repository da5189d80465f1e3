import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { RETRY_AFTER_HEADER } from '../../common/rate-limits/rate-limit.decorator';
import type { RateLimitVariable } from '../../config/rate-limits';
import { Oauth2ErrorDto } from './oauth2-error.dto';

/** The 429 of an OAuth 2 endpoint in Swagger: its per-address abuse limit, and the client-secret brute-force lock. */
export function ApiOauth2TooManyRequests(variable: RateLimitVariable, counted: string): MethodDecorator {
  return ApiTooManyRequestsResponse({
    type: Oauth2ErrorDto,
    description:
      `temporarily_unavailable: too many ${counted} from this address (${variable}); ` +
      'invalid_client: too many failed authentications of this client from here',
    headers: RETRY_AFTER_HEADER,
  });
}
