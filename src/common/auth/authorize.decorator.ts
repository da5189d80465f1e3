import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiCookieAuth, ApiExtension, ApiForbiddenResponse, ApiHeader, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '../errors/error-body.dto';
import type { Right } from './rights';

export const AUTHORIZE_METADATA = 'gatehouse:authorize';
export const PUBLIC_METADATA = 'gatehouse:public';

export interface AuthorizeOptions {
  /** Every one of these rights is needed; an empty list means "any signed-in caller". */
  rights?: Right[];
}

/**
 * Marks a handler as needing a signed-in caller holding `rights`, and documents that in Swagger. The global
 * guard refuses every handler that has neither this nor `@Public()`.
 */
export function Authorize(options: AuthorizeOptions = {}): MethodDecorator & ClassDecorator {
  const rights = options.rights ?? [];
  return applyDecorators(
    SetMetadata(AUTHORIZE_METADATA, { rights }),
    ApiCookieAuth('session'),
    ApiHeader({
      name: 'X-CSRF-Token',
      required: false,
      description: 'Required on unsafe methods when authenticated by the session cookie',
    }),
    ApiExtension('x-rights', rights),
    ApiUnauthorizedResponse({ description: 'Not signed in, or the credential is invalid', type: ErrorBodyDto }),
    ApiForbiddenResponse({
      description: rights.length
        ? `Needs the rights: ${rights.join(', ')} (or the CSRF token is missing)`
        : 'CSRF token missing',
      type: ErrorBodyDto,
    }),
  );
}

/** Marks a handler as open to anyone; the guard still identifies a caller when a credential is present. */
export function Public(): MethodDecorator & ClassDecorator {
  return SetMetadata(PUBLIC_METADATA, true);
}
